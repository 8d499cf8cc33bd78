/**
 * JavaScript's \b knows only ASCII word characters: in "an Google übermittelt"
 * there is no \b before "ü", and none after "ß" in "weiß". German text needs
 * boundaries between letters of any script, so every \b in policy-audit's
 * patterns is rewritten to look at Unicode letters and digits.
 */
const WORD = '[\\p{L}\\p{N}_]';
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;

const ASCII_WORD = /[A-Za-z0-9]/u;

/**
 * The pattern source with each \b (outside character classes) made Unicode-aware.
 * A \b between an ASCII letter of the pattern and its outside ("\bauskunft",
 * "daten\b") already works and stays as it is: the lookarounds cost time.
 */
export function unicodeBoundaries(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === 'b' && !inClass) {
        const after = source[i + 2] ?? '';
        const before = source[i - 1] ?? '';
        const asciiSafe = (ASCII_WORD.test(after) && source[i + 3] !== '?' && source[i + 3] !== '*') || (ASCII_WORD.test(before) && source[i - 2] !== '\\');
        out += asciiSafe ? '\\b' : BOUNDARY;
      } else if (next === 'B' && !inClass) out += `(?!${BOUNDARY})`;
      else out += ch + (next ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += ch;
  }
  return out;
}

/** A RegExp whose \b works for German ("\bübermittel" matches). Always Unicode mode. */
export function ure(source: string | RegExp, flags = 'iu'): RegExp {
  const src = typeof source === 'string' ? source : source.source;
  const f = typeof source === 'string' ? flags : source.flags;
  return new RegExp(unicodeBoundaries(src), f.includes('u') ? f : `${f}u`);
}
