// Derived views of the workspace tree: children in display order, paths, ancestry.
import type { Folder, ScriptMeta, Tree } from "../ipc/bindings";

/** A tree item: a folder or a script. */
export type ItemRef = { kind: "folder"; id: number } | { kind: "script"; id: number };

export interface TreeModel {
  folders: Map<number, Folder>;
  scripts: Map<number, ScriptMeta>;
  childFolders: Map<number | null, Folder[]>;
  childScripts: Map<number | null, ScriptMeta[]>;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
export const byName = (a: { name: string }, b: { name: string }) =>
  collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function buildModel(tree: Tree): TreeModel {
  const folders = new Map(tree.folders.map((f) => [f.id, f]));
  const scripts = new Map(tree.scripts.map((s) => [s.id, s]));
  const childFolders = new Map<number | null, Folder[]>();
  const childScripts = new Map<number | null, ScriptMeta[]>();
  for (const f of tree.folders) {
    // A folder whose parent is unknown is shown at the top level rather than lost.
    const parent = f.parentId !== null && folders.has(f.parentId) ? f.parentId : null;
    const list = childFolders.get(parent) ?? [];
    list.push(f);
    childFolders.set(parent, list);
  }
  for (const s of tree.scripts) {
    const parent = s.folderId !== null && folders.has(s.folderId) ? s.folderId : null;
    const list = childScripts.get(parent) ?? [];
    list.push(s);
    childScripts.set(parent, list);
  }
  for (const l of childFolders.values()) l.sort(byName);
  for (const l of childScripts.values()) l.sort(byName);
  return { folders, scripts, childFolders, childScripts };
}

/** Folder names from the top down to `folderId` (empty for the top level). */
export function folderPath(model: TreeModel, folderId: number | null): string[] {
  const names: string[] = [];
  const seen = new Set<number>();
  let id = folderId;
  while (id !== null && !seen.has(id)) {
    seen.add(id);
    const f = model.folders.get(id);
    if (!f) break;
    names.unshift(f.name);
    id = f.parentId;
  }
  return names;
}

/** "folder/sub/name.sql" for a script. */
export function scriptPath(model: TreeModel, id: number): string {
  const s = model.scripts.get(id);
  if (!s) return "";
  return [...folderPath(model, s.folderId), s.name].join("/");
}

/** Whether `folderId` is `ancestorId` or lies inside it. */
export function isInside(model: TreeModel, folderId: number | null, ancestorId: number): boolean {
  const seen = new Set<number>();
  let id = folderId;
  while (id !== null && !seen.has(id)) {
    if (id === ancestorId) return true;
    seen.add(id);
    id = model.folders.get(id)?.parentId ?? null;
  }
  return false;
}

/** Every script inside a folder, at any depth. */
export function scriptsInside(model: TreeModel, folderId: number): number[] {
  const out: number[] = [];
  for (const s of model.scripts.values()) {
    if (s.folderId !== null && isInside(model, s.folderId, folderId)) out.push(s.id);
  }
  return out;
}

/** The items shown, top to bottom, given the expanded folders. */
export function visibleItems(model: TreeModel, expanded: ReadonlySet<number>): ItemRef[] {
  const out: ItemRef[] = [];
  const walk = (parent: number | null) => {
    for (const f of model.childFolders.get(parent) ?? []) {
      out.push({ kind: "folder", id: f.id });
      if (expanded.has(f.id)) walk(f.id);
    }
    for (const s of model.childScripts.get(parent) ?? []) out.push({ kind: "script", id: s.id });
  };
  walk(null);
  return out;
}

export const sameItem = (a: ItemRef | null, b: ItemRef | null) =>
  a !== null && b !== null && a.kind === b.kind && a.id === b.id;
