/** "Did you mean …?" for a misspelt rule id, vendor name or option. */

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/** The nearest candidates within a third of the word's length (at most three), nearest first. */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.floor(word.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/**
 * " (did you mean "a" or "b"?)", or "" when nothing is near. `shown` maps a candidate to
 * what is offered (an alias to its service's name).
 */
export function didYouMean(word: string, candidates: readonly string[], quote = (s: string) => `"${s}"`, shown = (s: string) => s): string {
  const near = [...new Set(closest(word, [...new Set(candidates)], 10).map(shown))].slice(0, 3);
  if (near.length === 0) return '';
  return ` (did you mean ${near.map(quote).join(' or ')}?)`;
}
