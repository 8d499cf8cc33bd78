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

/**
 * Texts whose answer is kept. Rules ask about every sentence in turn, so a document's sentences
 * are all asked again by the next rule: the cache holds a long document's sentences too (as the
 * few ids each contains, a few dozen bytes per sentence), and is emptied only when full.
 */
const CACHE_SIZE = 1 << 18;
const NONE = new Uint16Array(0);

export class LiteralIndex {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private automaton: Automaton | undefined;
  /** Per text: the ids of the words it contains, in the order found. */
  private readonly cache = new Map<string, Uint16Array | Uint32Array>();
  /** The answer for `denseText`, one byte per word; reused from call to call. */
  private dense = new Uint8Array(0);
  private denseIds: Uint16Array | Uint32Array = NONE;
  private denseText: string | undefined;
  /** Scratch for `scan`: 1 for the ids found so far in the text being read, all 0 between calls. */
  private seen = new Uint8Array(0);

  /** The id of a lower-case word, registering it if new. */
  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
      this.automaton = undefined;
      this.cache.clear();
      this.denseText = undefined;
    }
    return id;
  }

  /**
   * For each registered word (by id), 1 if the lower-cased text contains it. The array is valid
   * until the next call: read it at once.
   */
  present(text: string): Uint8Array {
    if (text === this.denseText) return this.dense;
    let ids = this.cache.get(text);
    if (!ids) {
      ids = this.scan(text);
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(text, ids);
    }
    if (this.dense.length !== this.words.length) this.dense = new Uint8Array(this.words.length);
    else for (const id of this.denseIds) this.dense[id] = 0;
    for (const id of ids) this.dense[id] = 1;
    this.denseIds = ids;
    this.denseText = text;
    return this.dense;
  }

  /** The ids of the registered words the lower-cased text contains, each once. */
  private scan(text: string): Uint16Array | Uint32Array {
    const a = (this.automaton ??= build(this.words));
    if (this.seen.length !== this.words.length) this.seen = new Uint8Array(this.words.length);
    const seen = this.seen;
    const lower = text.toLowerCase();
    let found: number[] | undefined;
    let s = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      let t = a.next[s]!.get(c);
      while (t === undefined && s !== 0) {
        s = a.fail[s]!;
        t = a.next[s]!.get(c);
      }
      s = t ?? 0;
      const out = a.out[s]!;
      if (out.length > 0) {
        found ??= [];
        for (const id of out) {
          if (seen[id] === 0) {
            seen[id] = 1;
            found.push(id);
          }
        }
      }
    }
    if (!found) return NONE;
    for (const id of found) seen[id] = 0;
    return this.words.length <= 0xffff ? Uint16Array.from(found) : Uint32Array.from(found);
  }
}
