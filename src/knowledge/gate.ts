/**
 * Gates for pattern lists: literal words one of which must occur in a text
 * for any pattern of the list to match. Checking `includes` first spares the
 * regular expressions most sentences (a sentence without "einwillig",
 * "zustimm", "consent", ... cannot state consent). The literals are read off
 * the patterns' sources; where a pattern has no word it cannot match without,
 * the list gets no gate and every pattern runs, so a gate never changes a result.
 */

import { builtinGates } from '../load/data-file.js';

type Literals = string[] | null;

const LETTER = /[\p{L}\p{N}]/u;

/** Index of the bracket that closes the group or class opened at `open`. */
function closing(src: string, open: number): number {
  const isClass = src[open] === '[';
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (isClass) {
      if (ch === ']' && i > open) return i;
      continue;
    }
    if (ch === '[') {
      i = closing(src, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return src.length;
}

/** Top-level alternatives of a source. */
function alternatives(src: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[' || ch === '(') i = closing(src, i);
    else if (ch === '|') {
      out.push(src.slice(start, i));
      start = i + 1;
    }
  }
  out.push(src.slice(start));
  return out;
}

/** Whether the item ending before `i` is made optional by a quantifier at `i`. */
function optionalAt(src: string, i: number): boolean {
  return src[i] === '?' || src[i] === '*' || (src[i] === '{' && /^\{0[,}]/u.test(src.slice(i)));
}

const quantifierLength = (src: string, i: number): number => {
  if (src[i] === '?' || src[i] === '*' || src[i] === '+') return src[i + 1] === '?' ? 2 : 1;
  if (src[i] === '{') {
    const m = /^\{\d*(?:,\d*)?\}\??/u.exec(src.slice(i));
    return m ? m[0].length : 0;
  }
  return 0;
};

/** Literals one of which a match of this sequence must contain, or null if none is known. */
function sequenceLiterals(seq: string): Literals {
  let best: Literals = null;
  let run = '';
  const consider = (lits: Literals): void => {
    if (!lits) return;
    // Prefer one long word over a set of short ones.
    const score = (l: string[]): number => Math.min(...l.map((x) => x.length)) - l.length * 0.1;
    if (!best || score(lits) > score(best)) best = lits;
  };
  const endRun = (): void => {
    if (run.trim().length >= 3) consider([run.trim()]);
    run = '';
  };
  for (let i = 0; i < seq.length; ) {
    const ch = seq[i]!;
    if (ch === '\\') {
      endRun();
      // "\p{L}" runs to its closing brace; any other escape is two characters.
      i = seq[i + 1] === 'p' || seq[i + 1] === 'P' ? seq.indexOf('}', i) + 1 || seq.length : i + 2;
      i += quantifierLength(seq, i);
      continue;
    }
    if (ch === '[') {
      endRun();
      i = closing(seq, i) + 1;
      i += quantifierLength(seq, i);
      continue;
    }
    if (ch === '(') {
      endRun();
      const end = closing(seq, i);
      const inner = seq.slice(i + 1, end);
      const look = /^\?(?:<?[=!])/u.test(inner);
      const body = inner.replace(/^\?(?::|<?[=!]|<[A-Za-z]\w*>)/u, '');
      const after = end + 1;
      if (!look && !optionalAt(seq, after)) consider(listLiterals([body]));
      i = after + quantifierLength(seq, after);
      continue;
    }
    if (LETTER.test(ch) || ch === ' ') {
      if (optionalAt(seq, i + 1)) {
        endRun();
        i += 1 + quantifierLength(seq, i + 1);
        continue;
      }
      run += ch.toLowerCase();
      i++;
      const q = quantifierLength(seq, i);
      if (q) {
        endRun();
        i += q;
      }
      continue;
    }
    endRun();
    i += 1 + quantifierLength(seq, i + 1);
  }
  endRun();
  return best;
}

/**
 * The version of the reading above. The build stores each built-in pattern's literals, computed
 * by this code, in dist/builtin-data.json; a stored table of another version is not used. Raise it
 * whenever a change to this file could change a pattern's literals.
 */
export const GATE_VERSION = 1;

/**
 * A pattern source's key in the stored table: its length and two 32-bit FNV-1a hashes (64 bits with
 * the length: no two of the few thousand sources share one), short where the sources are long.
 */
export function sourceKey(src: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${src.length.toString(36)}.${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/** Per pattern source (by its key): its literals (null: it has a branch without a word). */
let byKey: Map<string, Literals> | undefined;

function sourceLiterals(src: string): Literals {
  byKey ??= new Map(Object.entries(builtinGates(GATE_VERSION) ?? {}));
  const key = sourceKey(src);
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const result = readLiterals(src);
  byKey.set(key, result);
  return result;
}

/** A pattern source's literals, read off it (what the stored table must agree with). */
export function readLiterals(src: string): Literals {
  let out: Set<string> | null = new Set<string>();
  for (const alt of alternatives(src)) {
    const lits = sequenceLiterals(alt);
    if (!lits) {
      out = null;
      break;
    }
    for (const l of lits) out.add(l);
  }
  return out && [...out];
}

/** Every pattern source read so far (by its key) with its literals: what the build stores. */
export const gateTable = (): Record<string, Literals> => Object.fromEntries(byKey ?? []);

function listLiterals(sources: readonly string[]): Literals {
  const out = new Set<string>();
  for (const src of sources) {
    const lits = sourceLiterals(src);
    if (!lits) return null;
    for (const l of lits) out.add(l);
  }
  return [...out];
}

const gates = new WeakMap<readonly RegExp[], Literals>();

/**
 * The gate of a pattern list: null where the list cannot be gated (a pattern without a word it
 * must contain). Gate words are lower case and looked for in the lower-cased text, which serves
 * case-sensitive patterns as well: a text containing "nDSG" contains "ndsg" once lower-cased.
 */
export function gateOf(patterns: readonly RegExp[]): Literals {
  if (gates.has(patterns)) return gates.get(patterns)!;
  const gate = listLiterals(patterns.map((re) => re.source));
  gates.set(patterns, gate);
  return gate;
}
