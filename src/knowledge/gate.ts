/**
 * Gates for pattern lists: literal words one of which must occur in a text
 * for any pattern of the list to match. Checking `includes` first spares the
 * regular expressions most sentences (a sentence without "einwillig",
 * "zustimm", "consent", ... cannot state consent). The literals are read off
 * the patterns' sources; where a pattern has no word it cannot match without,
 * the list gets no gate and every pattern runs, so a gate never changes a result.
 */

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

function listLiterals(sources: readonly string[]): Literals {
  const out = new Set<string>();
  for (const src of sources) {
    for (const alt of alternatives(src)) {
      const lits = sequenceLiterals(alt);
      if (!lits) return null;
      for (const l of lits) out.add(l);
    }
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
