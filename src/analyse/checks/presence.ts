/**
 * Check kind `presence`: a mandatory statement (a right, a storage period,
 * a legal basis) must stand somewhere in the policy. A sentence satisfies it
 * by a strong pattern anywhere, by citing one of the rule's GDPR articles, or
 * by a weaker pattern inside a fitting context (a bare "Auskunft" in a list
 * under "Ihre Rechte"). When it is missing, the finding points at the section
 * where the statement belongs, else at the title.
 */
import type { RawFinding } from '../check.js';
import { defineCheck, foundAt, notApplicable } from '../check.js';
import { factsOf } from '../../statements/facts.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';
import { UserError } from '../../types.js';
import { headingChain, inContext, missingAt, sectionByHeading } from './context.js';
import { withUmlauts, writesWithoutUmlauts } from '../../statements/spelling.js';

const CONDITIONS = new Set(['consent-used']);
/** Sentence facts a rule may accept as the statement (see facts.ts). */
const FACTS = new Set(['basis', 'consent']);

interface Params {
  patterns: RegExp[];
  articles: number[];
  contextPatterns: RegExp[];
  context: RegExp[];
  unless: RegExp[];
  /** Sections (by their heading or one above it) whose sentences do not count ("Ihre Rechte" for a basis named in the objection right). */
  unlessHeadings: RegExp[];
  when?: string;
  facts: Array<'basis' | 'consent'>;
  anchor: RegExp[];
}

export const presenceCheck = defineCheck<Params>({
  compile(check, file) {
    const articles = check.articles ?? [];
    if (!Array.isArray(articles) || articles.some((a) => typeof a !== 'number')) {
      throw new UserError('invalid rule file: key "check.articles" must be a list of article numbers', file);
    }
    const when = check.when;
    if (when !== undefined && (typeof when !== 'string' || !CONDITIONS.has(when))) {
      throw new UserError(`invalid rule file: key "check.when" must be one of ${[...CONDITIONS].join(', ')}`, file);
    }
    const factList = check.facts ?? [];
    if (!Array.isArray(factList) || factList.some((f) => typeof f !== 'string' || !FACTS.has(f))) {
      throw new UserError(`invalid rule file: key "check.facts" must list facts from ${[...FACTS].join(', ')}`, file);
    }
    const params: Params = {
      facts: factList as Params['facts'],
      patterns: compilePatterns(file, 'check.patterns', check.patterns),
      articles: articles as number[],
      contextPatterns: compilePatterns(file, 'check.context-patterns', check['context-patterns']),
      context: compilePatterns(file, 'check.context', check.context),
      unless: compilePatterns(file, 'check.unless', check.unless),
      unlessHeadings: compilePatterns(file, 'check.unless-headings', check['unless-headings']),
      anchor: compilePatterns(file, 'check.anchor', check.anchor),
    };
    if (when !== undefined) params.when = when;
    if (params.patterns.length + params.articles.length + params.contextPatterns.length + params.facts.length === 0) {
      throw new UserError('invalid rule file: key "check.patterns" must not be empty', file);
    }
    return params;
  },

  run(doc, p) {
    const facts = factsOf(doc);
    if (p.when === 'consent-used' && !facts.consentUsed) {
      notApplicable();
      return [];
    }
    const transliterated = writesWithoutUmlauts(doc);
    const excluded = new Map<number, boolean>();
    const inExcluded = (section: number): boolean => {
      let v = excluded.get(section);
      if (v === undefined) excluded.set(section, (v = p.unlessHeadings.length > 0 && headingChain(doc, doc.sections[section]!).some((h) => anyMatch(p.unlessHeadings, h))));
      return v;
    };
    const satisfied = doc.sentences.find((s, i) => {
      if (inExcluded(s.section)) return false;
      const plain = doc.sentenceText(s.index);
      const text = transliterated ? withUmlauts(plain) : plain;
      if (anyMatch(p.unless, text)) return false;
      if (anyMatch(p.patterns, text)) return true;
      const f = facts.sentences[i]!;
      if (p.articles.some((a) => f.articles.has(a))) return true;
      if (p.facts.some((name) => f[name])) return true;
      return anyMatch(p.contextPatterns, text) && inContext(doc, s, p.context);
    });
    if (satisfied) {
      foundAt(satisfied.start, satisfied.end);
      return [];
    }
    const anchor = sectionByHeading(doc, p.anchor);
    const finding: RawFinding = missingAt(doc, anchor);
    return [finding];
  },
});
