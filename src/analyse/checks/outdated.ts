/**
 * Check kind `outdated`: references to law that no longer applies (Privacy
 * Shield, Safe Harbor, TTDSG, TMG). Each entry of the rule names the old law,
 * what replaced it and since when; a sentence that only says so ("TDDDG,
 * vormals TTDSG", "Privacy Shield wurde für ungültig erklärt") is not a finding.
 * One finding per paragraph and entry, at its first sentence, with the entry's
 * own message: a generator paragraph that names the Privacy Shield twice needs
 * one change, not two.
 */
import type { Localized } from '../rule-schema.js';
import { localized } from '../rule-schema.js';
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';
import { UserError } from '../../types.js';

interface Entry {
  id: string;
  patterns: RegExp[];
  unless: RegExp[];
  /** The message text for this entry, per language. */
  says: Localized;
}

interface Params {
  entries: Entry[];
  unless: RegExp[];
  /** Only when the document does not also say any of these (e.g. the Data Privacy Framework). */
  unlessDocument: RegExp[];
}

export const outdatedCheck = defineCheck<Params>({
  compile(check, file) {
    const raw = check.entries;
    if (!Array.isArray(raw) || raw.length === 0) throw new UserError('invalid rule file: key "check.entries" must be a non-empty list', file);
    const entries = raw.map((e: unknown, i): Entry => {
      const key = `check.entries[${i}]`;
      if (typeof e !== 'object' || e === null) throw new UserError(`invalid rule file: key "${key}" must be a mapping`, file);
      const o = e as Record<string, unknown>;
      if (typeof o.id !== 'string') throw new UserError(`invalid rule file: key "${key}.id" must be a string`, file);
      return {
        id: o.id,
        patterns: compilePatterns(file, `${key}.patterns`, o.patterns),
        unless: compilePatterns(file, `${key}.unless`, o.unless),
        says: localized(file, `${key}.says`, o.says),
      };
    });
    return {
      entries,
      unless: compilePatterns(file, 'check.unless', check.unless),
      unlessDocument: compilePatterns(file, 'check.unless-document', check['unless-document']),
    };
  },

  run(doc, p, rule) {
    if (p.unlessDocument.length && doc.sentences.some((s) => anyMatch(p.unlessDocument, doc.sentenceText(s.index)))) return [];
    const lang = doc.language;
    const findings: RawFinding[] = [];
    const reported = new Set<string>();
    for (const s of doc.sentences) {
      const text = doc.sentenceText(s.index);
      if (anyMatch(p.unless, text)) continue;
      for (const e of p.entries) {
        if (reported.has(`${s.paragraph} ${e.id}`)) continue;
        if (!anyMatch(e.patterns, text) || anyMatch(e.unless, text)) continue;
        reported.add(`${s.paragraph} ${e.id}`);
        // Point at the words themselves where they stand in the sentence.
        let start = s.start;
        let end = s.end;
        for (const re of e.patterns) {
          const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
          if (m) {
            start = s.start + m.index;
            end = start + m[0].length;
            break;
          }
        }
        findings.push({ start, end, params: { says: e.says[lang], reference: rule.reference.cite[lang], entry: e.id } });
      }
    }
    return findings;
  },
});
