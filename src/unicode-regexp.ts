/**
 * JavaScript's \b knows only ASCII word characters: in "an Google übermittelt"
 * there is no \b before "ü", and none after "ß" in "weiß". German text needs
 * boundaries between letters of any script, so every \b in policy-audit's
 * patterns is rewritten to look at Unicode letters and digits.
 */
// A word character is any character that is not ASCII or Latin-1 punctuation,
// space or control, not a general punctuation or symbol (U+2000–U+2BFF), not
// Greek or Cyrillic punctuation, CJK punctuation, a variation selector,
// full-width punctuation, a byte-order mark or an emoji.
// That is \p{L}, \p{N} and _ for every script a policy is written in, and
// unlike [\p{L}\p{N}_] it costs V8 almost nothing to compile under the i flag
// (the case closure of \p{L} took about 2 ms per boundary, 300 ms per run).
// Under the i flag a negated class also leaves out whatever folds to an excluded
// character: the Kelvin sign (k), the Ångström sign (å), the Ohm sign (ω) and
// the micro sign (μ) are therefore not excluded.
/** A class of one word character, cheap to compile under the i flag. */
export const WORD = '[^\\0-/:-@\\[-^`{-\\u00A9\\u00AB-\\u00B1\\u00B4\\u00B6-\\u00B8\\u00BB\\u00BF\\u00D7\\u00F7\\u0375\\u037E\\u0384\\u0385\\u0387\\u03F6\\u0482\\u2000-\\u2125\\u2127-\\u2129\\u212C-\\u2BFF\\u3000-\\u303F\\uFE00-\\uFE0F\\uFF00-\\uFF0F\\uFF1A-\\uFF20\\uFEFF\\u{1F000}-\\u{1FFFF}]';
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
