/**
 * Which gate words (see gate.ts) a text contains, found in one pass. Each of
 * the hundred-odd pattern lists has a gate of a few words; asking
 * `text.includes(word)` list by list read every sentence a hundred times. An
 * Aho–Corasick automaton over all gate words reads it once, and the answer is
 * kept for the texts seen last (the document hands out each sentence as the
 * same string), so every later list asks only a table.
 */

interface Automaton {
  /** Per state: character code -> next state. */
  next: Array<Map<number, number>>;
  fail: Int32Array;
  /** Per state: the ids of the words that end there, including through fail links. */
  out: number[][];
}

function build(words: readonly string[]): Automaton {
  const next: Array<Map<number, number>> = [new Map()];
  const ends: number[][] = [[]];
  words.forEach((word, id) => {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let t = next[s]!.get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        ends.push([]);
        next[s]!.set(c, t);
      }
      s = t;
    }
    ends[s]!.push(id);
  });
  const fail = new Int32Array(next.length);
  const out: number[][] = ends.map((e) => [...e]);
  const queue: number[] = [...next[0]!.values()];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    for (const [c, t] of next[s]!) {
      let f = fail[s]!;
      while (f !== 0 && !next[f]!.has(c)) f = fail[f]!;
      const g = next[f]!.get(c);
      fail[t] = g !== undefined && g !== t ? g : 0;
      out[t]!.push(...out[fail[t]!]!);
      queue.push(t);
    }
  }
  return { next, fail, out };
}

/** Texts whose answer is kept; the cache is emptied when full (a document has a few hundred sentences). */
const CACHE_SIZE = 4096;

export class LiteralIndex {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private automaton: Automaton | undefined;
  private readonly cache = new Map<string, Uint8Array>();

  /** The id of a lower-case word, registering it if new. */
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
      this.automaton = undefined;
      this.cache.clear();
    }
    return id;
  }

  /** For each registered word (by id), 1 if the lower-cased text contains it. */
  present(text: string): Uint8Array {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const a = (this.automaton ??= build(this.words));
    const found = new Uint8Array(this.words.length);
    const lower = text.toLowerCase();
    let s = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      let t = a.next[s]!.get(c);
      while (t === undefined && s !== 0) {
        s = a.fail[s]!;
        t = a.next[s]!.get(c);
      }
      s = t ?? 0;
      for (const id of a.out[s]!) found[id] = 1;
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(text, found);
    return found;
  }
}
