// Grouping of search hits by script, in the order Rust returned them.
import type { SearchHit } from "../ipc/bindings";

export interface HitGroup {
  scriptId: number;
  path: string;
  hits: SearchHit[];
}

export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<number, HitGroup>();
  for (const h of hits) {
    let g = groups.get(h.scriptId);
    if (!g) {
      g = { scriptId: h.scriptId, path: h.path, hits: [] };
      groups.set(h.scriptId, g);
    }
    g.hits.push(h);
  }
  return [...groups.values()];
}

/** Delay between the last keystroke and the search, ms. */
export const SEARCH_DEBOUNCE_MS = 200;
