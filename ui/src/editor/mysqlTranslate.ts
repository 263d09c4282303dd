// A MySQL CREATE TABLE turned into Flink DDL in the editor: offered in a toast right after such a
// statement is pasted, and from the editor's menu for the selection or the statement at the
// cursor. Rust parses and generates (reading from the tab's MySQL connection when it runs on
// one); the editor applies the result as one undoable edit.
import type { Connector } from "../ipc/bindings";
import type { Api } from "../ipc/api";
import type { Notifier } from "../app/notify";
import type { Editors } from "./editors";

/** How long a paste may be and still be looked at (a schema dump is not one statement). */
const MAX_PASTE = 200_000;

export class MysqlTranslate {
  constructor(
    private api: Pick<Api, "pastedMysqlTable" | "translateMysql">,
    private editors: Editors,
    private connectionOf: (id: number) => string | null,
    private notify: Notifier,
  ) {}

  /** After a paste into script `id` at `from`: a MySQL CREATE TABLE gets an offer. */
  async onPaste(id: number, from: number, text: string): Promise<void> {
    if (text.length > MAX_PASTE || !/\bcreate\s+table\b/i.test(text)) return;
    let name: string | null;
    try {
      name = await this.api.pastedMysqlTable(text);
    } catch {
      return; // only an offer: nothing is lost by not making it
    }
    if (!name) return;
    this.notify.show("info", `Pasted a MySQL CREATE TABLE (${name})`, {
      label: "Translate to Flink DDL",
      testId: "translate-pasted",
      run: () => void this.translatePasted(id, from, text),
    });
  }

  private async translatePasted(id: number, from: number, text: string): Promise<void> {
    const doc = this.editors.textOf(id) ?? "";
    let at = doc.slice(from, from + text.length) === text ? from : -1;
    if (at < 0) {
      // Edits before it moved it: the occurrence nearest to where it was pasted.
      for (let i = doc.indexOf(text); i >= 0; i = doc.indexOf(text, i + 1)) {
        if (at < 0 || Math.abs(i - from) < Math.abs(at - from)) at = i;
      }
    }
    if (at < 0) {
      this.notify.show(
        "error",
        "The pasted statement was changed since: select it and choose “Translate MySQL CREATE TABLE” in the editor's menu",
      );
      return;
    }
    await this.translate(id, "jdbc", { from: at, to: at + text.length });
  }

  /** Translates [from, to) of script `id` (or, for an empty range, the statement there). */
  async translate(id: number, connector: Connector, range: { from: number; to: number }): Promise<void> {
    if (this.editors.active !== id) {
      this.notify.show("error", "Show the script first: the translation replaces text in the active tab");
      return;
    }
    const before = this.editors.textOf(id);
    try {
      const edit = await this.editors.sync.run(id, () =>
        this.api.translateMysql(id, range.from, range.to, connector, this.connectionOf(id)),
      );
      if (this.editors.textOf(id) !== before) {
        this.notify.show("error", "The script changed while it was being translated: try again");
        return;
      }
      this.editors.replaceRange(id, edit.from, edit.to, edit.text, "input.translate");
    } catch (e) {
      this.notify.error("Could not translate the MySQL CREATE TABLE", e);
    }
  }
}
