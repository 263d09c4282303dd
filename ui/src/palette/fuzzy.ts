// Fuzzy matching of script paths for quick open: the query's characters must appear in order;
// matches at word starts, in the file name and in runs score higher.

export interface FuzzyMatch {
  score: number;
  /** Indices (UTF-16) of the matched characters in the target. */
  positions: number[];
}

const isBoundary = (text: string, i: number) => {
  if (i === 0) return true;
  const prev = text[i - 1] ?? "";
  const cur = text[i] ?? "";
  return "/\\ _-.".includes(prev) || (prev === prev.toLowerCase() && cur !== cur.toLowerCase());
};

/** Scores `target` against `query` (case-insensitive), or null when it does not match. */
export function fuzzyMatch(query: string, target: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, "").toLowerCase();
  if (q.length === 0) return { score: 0, positions: [] };
  const t = target.toLowerCase();
  const nameStart = target.lastIndexOf("/") + 1;

  // Greedy from the right end of the name is not optimal; a small DP keeps the best score per
  // (query index, target index) — paths are short, so O(q·t) is fine.
  const n = t.length;
  const m = q.length;
  const NEG = -1e9;
  // best[j][i]: best score matching q[0..j] with q[j] at t[i]
  const best: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let j = 0; j < m; j++) {
    const row = new Float64Array(n).fill(NEG);
    const back = new Int32Array(n).fill(-1);
    const qc = q[j];
    let runBest = NEG;
    let runIdx = -1;
    for (let i = 0; i < n; i++) {
      // best previous match strictly before i
      if (j > 0 && i > 0) {
        const prev = best[j - 1]![i - 1]!;
        if (prev > runBest) {
          runBest = prev;
          runIdx = i - 1;
        }
      }
      if (t[i] !== qc) continue;
      let bonus = 1;
      if (isBoundary(target, i)) bonus += 8;
      if (i >= nameStart) bonus += 2;
      if (j === 0) {
        row[i] = bonus - i * 0.01;
        continue;
      }
      const adjacent = best[j - 1]![i - 1] ?? NEG;
      const viaAdjacent = adjacent > NEG / 2 ? adjacent + bonus + 8 : NEG;
      const viaGap = runBest > NEG / 2 ? runBest + bonus - 1 - Math.min(2, (i - runIdx - 1) * 0.05) : NEG;
      if (viaAdjacent >= viaGap && viaAdjacent > NEG / 2) {
        row[i] = viaAdjacent;
        back[i] = i - 1;
      } else if (viaGap > NEG / 2) {
        row[i] = viaGap;
        back[i] = runIdx;
      }
    }
    best.push(row);
    from.push(back);
  }
  const last = best[m - 1]!;
  let end = -1;
  let score = NEG;
  for (let i = 0; i < n; i++) {
    if (last[i]! > score) {
      score = last[i]!;
      end = i;
    }
  }
  if (end < 0 || score <= NEG / 2) return null;
  const positions: number[] = [];
  for (let j = m - 1, i = end; j >= 0 && i >= 0; j--) {
    positions.unshift(i);
    i = from[j]![i]!;
  }
  // Shorter paths win ties.
  return { score: score - target.length * 0.001, positions };
}

/** Items matching `query`, best first. */
export function fuzzyFilter<T>(
  query: string,
  items: readonly T[],
  key: (item: T) => string,
): { item: T; match: FuzzyMatch }[] {
  const out: { item: T; match: FuzzyMatch }[] = [];
  for (const item of items) {
    const match = fuzzyMatch(query, key(item));
    if (match) out.push({ item, match });
  }
  out.sort((a, b) => b.match.score - a.match.score || key(a.item).localeCompare(key(b.item)));
  return out;
}
