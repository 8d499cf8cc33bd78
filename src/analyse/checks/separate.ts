/**
 * Check kind `separate`: a statement that the law wants presented clearly and
 * separately from other information (the right to object, Art. 21(4) GDPR)
 * has a heading or a paragraph of its own, not only a place in a list of
 * rights. Silent where the statement is missing altogether (another rule
 * reports that).
 */
import { defineCheck } from '../check.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';

interface Params {
  topic: RegExp[];
  unless: RegExp[];
  others: RegExp[];
}

/** Characters of a list item that explain a right rather than name it. */
const EXPLAINED = 120;

export const separateCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    return { topic: list('topic'), unless: list('unless'), others: list('others') };
  },

  run(doc, p) {
    const mentions = doc.sentences.filter((s) => {
      const t = doc.sentenceText(s.index);
      return anyMatch(p.topic, t) && !anyMatch(p.unless, t);
    });
    if (mentions.length === 0) return [];
    if (mentions.some((s) => s.heading)) return [];
    for (const s of mentions) {
      const para = doc.paragraphs[s.paragraph];
      if (!para) continue;
      // A list item counts as its own place only when it explains the right at some length.
      if (para.kind !== 'paragraph' && para.end - para.start < EXPLAINED) continue;
      const first = doc.sentences.find((x) => x.paragraph === s.paragraph);
      if (first?.index !== s.index) continue;
      // Its own paragraph: it opens it, and the paragraph is not a roll-call of other rights.
      const others = p.others.filter((re) => re.test(doc.slice(para.start, para.end))).length;
      if (others <= 1) return [];
    }
    const first = mentions[0]!;
    return [{ start: first.start, end: first.end }];
  },
});
