/**
 * Citations of the GDPR as policies write them: "Art. 6 Abs. 1 S. 1 lit. f
 * DSGVO", "Art. 6 (1) (f) GDPR", "Art. 6 Abs. 1 Buchst. b und f", "Art. 15 bis
 * 21 DSGVO", "Art. 15 ff. DSGVO". Parsed by hand: the forms are too many for
 * one regular expression to stay readable.
 */
import { ure } from '../unicode-regexp.js';

export type BasisLetter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
const LETTERS = 'abcdef';

const ART = ure(/\b(?:Art(?:ikel|icle|s)?\.?|Artt\.)\s*(\d{1,2})(?![\d,.]\d)/giu);
const PARAGRAPH_ONE = ure(/^\s*(?:(?:[Aa]bs(?:atz)?\.?|[Pp]ara(?:graph)?\.?|§)\s*1\b|\(\s*1\s*\)|I(?![\p{L}\d]))/u);
const SENTENCE_ONE = ure(/^\s*(?:,\s*)?(?:(?:S(?:atz)?\.?|p\.|UAbs\.?|Unterabs(?:atz)?\.?|sentence|subparagraph)\s*1\b|\(\s*1\s*\)|first sentence)/u);
const LETTER_HEAD = /^\s*(?:,\s*)?(?:(?:lit(?:era)?\.?|Buchst(?:abe|aben)?\.?|letters?|points?|sub-?paragraphs?)\s*\(?([a-f])\)?|\(\s*([a-f])\s*\)|([a-f])(?:\)|(?![\p{L}\d.])))/u;
const LETTER_MORE = /^\s*(,|und|and|bzw\.?|oder|or|sowie|&|\/|–|-|bis|to)\s*(?:(?:lit(?:era)?\.?|Buchst\.?)\s*)?\(?([a-f])\)?(?![\p{L}\d])/u;

/** Letters of Art. 6(1) cited in `text`; `cited` is true for any Art. 6 citation, with or without a letter. */
export function article6Letters(text: string): { cited: boolean; letters: Set<BasisLetter> } {
  const letters = new Set<BasisLetter>();
  let cited = false;
  // Most sentences cite nothing: a word search spares them the pattern.
  if (!/art/iu.test(text)) return { cited, letters };
  for (const m of text.matchAll(ART)) {
    if (m[1] !== '6') continue;
    cited = true;
    let tail = text.slice(m.index! + m[0].length, m.index! + m[0].length + 120);
    const p = PARAGRAPH_ONE.exec(tail);
    if (p) tail = tail.slice(p[0].length);
    const s = SENTENCE_ONE.exec(tail);
    if (s) tail = tail.slice(s[0].length);
    const head = LETTER_HEAD.exec(tail);
    if (!head) continue;
    let last = (head[1] ?? head[2] ?? head[3]) as BasisLetter;
    letters.add(last);
    tail = tail.slice(head[0].length);
    for (let more = LETTER_MORE.exec(tail); more; more = LETTER_MORE.exec(tail)) {
      const next = more[2] as BasisLetter;
      if (more[1] === 'bis' || more[1] === 'to' || more[1] === '–' || more[1] === '-') {
        for (let i = LETTERS.indexOf(last) + 1; i < LETTERS.indexOf(next); i++) letters.add(LETTERS[i] as BasisLetter);
      }
      letters.add(next);
      last = next;
      tail = tail.slice(more[0].length);
    }
  }
  return { cited, letters };
}

const RANGE = ure(/^\s*(?:bis|to|-|–)\s*(?:Art(?:ikel|icle)?\.?\s*)?(\d{1,2})\b/u);
const LIST = ure(/^\s*(?:,|und|and|sowie|&|\/|or|oder)\s*(?:Art(?:ikel|icle)?\.?\s*)?(\d{1,2})\b(?!\s*(?:Abs|para|\(|lit))/u);
const FOLLOWING = /^\s*(?:Abs\.?\s*\d+\s*)?ff\.?/u;
const LAW_NEAR = ure(/\b(DSGVO|DS-GVO|GDPR|DSG-?VO|Datenschutz-Grundverordnung|General Data Protection Regulation|EU-DSGVO|EU 2016\/679|2016\/679)\b/iu);
const OTHER_LAW = ure(/^\s*(?:Abs(?:atz)?\.?\s*\d+\s*)?(?:(?:S(?:atz)?\.?|lit\.?|Nr\.?)\s*\w{1,6}\b\s*){0,6}(GG|BGB|HGB|AO|StGB|UWG|AEUV|EUV|GRCh|BayDSG|DSG|EMRK|AI Act|KI-VO|DSA|DMA|DA)\b/u);

/**
 * GDPR articles cited in `text`, ranges expanded ("Art. 15 bis 21" -> 15..21,
 * "Art. 15 ff." -> 15..22). A citation followed by another law's name is left out.
 */
export function citedArticles(text: string): Set<number> {
  const out = new Set<number>();
  if (!/\bArt/iu.test(text)) return out;
  for (const m of text.matchAll(ART)) {
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 60);
    if (OTHER_LAW.test(after)) continue;
    let last = Number(m[1]);
    out.add(last);
    let tail = after;
    if (FOLLOWING.test(tail)) {
      // "Art. 15 ff. DSGVO": the rights of Chapter III run to Art. 22.
      if (last >= 12 && last <= 22) for (let a = last + 1; a <= 22; a++) out.add(a);
      continue;
    }
    // "Art. 15 bis 18, 20 und 21": ranges and lists, in any order.
    for (;;) {
      const range = RANGE.exec(tail);
      if (range) {
        for (let a = last + 1; a <= Number(range[1]); a++) out.add(a);
        last = Number(range[1]);
        tail = tail.slice(range[0].length);
        continue;
      }
      const more = LIST.exec(tail);
      if (!more) break;
      last = Number(more[1]);
      out.add(last);
      tail = tail.slice(more[0].length);
    }
  }
  return out;
}

/** Whether the text names the GDPR somewhere (to read a bare "Art. 15" as the GDPR's). */
export function mentionsGdpr(text: string): boolean {
  return LAW_NEAR.test(text);
}
