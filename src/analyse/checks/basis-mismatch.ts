/**
 * Check kind `basis-mismatch`: a letter of Art. 6(1) GDPR described with
 * another letter's meaning: "Art. 6 Abs. 1 lit. f DSGVO, der die Verarbeitung
 * zur Erfüllung eines Vertrags gestattet" (lit. f is legitimate interests),
 * "Einwilligung (Art. 6 Abs. 1 lit. b DSGVO)" (consent is lit. a). Only the
 * tight forms count: a relative clause right after the citation, or a basis
 * named right before or right after it in brackets.
 */
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import type { BasisLetter } from '../../statements/legal.js';
import { ure } from '../../unicode-regexp.js';

/** What each letter means, as policies word it. */
const MEANING: Record<BasisLetter, RegExp> = {
  a: ure(/\b(?:einwilligung|zustimmung|consent)\b/iu),
  b: ure(/\b(?:vertrag\w*|vorvertraglich\w*|contract\w*|pre-?contractual)\b/iu),
  c: ure(/\b(?:rechtliche[rn]? verpflichtung\w*|gesetzliche[rn]? (?:pflicht|verpflichtung)\w*|legal obligation)\b/iu),
  d: ure(/\b(?:lebenswichtig\w*|vital interest\w*)\b/iu),
  e: ure(/\b(?:öffentliche[nr]? interesse|öffentlicher gewalt|public interest|official authority)\b/iu),
  f: ure(/\b(?:berechtigte[ns]? interesse\w*|berechtigten interessen|legitimate interest\w*)\b/iu),
};
const LETTERS = Object.keys(MEANING) as BasisLetter[];

const CITATION = ure(/\bArt(?:ikel|icle)?\.?\s*6\s*(?:Abs(?:atz)?\.?\s*1|\(1\)|para\.?\s*1)\s*(?:(?:S(?:atz)?\.?|UAbs\.?|sentence)\s*1\s*)?(?:lit\.?|Buchst\.?|letter)?\s*\(?([a-f])\)?(?![\p{L}])/giu);
/** "…, der die Verarbeitung … gestattet": what the clause says the letter permits. */
const RELATIVE = /^[^,.;()]{0,12},\s*(?:der|die|welche[rs]?|which|that)\b([^.;]{0,160}?)\b(?:gestattet|erlaubt|zulässt|vorsieht|permits|allows)\b/iu;
/** "(berechtigtes Interesse)" right after the citation. */
const AFTER = /^\s*(?:(?:DSGVO|DS-GVO|GDPR)\s*)?(?:\)\s*)?\(([^()]{2,60})\)/u;

function meanings(text: string): BasisLetter[] {
  return LETTERS.filter((l) => MEANING[l].test(text));
}

export const basisMismatchCheck = defineCheck<Record<string, never>>({
  compile: () => ({}),
  run(doc) {
    const findings: RawFinding[] = [];
    for (const s of doc.sentences) {
      const text = doc.sentenceText(s.index);
      for (const m of text.matchAll(CITATION)) {
        const cited = m[1]!.toLowerCase() as BasisLetter;
        const after = text.slice(m.index! + m[0].length);
        const described: string[] = [];
        const rel = RELATIVE.exec(after);
        if (rel) described.push(rel[1]!);
        const bracket = AFTER.exec(after);
        if (bracket) described.push(bracket[1]!);
        // "Einwilligung (Art. 6 …": the basis named right before the opening bracket.
        const before = /([\p{L} -]{2,40})\(\s*$/u.exec(text.slice(Math.max(0, m.index! - 45), m.index!));
        if (before) described.push(before[1]!);
        for (const d of described) {
          const said = meanings(d);
          if (said.length === 0 || said.includes(cited)) continue;
          const other = said[0]!;
          findings.push({
            start: s.start + m.index!,
            end: s.start + m.index! + m[0].length,
            params: { cited, described: other, quote: d.trim().slice(0, 80) },
          });
          break;
        }
      }
    }
    return findings;
  },
});
