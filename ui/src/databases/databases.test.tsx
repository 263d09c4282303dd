import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { DatabasesView } from "./DatabasesView";
import { DbConnectionDialog } from "./DbConnectionDialog";
import { describeProfile, qualifiedName, quoteIdent, selectTopSql } from "./dbModel";
import type { Connector, DbApi, DbProfile, KeychainStatus, TableInfo, TableMeta } from "./types";

const profile = (over: Partial<DbProfile> & Pick<DbProfile, "name" | "kind">): DbProfile => ({
  host: "db.local",
  port: 0,
  database: "",
  user: "app",
  passwordKey: `weir.db.${over.name}`,
  tls: { mode: "prefer", caFile: null },
  params: {},
  timeoutSecs: null,
  ...over,
});

const table = (schema: string, name: string, kind: TableInfo["kind"] = "table"): TableInfo => ({ schema, name, kind, comment: null });

const ordersMeta: TableMeta = {
  db: "mysql",
  schema: "shop",
  name: "orders",
  kind: "table",
  comment: "one row per order",
  columns: [
    { name: "id", nativeType: "bigint(20) unsigned", nullable: false, default: null, comment: null, ordinal: 1, autoIncrement: true },
    { name: "customer_id", nativeType: "int(11)", nullable: false, default: "0", comment: "who ordered", ordinal: 2, autoIncrement: false },
    { name: "note", nativeType: "varchar(200)", nullable: true, default: null, comment: null, ordinal: 3, autoIncrement: false },
  ],
  primaryKey: ["id"],
  indexes: [
    { name: "PRIMARY", unique: true, primary: true, columns: ["id"] },
    { name: "ix_customer", unique: false, primary: false, columns: ["customer_id", "note"] },
  ],
};

const err = (kind: string, message: string) => ({ kind, message });

/** An in-memory DbApi that records calls; `failures` rejects a call (by "method:args") until removed. */
class FakeDb implements DbApi {
  list: DbProfile[] = [
    profile({ name: "shop-db", kind: "mysql", database: "shop" }),
    profile({ name: "pg", kind: "postgres", database: "analytics", port: 6543 }),
    profile({ name: "local", kind: "sqlite", host: "", database: "/data/local.db", passwordKey: null, user: "" }),
  ];
  schemaMap: Record<string, string[]> = { "shop-db": ["shop", "audit"], pg: ["public", "sales"], local: ["main"] };
  tableMap: Record<string, TableInfo[]> = {
    "shop-db/shop": [table("shop", "customers"), table("shop", "orders"), table("shop", "order items"), table("shop", "we`ird"), table("shop", "order_totals", "view")],
    "shop-db/audit": [table("audit", "log")],
    "pg/public": [table("public", "order items"), table("public", 'say "hi"')],
    "pg/sales": [table("sales", "deals")],
    "local/main": [table("main", "notes")],
  };
  metaMap: Record<string, TableMeta> = { "shop-db/shop/orders": ordersMeta };
  failures = new Map<string, { kind: string; message: string }>();
  keychain: KeychainStatus = { available: true, message: null };
  calls: { method: string; args: unknown[] }[] = [];

