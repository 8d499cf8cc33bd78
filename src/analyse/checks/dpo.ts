/**
 * Check kind `dpo` (Art. 13(1)(b) GDPR): the contact details of the data
 * protection officer, or a statement that none is required. A DPO who is
 * mentioned without any contact (an empty contact block) does not satisfy it;
 * the supervisory authority ("Landesdatenschutzbeauftragte") is not a DPO.
 */
import type { RawFinding } from '../check.js';
import { defineCheck, foundAt } from '../check.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';
import { missingAt, sectionByHeading } from './context.js';
import { allMentions, mentionsBetween } from '../../statements/mentions.js';

interface Params {
  mention: RegExp[];
  exclude: RegExp[];
  contact: RegExp[];
  noneRequired: RegExp[];
  anchor: RegExp[];
}

/** Sentences after a mention that may still carry its contact (an address block). */
const WINDOW = 6;

export const dpoCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    return { mention: list('mention'), exclude: list('exclude'), contact: list('contact'), noneRequired: list('none-required'), anchor: list('anchor') };
  },

  run(doc, p) {
    const text = (i: number): string => doc.sentenceText(i);
    const excludedSection = (i: number): boolean => {
      for (let s = doc.sections[doc.sentences[i]!.section]; s; s = s.parent === undefined ? undefined : doc.sections[s.parent]) {
        if (s.heading !== undefined && anyMatch(p.exclude, s.heading) && !anyMatch(p.mention, s.heading)) return true;
      }
      return false;
    };
    const mentions = allMentions(doc);
    const aboutVendor = (i: number): boolean => {
      const s = doc.sentences[i]!;
      const inSentence = mentionsBetween(mentions, s.start, s.end);
      if (inSentence.some((m) => m.status === 'used' || m.status === 'operator')) return true;
      // In a service's own section (its heading names it), "der Datenschutzbeauftragte des Anbieters".
      const section = doc.sections[s.section]!;
      return mentionsBetween(mentions, section.headingStart, section.headingEnd).some((m) => m.status === 'used' || m.status === 'operator');
    };
    for (let i = 0; i < doc.sentences.length; i++) {
      const t = text(i);
      if (anyMatch(p.noneRequired, t)) {
        foundAt(doc.sentences[i]!.start, doc.sentences[i]!.end);
        return [];
      }
      if (!anyMatch(p.mention, t) || anyMatch(p.exclude, t) || excludedSection(i)) continue;
      // A vendor's DPO ("Den Datenschutzbeauftragten von Meta erreichen Sie …") is not the site's.
      if (aboutVendor(i)) continue;
      // The contact follows the mention within its section: the same sentence or the next few.
      const section = doc.sentences[i]!.section;
      const sectionEnd = doc.sections[section]!.end;
      for (let k = i; k < doc.sentences.length && k <= i + WINDOW && doc.sentences[k]!.start < sectionEnd; k++) {
        if (k > i && doc.sentences[k]!.heading) break;
        if (anyMatch(p.contact, text(k))) {
          foundAt(doc.sentences[i]!.start, doc.sentences[k]!.end);
          return [];
        }
      }
    }
    const anchor = sectionByHeading(doc, p.anchor);
    const finding: RawFinding = missingAt(doc, anchor);
    return [finding];
  },
});
