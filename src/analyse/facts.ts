/**
 * Facts about a document that several rules need (which sentences state a
 * legal basis, whether consent is relied on, which GDPR articles are cited),
 * computed once per document.
 */
import type { PolicyDocument, Sentence } from '../document/document.js';
import type { BasisLetter } from './legal.js';
import { article6Letters, citedArticles } from './legal.js';
import { anyMatch, loadLexicon } from './lexicons.js';
import { ure } from '../unicode-regexp.js';

export interface SentenceFacts {
  /** Art. 6(1) letters cited in the sentence. */
  letters: Set<BasisLetter>;
  /** The sentence states a legal basis (a citation of Art. 6 or a named basis). */
  basis: boolean;
  /** The sentence relies on consent as a basis. */
  consent: boolean;
  /** GDPR articles cited (ranges expanded). */
  articles: Set<number>;
}

export interface DocumentFacts {
  sentences: SentenceFacts[];
  consentUsed: boolean;
  /** Sentences whose basis is legitimate interests (lit. f or named). */
  legitimateInterest: Sentence[];
}

const memo = new WeakMap<PolicyDocument, DocumentFacts>();

export function factsOf(doc: PolicyDocument): DocumentFacts {
  const hit = memo.get(doc);
  if (hit) return hit;
  const lex = loadLexicon('legal-bases');
  const sentences = doc.sentences.map((s): SentenceFacts => {
    const text = doc.slice(s.start, s.end);
    const { cited, letters } = article6Letters(text);
    const consentWords = anyMatch(lex.consent!, text) && !anyMatch(lex['consent-not-basis']!, text);
    const named = anyMatch(lex.named!, text);
    return {
      letters,
      basis: cited || named || consentWords,
      consent: letters.has('a') || consentWords,
      articles: citedArticles(text),
    };
  });
  const legitimate = /berechtigte[ns]? interesse|berechtigten interessen|legitimate interest/iu;
  const facts: DocumentFacts = {
    sentences,
    consentUsed: sentences.some((f) => f.consent),
    legitimateInterest: doc.sentences.filter((s, i) => sentences[i]!.letters.has('f') || legitimate.test(doc.slice(s.start, s.end))),
  };
  memo.set(doc, facts);
  return facts;
}

const CITATION = ure(/\b(?:Art(?:ikel|icle)?\.?|§)\s*\d+[^.;:]*?(?:DSGVO|DS-GVO|GDPR|BDSG|TDDDG|TTDSG)\b|\([a-f]\)|\blit\.?\s*[a-f]\b/giu);

/**
 * Content words left in a sentence once legal bases, citations and the given
 * filler words are taken out: what it says about the purpose or interest.
 */
const globalForms = new WeakMap<RegExp, RegExp>();
const globalForm = (re: RegExp): RegExp => {
  let g = globalForms.get(re);
  if (!g) globalForms.set(re, (g = new RegExp(re.source, 'giu')));
  return g;
};
const CONSENT_WORDS = /einwilligung|zustimmung|consent/giu;

export function purposeWords(sentence: string, filler: readonly RegExp[]): number {
  const lex = loadLexicon('legal-bases');
  let rest = sentence.replace(CITATION, ' ').replace(CONSENT_WORDS, ' ');
  for (const re of [...lex.named!, ...lex.consent!, ...filler]) rest = rest.replace(globalForm(re), ' ');
  return (rest.match(/\p{L}{4,}/gu) ?? []).length;
}
