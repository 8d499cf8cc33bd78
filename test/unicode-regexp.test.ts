import { ure, WORD } from '../src/unicode-regexp.js';

const OLD = /^[\p{L}\p{N}_]$/u;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

describe('the word class behind Unicode-aware \\b', () => {
  // Both flag sets patterns are compiled with: under i, a negated class also drops what folds to an excluded character.
  for (const flags of ['u', 'iu']) {
    const word = new RegExp(`^${WORD}$`, flags);

    it(`agrees with [\\p{L}\\p{N}_] on ASCII, Latin, Greek and Cyrillic (${flags})`, () => {
      const chars = [...range(0x20, 0x24f), ...range(0x370, 0x52f), ...range(0x1e00, 0x1eff)].filter((c) => !/\p{M}|\p{Cn}/u.test(c));
      const differ = chars.filter((c) => word.test(c) !== OLD.test(c));
      expect(differ.map((c) => `U+${c.codePointAt(0)!.toString(16)}`)).toEqual([]);
    });

    it(`counts punctuation, spaces, symbols and controls of U+2000–U+2BFF as no word character (${flags})`, () => {
      const chars = range(0x2000, 0x2bff).filter((c) => /[\p{P}\p{S}\p{Z}\p{C}]/u.test(c));
      expect(chars.filter((c) => word.test(c))).toEqual([]);
    });
  }

  it('gives boundaries around umlauts and ß, in any case', () => {
    const re = ure('\\bübermittel\\w*\\b');
    expect(re.test('Daten werden an Google übermittelt.')).toBe(true);
    expect(re.test('Datenübermittlung')).toBe(false);
    expect(ure('\\bkein\\b').test('Wir nutzen KEIN Tracking')).toBe(true);
    expect(ure('\\bweiß\\b').test('weißer Hintergrund')).toBe(false);
    expect(ure('\\bweiß\\b').test('in weiß.')).toBe(true);
  });
});