  private async answer<T>(method: string, args: unknown[], value: () => T): Promise<T> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const f = this.failures.get(`${method}:${args.join("/")}`);
    if (f) throw f;
    return value();
  }
  private static found<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw err("notFound", `${what} does not exist`);
    return v;
  }
  callsOf(method: string) {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  profiles = () => this.answer("profiles", [], () => [...this.list]);
  parseJdbcUrl = (url: string) =>
    this.answer("parseJdbcUrl", [url], () => {
      const m = /^jdbc:(mysql|postgresql):\/\/([^:/]+)(?::(\d+))?\/([^?]*)(?:\?sslmode=(.*))?$/.exec(url);
      if (!m) throw err("invalid", `JDBC URL "${url}": it does not start with "jdbc:" (at character 1)`);
      return profile({
        name: m[4] ?? "",
        kind: m[1] === "mysql" ? "mysql" : "postgres",
        host: m[2] ?? "",
        port: m[3] ? Number(m[3]) : 0,
        database: m[4] ?? "",
        user: "",
        passwordKey: null,
        tls: { mode: m[5] === "require" ? "require" : "prefer", caFile: null },
        params: m[5] ? { sslmode: m[5] } : {},
      });
    });
  saveProfile = (p: DbProfile, password: string | null, sessionOnly: boolean) =>
    this.answer("saveProfile", [p, password, sessionOnly], () => {
      const saved = { ...p, passwordKey: p.passwordKey ?? (password !== null ? `weir.db.${p.name}` : null) };
      this.list = [...this.list.filter((x) => x.name !== p.name), saved];
      return saved;
    });
  deleteProfile = (name: string) =>
    this.answer("deleteProfile", [name], () => {
      this.list = this.list.filter((p) => p.name !== name);
    });
  testProfile = (p: DbProfile, password: string | null) =>
    this.answer("testProfile", [p, password], () => ({ serverVersion: "11.4.2-MariaDB", millis: 37, warnings: [] as string[] }));
  keychainStatus = () => this.answer("keychainStatus", [], () => this.keychain);
  schemas = (p: string) => this.answer("schemas", [p], () => FakeDb.found(this.schemaMap[p], p));
  tables = (p: string, s: string) => this.answer("tables", [p, s], () => FakeDb.found(this.tableMap[`${p}/${s}`], s));
  tableMeta = (p: string, s: string, t: string) =>
    this.answer("tableMeta", [p, s, t], () => FakeDb.found(this.metaMap[`${p}/${s}/${t}`], t));
  generateDdl = (p: string, s: string, t: string, c: Connector) =>
    this.answer("generateDdl", [p, s, t, c], () => `CREATE TABLE \`${t}\` (...) WITH ('connector' = '${c}');`);
  generatePipeline = (p: string, s: string, t: string) =>
    this.answer("generatePipeline", [p, s, t], () => `CREATE TABLE \`${t}_source\` (...);\nINSERT INTO \`${t}_sink\` ...;`);
  copyText = (text: string) => this.answer("copyText", [text], () => undefined);
}

function setup(fake = new FakeDb()) {
  const onOpenSql = vi.fn<(title: string, sql: string, connection: string | null) => void>();
  const onError = vi.fn<(what: string, e: unknown) => void>();
  render(<DatabasesView api={fake} onOpenSql={onOpenSql} onError={onError} />);
  return { fake, onOpenSql, onError };
}

/** The first row with this test id and data-name (names may hold quotes and backticks). */
const rowOf = (testId: string, name: string) =>
  [...document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)].find((e) => e.dataset.name === name) ?? null;
const profileRow = (name: string) => rowOf("db-profile", name);
const schemaRow = (name: string) => rowOf("db-schema", name);
const tableRow = (name: string) => rowOf("db-table", name);
const names = (testId: string) => [...document.querySelectorAll(`[data-testid="${testId}"]`)].map((e) => (e as HTMLElement).dataset.name);

async function expandTo(profileName: string, schema?: string, tableName?: string) {
  const p = await waitFor(() => {
    const r = profileRow(profileName);
    expect(r).not.toBeNull();
    return r as HTMLElement;
  });
  if (p.getAttribute("aria-expanded") !== "true") fireEvent.click(p);
  if (schema === undefined) return;
  const s = await waitFor(() => {
    const r = schemaRow(schema);
    expect(r).not.toBeNull();
    return r as HTMLElement;
  });
  if (s.getAttribute("aria-expanded") !== "true") fireEvent.click(s);
  if (tableName === undefined) return;
  const t = await waitFor(() => {
    const r = tableRow(tableName);
    expect(r).not.toBeNull();
    return r as HTMLElement;
  });
  if (t.getAttribute("aria-expanded") !== "true") fireEvent.click(t);
}

async function openTableMenu(name: string) {
  const row = await waitFor(() => {
    const r = tableRow(name);
    expect(r).not.toBeNull();
    return r as HTMLElement;
  });
  fireEvent.click(within(row).getByTestId("db-table-menu"));
  return screen.getByRole("menu");
}

