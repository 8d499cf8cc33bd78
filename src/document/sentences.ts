/**
 * Sentence splitting for German and English legal text. Generic splitters
 * break at "Art.", "Abs.", "lit.", "z. B.", "ggf.", "i. V. m." and at dates;
 * this one knows those abbreviations and number forms.
 */
import { ure } from '../unicode-regexp.js';

/** Abbreviations (lower case, without the final period) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set([
  // German legal and general
  'art', 'abs', 'lit', 'nr', 'ggf', 'bzw', 'gem', 'vgl', 'ca', 'dr', 'str', 'ziff', 'buchst', 'bspw', 'evtl', 'inkl',
  'zzgl', 'sog', 'u.a', 'z.b', 'd.h', 'i.v.m', 'i.s.d', 'i.s.v', 'i.d.r', 'u.u', 'z.t', 'o.ä', 'v.a', 'abschn', 'anh',
  'bzgl', 'einschl', 'entspr', 'gegr', 'hr', 'fr', 'prof', 'tel', 'mio', 'mrd', 'max', 'min', 'mind', 'jh', 'jhd',
  'allg', 'geb', 'gez', 'insb', 'insbes', 'kap', 'lfd', 'n.f', 'o.g', 'rd', 'rn', 'rz', 's', 'st', 'tlw', 'u.ä',
  'verf', 'vorst', 'zit', 'zust', 'ff', 'f', 'co', 'fa', 'e.v', 'e.k', 'gmbh', 'abt', 'bd', 'aufl', 'sept', 'okt',
  'nov', 'dez', 'jan', 'feb', 'mär', 'apr', 'aug', 'ggü', 'zb', 'usf',
  // English
  'e.g', 'i.e', 'inc', 'ltd', 'corp', 'no', 'nos', 'vs', 'mr', 'mrs', 'ms', 'para', 'paras', 'cf', 'approx', 'incl',
  'sec', 'secs', 'fig', 'et al', 'al', 'dept', 'est', 'u.s', 'u.k', 'e.u', 'op', 'cit', 'seq', 'jr', 'sr',
]);

const MONTHS =
  ure(/^(januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december)\b/iu);
const ORDINAL_CONTEXT = new Set(['am', 'im', 'dem', 'den', 'der', 'des', 'die', 'das', 'zum', 'zur', 'vom', 'ab', 'bis', 'seit', 'ihrem', 'ihres', 'the', 'on']);

/** Lines shorter than this are items of their own (address lines), not wrapped prose. */
const SHORT_LINE = 50;

const CLOSERS = new Set(['"', "'", '»', '«', '“', '”', '’', ')', ']', '}']);
const SPACE = /[\s\u00a0]/u;

/** The word (letters, digits, internal periods) that ends right before `dot`. */
function wordBefore(text: string, dot: number): string {
  let i = dot - 1;
  while (i >= 0 && /[\p{L}\p{N}.]/u.test(text[i]!)) i--;
  return text.slice(i + 1, dot);
}

function isAbbreviation(text: string, dot: number): boolean {
  const word = wordBefore(text, dot);
  if (word === '') return false;
  const lower = word.toLowerCase().replace(/^\.+/, '');
  if (ABBREVIATIONS.has(lower)) return true;
  // Street names: "Hauptstr. 5", "Konsul-Smidt-Str. 88".
  if (/str$/u.test(lower)) return true;
  // "z. B.", "d. h.", "i. V. m.", initials: a single letter before the period.
  const last = lower.split('.').pop() ?? '';
  if (/^\p{L}$/u.test(last)) return true;
  return false;
}

function isNumberNotEnding(text: string, dot: number, nextWord: string): boolean {
  const word = wordBefore(text, dot);
  if (!/^\d{1,4}$/u.test(word)) return false;
  if (MONTHS.test(nextWord)) return true;
  // An ordinal after a determiner or preposition: "am 25. Mai", "im 3. Quartal".
  // Only the last few words: a block of a megabyte has many dots, each looking back.
  const before = text.slice(Math.max(0, dot - word.length - 60), dot - word.length).trimEnd();
  const prev = /(?<!\p{L})(\p{L}+)$/u.exec(before)?.[1]?.toLowerCase();
  if (prev !== undefined && ORDINAL_CONTEXT.has(prev) && Number(word) <= 31) return true;
  // A list number at the start of a block: "1. Sie haben das Recht ...".
  return before === '' || /[\n:]$/u.test(before);
}

/**
 * Split `text` into sentences; returns [start, end) ranges, trimmed of white
 * space. A hard line break always ends a sentence.
 */
export function splitSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  const push = (s: number, e: number): void => {
    while (s < e && SPACE.test(text[s]!)) s++;
    while (e > s && SPACE.test(text[e - 1]!)) e--;
    if (e > s) out.push([s, e]);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      // A line break ends a sentence after a short line (an address, a list) or after final
      // punctuation; inside wrapped prose it is only white space.
      const lineStart = text.lastIndexOf('\n', i - 1) + 1;
      const line = text.slice(Math.max(lineStart, start), i).trim();
      const dot = line.endsWith('.') ? text.lastIndexOf('.', i) : -1;
      const final = /[!?:;]$/u.test(line) || (dot >= 0 && !isAbbreviation(text, dot));
      if (line.length < SHORT_LINE || final || /^\s*[-•*–]/u.test(text.slice(i + 1, i + 4))) {
        push(start, i);
        start = i + 1;
      }
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '…') continue;
    // Swallow repeated punctuation and closing quotes or brackets.
    let j = i + 1;
    while (j < text.length && (text[j] === '.' || text[j] === '!' || text[j] === '?' || CLOSERS.has(text[j]!))) j++;
    if (j < text.length && !SPACE.test(text[j]!)) continue;
    let k = j;
    while (k < text.length && SPACE.test(text[k]!) && text[k] !== '\n') k++;
    if (k >= text.length) {
      push(start, j);
      start = j;
      i = j - 1;
      continue;
    }
    const next = text[k]!;
    if (next === '\n') continue; // the line break decides
    const nextWord = /^[\p{L}\p{N}]+/u.exec(text.slice(k, k + 30))?.[0] ?? '';
    if (ch === '.' && j === i + 1) {
      if (isAbbreviation(text, i)) continue;
      if (isNumberNotEnding(text, i, nextWord)) continue;
    }
    // A new sentence starts with a capital, a digit, an opening quote or bracket, or a bullet.
    if (!/[\p{Lu}\p{N}„"“'‚(\[•§-]/u.test(next)) continue;
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, text.length);
  return out;
}
