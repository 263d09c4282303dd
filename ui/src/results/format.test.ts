import { describe, expect, it } from "vitest";
import { cellText, nextSort, parseFilter } from "./format";

describe("result formatting", () => {
  it("shows cells as text, NULL empty, nested as JSON", () => {
    expect(cellText({ t: "null" })).toBe("");
    expect(cellText({ t: "bool", v: false })).toBe("false");
    expect(cellText({ t: "float", v: "NaN" })).toBe("NaN");
    expect(cellText({ t: "nested", v: { a: [1, 2] } })).toBe('{"a":[1,2]}');
  });

  it("parses the filter mini-language", () => {
    expect(parseFilter("", 0)).toBeNull();
    expect(parseFilter("  abc ", 1)).toEqual({ column: 1, op: "contains", value: "abc" });
    expect(parseFilter(">= 5", 0)).toEqual({ column: 0, op: "ge", value: "5" });
    expect(parseFilter("!=x", 0)).toEqual({ column: 0, op: "notEquals", value: "x" });
    expect(parseFilter("<>x", 0)?.op).toBe("notEquals");
    expect(parseFilter("NULL", 2)).toEqual({ column: 2, op: "isNull", value: "" });
    expect(parseFilter("!null", 2)?.op).toBe("isNotNull");
  });

  it("cycles sorts", () => {
    let s = nextSort([], 1, false);
    expect(s).toEqual([{ column: 1, descending: false }]);
    s = nextSort(s, 1, false);
    expect(s).toEqual([{ column: 1, descending: true }]);
    expect(nextSort(s, 1, false)).toEqual([]);
    s = nextSort(s, 0, true);
    expect(s).toEqual([
      { column: 1, descending: true },
      { column: 0, descending: false },
    ]);
    expect(nextSort(s, 2, false)).toEqual([{ column: 2, descending: false }]);
    expect(nextSort(nextSort(s, 0, true), 0, true)).toEqual([{ column: 1, descending: true }]);
  });
});