describe("dbModel", () => {
  it("quotes identifiers per kind, doubling the quote character", () => {
    expect(quoteIdent("mysql", "order items")).toBe("`order items`");
    expect(quoteIdent("mysql", "we`ird")).toBe("`we``ird`");
    expect(quoteIdent("postgres", 'say "hi"')).toBe('"say ""hi"""');
    expect(quoteIdent("sqlite", "a`b")).toBe('"a`b"');
    expect(qualifiedName("sqlite", "main", "t")).toBe('"t"');
    expect(qualifiedName("sqlite", "aux", "t")).toBe('"aux"."t"');
    expect(selectTopSql("postgres", "public", "order items")).toBe('SELECT * FROM "public"."order items" LIMIT 100');
  });

  it("describes a profile by address, with the default port when none is set", () => {
    expect(describeProfile(profile({ name: "a", kind: "mysql", database: "shop" }))).toBe("db.local:3306/shop");
    expect(describeProfile(profile({ name: "b", kind: "postgres", host: "::1", port: 6543, database: "x" }))).toBe("[::1]:6543/x");
    expect(describeProfile(profile({ name: "c", kind: "sqlite", database: "/f.db" }))).toBe("/f.db");
  });
});

describe("databases view", () => {
  it("lists profiles with kind and address", async () => {
    setup();
    await waitFor(() => expect(names("db-profile")).toEqual(["shop-db", "pg", "local"]));
    expect(within(profileRow("pg")!).getByTestId("db-profile-kind").textContent).toBe("PostgreSQL");
    expect(within(profileRow("pg")!).getByTestId("db-profile-address").textContent).toBe("db.local:6543/analytics");
    expect(within(profileRow("shop-db")!).getByTestId("db-profile-address").textContent).toBe("db.local:3306/shop");
    expect(within(profileRow("local")!).getByTestId("db-profile-address").textContent).toBe("/data/local.db");
  });

  it("loads each level lazily, once, and shows columns, keys and indexes", async () => {
    const { fake } = setup();
    await waitFor(() => expect(profileRow("shop-db")).not.toBeNull());
    expect(fake.callsOf("schemas")).toEqual([]);
    await expandTo("shop-db");
    await waitFor(() => expect(names("db-schema")).toEqual(["shop", "audit"]));
    expect(fake.callsOf("tables")).toEqual([]);
    await expandTo("shop-db", "shop");
    await waitFor(() => expect(names("db-table")).toEqual(["customers", "orders", "order items", "we`ird", "order_totals"]));
    expect(tableRow("order_totals")!.dataset.kind).toBe("view");
    expect(tableRow("order_totals")!.textContent).toContain("view");
    expect(tableRow("orders")!.dataset.kind).toBe("table");
    expect(fake.callsOf("tableMeta")).toEqual([]);
    await expandTo("shop-db", "shop", "orders");
    await waitFor(() => expect(names("db-column")).toEqual(["id", "customer_id", "note"]));

    const col = (n: string) => document.querySelector(`[data-testid="db-column"][data-name="${n}"]`) as HTMLElement;
    expect(within(col("id")).getByTestId("db-column-type").textContent).toBe("bigint(20) unsigned");
    expect(within(col("id")).queryByTestId("db-pk")).not.toBeNull();
    expect(within(col("customer_id")).queryByTestId("db-pk")).toBeNull();
    expect(col("id").textContent).toContain("NOT NULL");
    expect(col("note").textContent).not.toContain("NOT NULL");
    expect(within(col("customer_id")).getByTestId("db-column-default").textContent).toBe("= 0");
    expect(col("customer_id").title).toContain("who ordered");
    expect(col("customer_id").title).toContain("DEFAULT 0");

    fireEvent.click(screen.getByTestId("db-indexes"));
    expect(names("db-index")).toEqual(["PRIMARY", "ix_customer"]);
    const ix = document.querySelector('[data-testid="db-index"][data-name="ix_customer"]') as HTMLElement;
    expect(ix.textContent).toContain("(customer_id, note)");
    expect(ix.textContent).not.toContain("unique");
    expect(document.querySelector('[data-testid="db-index"][data-name="PRIMARY"]')!.textContent).toContain("primary");

    // collapsing and expanding again asks for nothing new
    fireEvent.click(tableRow("orders")!);
    fireEvent.click(schemaRow("shop")!);
    fireEvent.click(profileRow("shop-db")!);
    expect(names("db-schema")).toEqual([]);
    await expandTo("shop-db", "shop", "orders");
    await waitFor(() => expect(names("db-column")).toEqual(["id", "customer_id", "note"]));
    expect(fake.callsOf("schemas")).toEqual([["shop-db"]]);
    expect(fake.callsOf("tables")).toEqual([["shop-db", "shop"]]);
    expect(fake.callsOf("tableMeta")).toEqual([["shop-db", "shop", "orders"]]);
    expect(fake.callsOf("profiles")).toHaveLength(1);
  });

  it("opens the only schema of a database straight away", async () => {
    const { fake } = setup();
    await expandTo("local");
    await waitFor(() => expect(names("db-table")).toEqual(["notes"]));
    expect(schemaRow("main")!.getAttribute("aria-expanded")).toBe("true");
    expect(fake.callsOf("tables")).toEqual([["local", "main"]]);
  });

  it("refresh forgets what was loaded and loads the open nodes again", async () => {
    const { fake } = setup();
    await expandTo("shop-db", "shop");
    await waitFor(() => expect(tableRow("orders")).not.toBeNull());
    fake.tableMap["shop-db/shop"] = [table("shop", "fresh")];
    fireEvent.click(screen.getByTestId("db-refresh"));
    await waitFor(() => expect(names("db-table")).toEqual(["fresh"]));
    expect(fake.callsOf("profiles")).toHaveLength(2);
    expect(fake.callsOf("schemas")).toEqual([["shop-db"], ["shop-db"]]);
    expect(fake.callsOf("tables")).toEqual([
      ["shop-db", "shop"],
      ["shop-db", "shop"],
    ]);
  });

  it("filters loaded tables and columns by name", async () => {
    setup();
    await expandTo("shop-db", "shop", "orders");
    await waitFor(() => expect(names("db-column")).toHaveLength(3));
    await expandTo("pg", "public");
    await waitFor(() => expect(tableRow('say "hi"')).not.toBeNull());

    const search = screen.getByTestId("db-search");
    fireEvent.change(search, { target: { value: "ORDER" } });
    // tables named like it, in every loaded schema; unloaded profiles and schemas are hidden
    expect(names("db-profile")).toEqual(["shop-db", "pg"]);
    expect(names("db-schema")).toEqual(["shop", "public"]);
    expect(names("db-table")).toEqual(["orders", "order items", "order_totals", "order items"]);
    expect(screen.getByTestId("db-search-summary").textContent).toContain("4 tables");

    // a column match shows its table with just the matching columns
    fireEvent.change(search, { target: { value: "customer" } });
    expect(names("db-table")).toEqual(["customers", "orders"]);
    expect(names("db-column")).toEqual(["customer_id"]);
    expect(screen.getByTestId("db-search-summary").textContent).toContain("1 table, 1 column");
    expect(document.querySelector('[data-testid="db-column"] mark')!.textContent).toBe("customer");

    fireEvent.change(search, { target: { value: "nothing-like-this" } });
    expect(names("db-profile")).toEqual([]);
    expect(screen.getByTestId("db-search-summary").textContent).toContain("Nothing loaded matches");

    fireEvent.keyDown(search, { key: "Escape" });
    expect((search as HTMLInputElement).value).toBe("");
    expect(names("db-profile")).toEqual(["shop-db", "pg", "local"]);
    expect(names("db-column")).toEqual(["id", "customer_id", "note"]);
  });

  it("shows a failing load on its node only, and retry loads it", async () => {
    const fake = new FakeDb();
    fake.failures.set("schemas:shop-db", err("connect", "connection 'shop-db': cannot connect to db.local:3306: connection refused"));
    fake.failures.set("tables:pg/sales", err("server", "connection 'pg': permission denied for schema sales"));
    setup(fake);
    await expandTo("shop-db");
    await expandTo("pg", "sales");
    await expandTo("pg", "public");
    const errors = await screen.findAllByTestId("db-node-error");
    await waitFor(() => expect(screen.getAllByTestId("db-node-error")).toHaveLength(2));
    expect(errors[0]!.textContent).toContain("cannot connect to db.local:3306");
    // the failing schema does not hide the other one's tables, nor the other profile's schemas
    await waitFor(() => expect(names("db-table")).toEqual(["order items", 'say "hi"']));
    expect(names("db-schema")).toEqual(["public", "sales"]);
    const [shopError, salesError] = screen.getAllByTestId("db-node-error");
    expect(salesError!.textContent).toContain("permission denied for schema sales");
    expect(within(shopError!).queryByTestId("db-edit-connection")).toBeNull();

    fake.failures.delete("tables:pg/sales");
    fireEvent.click(within(salesError!).getByTestId("db-retry"));
    await waitFor(() => expect(names("db-table")).toEqual(["order items", 'say "hi"', "deals"]));
    expect(screen.getAllByTestId("db-node-error")).toHaveLength(1);
    expect(fake.callsOf("tables").filter((a) => a[1] === "sales")).toHaveLength(2);

    fake.failures.delete("schemas:shop-db");
    fireEvent.click(within(screen.getByTestId("db-node-error")).getByTestId("db-retry"));
    await waitFor(() => expect(names("db-schema")).toEqual(["shop", "audit", "public", "sales"]));
    expect(screen.queryByTestId("db-node-error")).toBeNull();
  });

  it("offers to edit the connection when the password is refused", async () => {
    const fake = new FakeDb();
    fake.failures.set(
      "schemas:pg",
      err("auth", "connection 'pg': the server at db.local:6543 refused user 'app' (password authentication failed); check the user name and the password"),
    );
    setup(fake);
    await expandTo("pg");
    const line = await screen.findByTestId("db-node-error");
    fireEvent.click(within(line).getByTestId("db-edit-connection"));
    const dialog = await screen.findByTestId("db-dialog");
    expect((within(dialog).getByTestId("db-name") as HTMLInputElement).value).toBe("pg");
    expect((within(dialog).getByTestId("db-password") as HTMLInputElement).value).toBe("");
  });

  it("generates Flink DDL with the chosen connector and opens it", async () => {
    const { fake, onOpenSql } = setup();
    await expandTo("shop-db", "shop");
    const menu = await openTableMenu("orders");
    fireEvent.click(within(menu).getByTestId("db-ddl"));
    expect((screen.getByTestId("db-ddl-postgres-cdc") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId("db-ddl-mysql-cdc"));
    await waitFor(() => expect(onOpenSql).toHaveBeenCalledTimes(1));
    expect(fake.callsOf("generateDdl")).toEqual([["shop-db", "shop", "orders", "mysql-cdc"]]);
    expect(onOpenSql).toHaveBeenCalledWith("orders.sql", "CREATE TABLE `orders` (...) WITH ('connector' = 'mysql-cdc');", null);
    expect(screen.queryByRole("menu")).toBeNull();

    // right-click opens the same menu
    fireEvent.contextMenu(tableRow("customers")!);
    fireEvent.mouseEnter(screen.getByTestId("db-ddl"));
    fireEvent.click(screen.getByTestId("db-ddl-jdbc"));
    await waitFor(() => expect(onOpenSql).toHaveBeenCalledTimes(2));
    expect(fake.callsOf("generateDdl")[1]).toEqual(["shop-db", "shop", "customers", "jdbc"]);
    expect(onOpenSql.mock.calls[1]).toEqual(["customers.sql", "CREATE TABLE `customers` (...) WITH ('connector' = 'jdbc');", null]);
  });

  it("reports a DDL failure through onError", async () => {
    const fake = new FakeDb();
    fake.failures.set("generateDdl:pg/public/order items/jdbc", err("invalid", "order items has no columns"));
    const { onError, onOpenSql } = setup(fake);
    await expandTo("pg", "public");
    await openTableMenu("order items");
    fireEvent.click(screen.getByTestId("db-ddl"));
    fireEvent.click(screen.getByTestId("db-ddl-jdbc"));
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(onError.mock.calls[0]![1]).toEqual(err("invalid", "order items has no columns"));
    expect(onOpenSql).not.toHaveBeenCalled();
  });

  it("queries the first rows with identifiers quoted for the database", async () => {
    const { onOpenSql } = setup();
    await expandTo("shop-db", "shop");
    await openTableMenu("order items");
    fireEvent.click(screen.getByTestId("db-query-top"));
    expect(onOpenSql).toHaveBeenLastCalledWith(expect.any(String), "SELECT * FROM `shop`.`order items` LIMIT 100", "shop-db");
    await openTableMenu("we`ird");
    fireEvent.click(screen.getByTestId("db-query-top"));
    expect(onOpenSql).toHaveBeenLastCalledWith(expect.any(String), "SELECT * FROM `shop`.`we``ird` LIMIT 100", "shop-db");

    await expandTo("pg", "public");
    const pgRow = await waitFor(() => {
      const r = document.querySelectorAll('[data-testid="db-table"][data-name="order items"]');
      expect(r).toHaveLength(2);
      return r[1] as HTMLElement;
    });
    fireEvent.contextMenu(pgRow);
    fireEvent.click(screen.getByTestId("db-query-top"));
    expect(onOpenSql).toHaveBeenLastCalledWith(expect.any(String), 'SELECT * FROM "public"."order items" LIMIT 100', "pg");
    await openTableMenu('say "hi"');
    fireEvent.click(screen.getByTestId("db-query-top"));
    expect(onOpenSql).toHaveBeenLastCalledWith(expect.any(String), 'SELECT * FROM "public"."say ""hi""" LIMIT 100', "pg");
  });

  it("copies a table's name through Rust's clipboard", async () => {
    const { fake } = setup();
    await expandTo("shop-db", "shop");
    await openTableMenu("order items");
    fireEvent.click(screen.getByTestId("db-copy-name"));
    await waitFor(() => expect(fake.callsOf("copyText")).toEqual([["order items"]]));
  });

  it("generates a sync job for a table, not for a view", async () => {
    const { fake, onOpenSql } = setup();
    await expandTo("shop-db", "shop");
    await openTableMenu("orders");
    fireEvent.click(screen.getByTestId("db-pipeline"));
    await waitFor(() => expect(onOpenSql).toHaveBeenCalledTimes(1));
    expect(fake.callsOf("generatePipeline")).toEqual([["shop-db", "shop", "orders"]]);
    expect(onOpenSql.mock.calls[0]?.[0]).toBe("orders sync.sql");
    expect(onOpenSql.mock.calls[0]?.[1]).toContain("INSERT INTO `orders_sink`");
    await openTableMenu("order_totals");
    expect((screen.getByTestId("db-pipeline") as HTMLButtonElement).disabled).toBe(true);
  });

  it("deletes a profile after confirmation", async () => {
    const { fake } = setup();
    await waitFor(() => expect(profileRow("pg")).not.toBeNull());
    fireEvent.click(within(profileRow("pg")!).getByTestId("db-profile-menu"));
    fireEvent.click(screen.getByTestId("db-profile-delete"));
    fireEvent.click(screen.getByTestId("db-confirm-cancel"));
    expect(fake.callsOf("deleteProfile")).toEqual([]);
    fireEvent.contextMenu(profileRow("pg")!);
    fireEvent.click(screen.getByTestId("db-profile-delete"));
    fireEvent.click(screen.getByTestId("db-confirm-ok"));
    await waitFor(() => expect(names("db-profile")).toEqual(["shop-db", "local"]));
    expect(fake.callsOf("deleteProfile")).toEqual([["pg"]]);
  });

  it("moves through the tree with the keyboard", async () => {
    const { fake } = setup();
    await waitFor(() => expect(profileRow("shop-db")).not.toBeNull());
    const tree = screen.getByTestId("db-tree");
    act(() => tree.focus());
    expect(profileRow("shop-db")!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(schemaRow("shop")).not.toBeNull());
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    expect(schemaRow("shop")!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "Enter" });
    await waitFor(() => expect(tableRow("orders")).not.toBeNull());
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    expect(tableRow("orders")!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(schemaRow("shop")!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(tableRow("orders")).toBeNull();
    fireEvent.keyDown(tree, { key: "End" });
    expect(profileRow("local")!.getAttribute("aria-selected")).toBe("true");
    expect(fake.callsOf("tables")).toEqual([["shop-db", "shop"]]);
  });
});

function renderDialog(fake: FakeDb, p: DbProfile | null, existingNames: string[] = []) {
  const onSaved = vi.fn<(p: DbProfile) => void>();
  const onClose = vi.fn<() => void>();
  render(<DbConnectionDialog api={fake} profile={p} existingNames={existingNames} onSaved={onSaved} onClose={onClose} />);
  const dialog = screen.getByTestId("db-dialog");
  const field = (id: string) => within(dialog).getByTestId(id) as HTMLInputElement;
  return { onSaved, onClose, dialog, field };
}

describe("connection dialog", () => {
  it("fills the fields from a pasted JDBC URL", async () => {
    const fake = new FakeDb();
    const { field } = renderDialog(fake, null);
    fireEvent.change(field("db-url"), { target: { value: "jdbc:postgresql://pg.internal:5433/warehouse?sslmode=require" } });
    fireEvent.click(field("db-url-apply"));
    await waitFor(() => expect(field("db-host").value).toBe("pg.internal"));
    expect(field("db-kind").value).toBe("postgres");
    expect(field("db-port").value).toBe("5433");
    expect(field("db-database").value).toBe("warehouse");
    expect(field("db-name").value).toBe("warehouse");
    expect(field("db-tls").value).toBe("require");
    expect(fake.callsOf("parseJdbcUrl")).toEqual([["jdbc:postgresql://pg.internal:5433/warehouse?sslmode=require"]]);

    // a name already typed is kept; the port placeholder follows the kind
    fireEvent.change(field("db-name"), { target: { value: "dwh" } });
    fireEvent.change(field("db-url"), { target: { value: "jdbc:mysql://my:3307/shop" } });
    fireEvent.keyDown(field("db-url"), { key: "Enter" });
    await waitFor(() => expect(field("db-kind").value).toBe("mysql"));
    expect(field("db-name").value).toBe("dwh");
    fireEvent.change(field("db-port"), { target: { value: "" } });
    expect(field("db-port").placeholder).toBe("3306");
    fireEvent.change(field("db-kind"), { target: { value: "postgres" } });
    expect(field("db-port").placeholder).toBe("5432");
  });

  it("shows the parser's message when the URL is not understood", async () => {
    const fake = new FakeDb();
    const { field, dialog } = renderDialog(fake, null);
    fireEvent.change(field("db-url"), { target: { value: "mysql://h/db" } });
    fireEvent.click(field("db-url-apply"));
    const msg = await within(dialog).findByTestId("db-url-error");
    expect(msg.textContent).toBe('JDBC URL "mysql://h/db": it does not start with "jdbc:" (at character 1)');
    expect(field("db-host").value).toBe("");
  });

  it("validates the fields, naming the one that is wrong", async () => {
    const fake = new FakeDb();
    const { field, dialog } = renderDialog(fake, null, ["taken"]);
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").dataset.field).toBe("name");
    expect(within(dialog).getByTestId("db-field-error").textContent).toMatch(/^Name:/);
    fireEvent.change(field("db-name"), { target: { value: "taken" } });
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").textContent).toContain("already exists");
    fireEvent.change(field("db-name"), { target: { value: "new" } });
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").dataset.field).toBe("host");
    expect(within(dialog).getByTestId("db-field-error").textContent).toMatch(/^Host:/);
    fireEvent.change(field("db-host"), { target: { value: "h" } });
    fireEvent.change(field("db-port"), { target: { value: "70000" } });
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").textContent).toMatch(/^Port:/);
    fireEvent.change(field("db-kind"), { target: { value: "sqlite" } });
    expect(within(dialog).queryByTestId("db-host")).toBeNull();
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").textContent).toMatch(/^Database file:/);
    expect(fake.callsOf("saveProfile")).toEqual([]);
  });

  it("saves a new profile with its password for the keychain", async () => {
    const fake = new FakeDb();
    const { field, onSaved } = renderDialog(fake, null);
    await waitFor(() => expect(fake.callsOf("keychainStatus")).toHaveLength(1));
    fireEvent.change(field("db-name"), { target: { value: "orders" } });
    fireEvent.change(field("db-host"), { target: { value: "10.0.0.5" } });
    fireEvent.change(field("db-database"), { target: { value: "shop" } });
    fireEvent.change(field("db-user"), { target: { value: "flink" } });
    fireEvent.change(field("db-password"), { target: { value: "s3cret" } });
    expect(field("db-password").type).toBe("password");
    fireEvent.click(field("db-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [p, password, sessionOnly] = fake.callsOf("saveProfile")[0] as [DbProfile, string | null, boolean];
    expect(p).toEqual({
      name: "orders",
      kind: "mysql",
      host: "10.0.0.5",
      port: 0,
      database: "shop",
      user: "flink",
      passwordKey: null,
      tls: { mode: "verify-if-offered", caFile: null },
      params: {},
      timeoutSecs: null,
    });
    expect(password).toBe("s3cret");
    expect(sessionOnly).toBe(false);
    expect(screen.queryByTestId("db-keychain-warning")).toBeNull();
  });

  it("needs the session-only box ticked to save a password when there is no keychain", async () => {
    const fake = new FakeDb();
    fake.keychain = { available: false, message: null };
    const { field, dialog, onSaved } = renderDialog(fake, null);
    const warning = await within(dialog).findByTestId("db-keychain-warning");
    expect(warning.textContent).toContain("No Secret Service is running: the password cannot be stored in the OS keychain");
    expect(dialog.textContent).not.toMatch(/plain text/i);
    fireEvent.change(field("db-name"), { target: { value: "orders" } });
    fireEvent.change(field("db-host"), { target: { value: "h" } });
    fireEvent.change(field("db-password"), { target: { value: "pw" } });
    fireEvent.click(field("db-save"));
    expect(within(dialog).getByTestId("db-field-error").dataset.field).toBe("password");
    expect(fake.callsOf("saveProfile")).toEqual([]);
    fireEvent.click(field("db-session-only"));
    fireEvent.click(field("db-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(fake.callsOf("saveProfile")[0]!.slice(1)).toEqual(["pw", true]);
  });

  it("shows the keychain's own message when it gives one", async () => {
    const fake = new FakeDb();
    fake.keychain = { available: false, message: "the OS keychain is not available (no bus)" };
    const { dialog } = renderDialog(fake, null);
    expect((await within(dialog).findByTestId("db-keychain-warning")).textContent).toContain("no bus");
  });

  it("never sends the stored password back when it is left empty on edit", async () => {
    const fake = new FakeDb();
    const pg = fake.list[1]!;
    const { field, onSaved } = renderDialog(fake, pg);
    expect(field("db-password").value).toBe("");
    expect(field("db-name").disabled).toBe(true);
    expect(field("db-port").value).toBe("6543");
    fireEvent.change(field("db-user"), { target: { value: "analyst" } });
    fireEvent.click(field("db-test"));
    await screen.findByTestId("db-test-result");
    fireEvent.click(field("db-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const [p, password, sessionOnly] = fake.callsOf("saveProfile")[0] as [DbProfile, string | null, boolean];
    expect(password).toBeNull();
    expect(sessionOnly).toBe(false);
    expect(p).toEqual({ ...pg, user: "analyst" });
    expect(fake.callsOf("testProfile")[0]![1]).toBeNull();
  });

  it("shows the test result, or the error", async () => {
    const fake = new FakeDb();
    const { field, dialog } = renderDialog(fake, fake.list[0]!);
    fireEvent.change(field("db-password"), { target: { value: "typed" } });
    fireEvent.click(field("db-test"));
    await waitFor(() => expect(within(dialog).getByTestId("db-test-result").dataset.status).toBe("ok"));
    expect(within(dialog).getByTestId("db-test-result").textContent).toBe("Connected: 11.4.2-MariaDB · 37 ms");
    expect(fake.callsOf("testProfile")[0]![1]).toBe("typed");

    fake.testProfile = (p: DbProfile) => Promise.reject(err("auth", `connection '${p.name}': the server refused user 'app'`));
    fireEvent.click(field("db-test"));
    await waitFor(() => expect(within(dialog).getByTestId("db-test-result").dataset.status).toBe("failed"));
    expect(within(dialog).getByTestId("db-test-result").textContent).toBe("connection 'shop-db': the server refused user 'app'");
  });

  it("shows a plaintext connection's warning with the test result", async () => {
    const fake = new FakeDb();
    const warning = "connection 'shop-db': the server at db:3306 offers no TLS, so data travels unencrypted";
    fake.testProfile = () => Promise.resolve({ serverVersion: "11.4.2-MariaDB", millis: 37, warnings: [warning] });
    const { field, dialog } = renderDialog(fake, fake.list[0]!);
    fireEvent.click(field("db-test"));
    const shown = await within(dialog).findByTestId("db-test-warning");
    expect(shown.textContent).toContain(warning);
    expect(within(dialog).getByTestId("db-test-result").dataset.status).toBe("ok");
  });

  it("cancel and Escape close without saving", () => {
    const fake = new FakeDb();
    const { field, dialog, onClose } = renderDialog(fake, null);
    fireEvent.click(field("db-cancel"));
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(fake.callsOf("saveProfile")).toEqual([]);
  });
});
