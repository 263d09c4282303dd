// The workspace tree's state and operations: create, rename, move, delete (with undo).
import type { Tree } from "../ipc/bindings";
import { toIpcError, type Api } from "../ipc/api";
import { Store } from "../app/store";
import type { Notifier } from "../app/notify";
import type { Tabs } from "../editor/tabs";
import { buildModel, isInside, scriptsInside, type ItemRef, type TreeModel } from "./treeModel";

/** The name a new script gets (Rust adds " (2)" on a clash). */
export const NEW_SCRIPT_NAME = "script.sql";
export const NEW_FOLDER_NAME = "folder";

export class Workspace {
  readonly model = new Store<TreeModel>(buildModel({ folders: [], scripts: [] }));
  /** Expanded folders, remembered for the session. */
  readonly expanded = new Store<ReadonlySet<number>>(new Set());
  readonly selected = new Store<ItemRef | null>(null);
  /** The item being renamed inline. */
  readonly renaming = new Store<ItemRef | null>(null);

  constructor(
    private api: Api,
    private tabs: Tabs,
    private notify: Notifier,
  ) {}

  setTree(tree: Tree): void {
    this.model.set(buildModel(tree));
  }

  /** Loads the tree from Rust. */
  async reload(): Promise<void> {
    try {
      this.setTree(await this.api.tree());
    } catch (e) {
      this.notify.error("Could not read the workspace", e);
    }
  }

  toggle(folderId: number, open?: boolean): void {
    this.expanded.set((s) => {
      const isOpen = s.has(folderId);
      const want = open ?? !isOpen;
      if (want === isOpen) return s;
      const next = new Set(s);
      if (want) next.add(folderId);
      else next.delete(folderId);
      return next;
    });
  }

  /** Makes every folder above an item visible. */
  reveal(item: ItemRef): void {
    const m = this.model.get();
    let id = item.kind === "folder" ? (m.folders.get(item.id)?.parentId ?? null) : (m.scripts.get(item.id)?.folderId ?? null);
    const seen = new Set<number>();
    while (id !== null && !seen.has(id)) {
      seen.add(id);
      this.toggle(id, true);
      id = m.folders.get(id)?.parentId ?? null;
    }
  }

  /** The folder new items go into: the selected folder, or the selected script's folder. */
  targetFolder(): number | null {
    const sel = this.selected.get();
    const m = this.model.get();
    if (!sel) return null;
    if (sel.kind === "folder") return m.folders.has(sel.id) ? sel.id : null;
    return m.scripts.get(sel.id)?.folderId ?? null;
  }

  /** Creates "script.sql" in the target folder, opens it and focuses the editor. */
  async newScript(): Promise<void> {
    const folderId = this.targetFolder();
    try {
      const meta = await this.notify.track("Creating script", this.api.createScript(folderId, NEW_SCRIPT_NAME, ""));
      await this.reload();
      if (folderId !== null) this.toggle(folderId, true);
      this.selected.set({ kind: "script", id: meta.id });
      await this.tabs.open(meta.id, { focus: true });
    } catch (e) {
      this.notify.error("Could not create a script", e);
    }
  }

  /** Creates a script named `name` (made unique) holding `text` in the target folder and opens
   *  it; returns its id, or null when it could not be created. */
  async newScriptWith(name: string, text: string): Promise<number | null> {
    const folderId = this.targetFolder();
    try {
      const meta = await this.notify.track("Creating script", this.api.createScript(folderId, name, text));
      await this.reload();
      if (folderId !== null) this.toggle(folderId, true);
      this.selected.set({ kind: "script", id: meta.id });
      await this.tabs.open(meta.id, { focus: true });
      return meta.id;
    } catch (e) {
      this.notify.error("Could not create a script", e);
      return null;
    }
  }

  /** Creates a folder in the target folder and starts renaming it. */
  async newFolder(): Promise<void> {
    const parentId = this.targetFolder();
    try {
      const folder = await this.api.createFolder(parentId, NEW_FOLDER_NAME);
      await this.reload();
      if (parentId !== null) this.toggle(parentId, true);
      const item: ItemRef = { kind: "folder", id: folder.id };
      this.selected.set(item);
      this.renaming.set(item);
    } catch (e) {
      this.notify.error("Could not create a folder", e);
    }
  }

  /** Renames an item; resolves to an error message to show inline, or null on success. */
  async rename(item: ItemRef, name: string): Promise<string | null> {
    const trimmed = name.trim();
    if (trimmed === "") return "A name cannot be empty";
    if (/[/\\]/.test(trimmed)) return "A name cannot contain / or \\";
    const m = this.model.get();
    const current = item.kind === "folder" ? m.folders.get(item.id)?.name : m.scripts.get(item.id)?.name;
    if (current === trimmed) {
      this.renaming.set(null);
      return null;
    }
    try {
      if (item.kind === "folder") await this.api.renameFolder(item.id, trimmed);
      else await this.api.renameScript(item.id, trimmed);
    } catch (e) {
      return toIpcError(e).message;
    }
    this.renaming.set(null);
    await this.reload();
    return null;
  }

  /** Whether `item` may be dropped into `folderId` (null: the top level). */
  canMove(item: ItemRef, folderId: number | null): boolean {
    const m = this.model.get();
    if (item.kind === "script") {
      const s = m.scripts.get(item.id);
      return s !== undefined && s.folderId !== folderId;
    }
    const f = m.folders.get(item.id);
    if (!f || f.parentId === folderId) return false;
    return !isInside(m, folderId, item.id);
  }

  /** Moves an item into a folder (null: the top level). */
  async move(item: ItemRef, folderId: number | null): Promise<void> {
    if (!this.canMove(item, folderId)) return;
    try {
      if (item.kind === "folder") await this.api.moveFolder(item.id, folderId);
      else await this.api.moveScript(item.id, folderId);
      if (folderId !== null) this.toggle(folderId, true);
    } catch (e) {
      this.notify.error("Could not move", e);
    }
    await this.reload();
  }

  /** Deletes an item (to the trash), closing its tabs, and offers to undo. */
  async delete(item: ItemRef): Promise<void> {
    const m = this.model.get();
    const name = item.kind === "folder" ? m.folders.get(item.id)?.name : m.scripts.get(item.id)?.name;
    if (name === undefined) return;
    const scripts = item.kind === "folder" ? scriptsInside(m, item.id) : [item.id];
    try {
      const token =
        item.kind === "folder" ? await this.api.deleteFolder(item.id) : await this.api.deleteScript(item.id);
      await this.tabs.discard(scripts);
      this.selected.set(null);
      await this.reload();
      const what = item.kind === "folder" ? "folder" : "script";
      this.notify.show("info", `Deleted ${what} '${name}'`, {
        label: "Undo",
        testId: "undo",
        run: () => {
          void this.api
            .restore(token)
            .then((tree) => {
              this.setTree(tree);
              this.selected.set(item);
            })
            .catch((e) => this.notify.error(`Could not restore '${name}'`, e));
        },
      });
    } catch (e) {
      this.notify.error(`Could not delete '${name}'`, e);
    }
  }
}
