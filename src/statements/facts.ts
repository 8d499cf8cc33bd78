/**
 * Facts about a document that several rules need (which sentences state a
 * legal basis, whether consent is relied on, which GDPR articles are cited),
 * computed once per document.
 */
import type { PolicyDocument } from '../document/document.js';
import type { BasisLetter } from './legal.js';
import { article6Letters, citedArticles } from './legal.js';
import { anyMatch, globalOf, loadLexicon, mayMatch } from '../knowledge/lexicons.js';
import { ure } from '../unicode-regexp.js';

export interface SentenceFacts {
  /** Art. 6(1) letters cited in the sentence. */
  letters: ReadonlySet<BasisLetter>;
  /** The sentence states a legal basis (a citation of Art. 6 or a named basis). */
  basis: boolean;
  /** The sentence relies on consent as a basis. */
  consent: boolean;
  /** The sentence relies on legitimate interests (lit. f or named). */
  interest: boolean;
  /** GDPR articles cited (ranges expanded). */
  articles: ReadonlySet<number>;
}

export interface DocumentFacts {
  sentences: SentenceFacts[];
  consentUsed: boolean;
}

const memo = new WeakMap<PolicyDocument, DocumentFacts>();
/** Most sentences cite nothing: they share one empty set (a set of its own per sentence was most of a long document's facts). */
const NONE: ReadonlySet<never> = new Set<never>();
const orNone = <T>(set: ReadonlySet<T>): ReadonlySet<T> => (set.size === 0 ? NONE : set);
const OBLIGATION = /\b(?:rechtliche[rn]?|gesetzliche[rn]?)\s{1,3}(?:verpflichtung|pflicht)|\blegal obligations?\b/giu;
const LEGITIMATE = /berechtigte[ns]? interesse|berechtigten interessen|legitimate interest/iu;

export function factsOf(doc: PolicyDocument): DocumentFacts {
  const hit = memo.get(doc);
  if (hit) return hit;
  const lex = loadLexicon('legal-bases');
  const sentences = doc.sentences.map((s): SentenceFacts => {
    const text = doc.sentenceText(s.index);
    const { cited, letters } = article6Letters(text);
    const consentWords = (anyMatch(lex.consent!, text) || anyMatch(lex['consent-gate']!, text)) && !anyMatch(lex['consent-not-basis']!, text);
    let named = anyMatch(lex.named!, text);
    // "Gesetzliche Verpflichtung zur Herausgabe" as an exception to passing data on names no basis.
    if (named && !cited && anyMatch(lex['obligation-not-basis']!, text) && !anyMatch(lex.named!, text.replace(OBLIGATION, ' '))) named = false;
    return {
      letters: orNone(letters),
      basis: cited || named || consentWords || anyMatch(lex['interest-words']!, text),
      consent: letters.has('a') || consentWords,
      interest: letters.has('f') || LEGITIMATE.test(text) || anyMatch(lex['interest-words']!, text),
      articles: orNone(citedArticles(text)),
    };
  });
  const facts: DocumentFacts = {
    sentences,
    consentUsed: sentences.some((f) => f.consent),
  };
  memo.set(doc, facts);
  return facts;
}

const CITATION = ure(/\b(?:Art(?:ikel|icle)?\.?|§)\s*\d+[^.;:]*?(?:DSGVO|DS-GVO|GDPR|BDSG|TDDDG|TTDSG)\b|\([a-f]\)|\blit\.?\s*[a-f]\b/giu);

/**
 * Content words left in a sentence once legal bases, citations and the given
 * filler words are taken out: what it says about the purpose or interest.
 */
const CONSENT_WORDS = /einwilligung|zustimmung|consent/giu;

export function purposeWords(sentence: string, filler: readonly RegExp[]): number {
  const lex = loadLexicon('legal-bases');
  let rest = sentence.replace(CITATION, ' ').replace(CONSENT_WORDS, ' ');
  // Only the patterns whose words occur: most never could, and need not even be compiled.
  let lower = rest.toLowerCase();
  for (const list of [lex.named!, lex.consent!, filler]) {
    for (const re of list) {
      if (!mayMatch(re, lower)) continue;
      const next = rest.replace(globalOf(re), ' ');
      if (next !== rest) {
        rest = next;
        lower = rest.toLowerCase();
      }
    }
  }
  return (rest.match(/\p{L}{4,}/gu) ?? []).length;
}
