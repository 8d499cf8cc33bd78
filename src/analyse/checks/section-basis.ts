/**
 * Check kind `section-basis` (Art. 13(1)(c) GDPR, per processing): a section
 * that describes a concrete processing (server logs, a contact form, cookies,
 * a newsletter, a payment, a named tool) must give its legal basis, unless a
 * section above it or a general clause that maps purposes to bases covers it.
 * One finding per such section, at its heading.
 */
import type { Section } from '../../document/document.js';
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { factsOf } from '../../statements/facts.js';
import { purposeWords } from '../../statements/facts.js';
import { anyMatch, compilePatterns, globalOf } from '../../knowledge/lexicons.js';
import { vendorMentions } from '../../statements/mentions.js';

interface Params {
  activity: RegExp[];
  verbs: RegExp[];
  negation: RegExp[];
  actor: RegExp[];
  notPersonal: RegExp[];
  notAProcessing: RegExp[];
  generalHeadings: RegExp[];
  notPurpose: RegExp[];
  /** Sentences of a section read for its activity (the opening ones say what it is about). */
  openingSentences: number;
}

/** Words a negation may stand before what it negates ("Wir verwenden keine Analyse- oder Werbe-Cookies"). */
const NEGATION_REACH = 40;

function negatedAt(text: string, at: number, end: number, negation: readonly RegExp[]): boolean {
  const before = text.slice(Math.max(0, at - NEGATION_REACH), at);
  return anyMatch(negation, before) || (at === 0 && anyMatch(negation, text.slice(0, end)));
}

/** Some mention of an activity in the sentence is not taken back by a negation right before it. */
function activityAffirmed(text: string, activity: readonly RegExp[], negation: readonly RegExp[]): boolean {
  for (const re of activity) {
    for (const m of text.matchAll(globalOf(re))) {
      if (!negatedAt(text, m.index!, m.index! + m[0].length, negation)) return true;
    }
  }
  return false;
}

export const sectionBasisCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    const opening = check['opening-sentences'];
    return {
      activity: list('activity'),
      verbs: list('verbs'),
      negation: list('negation'),
      actor: list('actor'),
      notPersonal: list('not-personal'),
      notAProcessing: list('not-a-processing'),
      generalHeadings: list('general-basis-headings'),
      notPurpose: list('not-purpose'),
      openingSentences: typeof opening === 'number' && opening > 0 ? opening : 4,
    };
  },

  run(doc, p) {
    const facts = factsOf(doc);
    const text = (i: number): string => doc.sentenceText(i);

    // A general clause that maps purposes to bases ("Bereitstellung des Dienstes (Art. 6 Abs. 1 lit. b)")
    // covers every processing; one that only lists the bases does not.
    const general = doc.sections.some((s) => {
      if (s.heading === undefined || !anyMatch(p.generalHeadings, s.heading)) return false;
      const mapped = doc.sentencesIn(s).filter((x) => !x.heading && facts.sentences[x.index]!.basis && purposeWords(text(x.index), p.notPurpose) >= 2);
      return mapped.length >= 2;
    });
    if (general) return [];

    const describesProcessing = (s: Section): boolean => {
      if (s.heading === undefined || anyMatch(p.notAProcessing, s.heading)) return false;
      const own = doc.sentencesOfSection(s.index).filter((x) => !x.heading);
      if (own.length === 0) return false;
      const all = own.map((x) => text(x.index)).join(' ');
      // "No personal data" does not hold for a service the catalog knows to need consent: loading it
      // from its servers hands over the visitor's IP address (Google Tag Manager, fonts, pixels).
      const needsConsent = vendorMentions(doc).some((m) => m.start >= s.start && m.start < s.end && m.vendor.consent.required === true);
      if (!needsConsent && anyMatch(p.notPersonal, all) && !/ip-?adress|e-?mail|\bname\b|ip address/iu.test(all)) return false;
      const headingActivity = anyMatch(p.activity, s.heading);
      return own.slice(0, p.openingSentences).some((x) => {
        const t = text(x.index);
        if (!anyMatch(p.verbs, t) || !anyMatch(p.actor, t)) return false;
        if (!anyMatch(p.activity, t)) return headingActivity && !negatedAt(t, 0, t.length, p.negation);
        return activityAffirmed(t, p.activity, p.negation);
      });
    };

    const hasBasis = (s: Section): boolean => {
      if (doc.sentencesIn(s).some((x) => facts.sentences[x.index]!.basis)) return true;
      // A section above may state the basis for all its parts in its own text.
      for (let a = s.parent === undefined ? undefined : doc.sections[s.parent]; a && a.level > 0; a = a.parent === undefined ? undefined : doc.sections[a.parent]) {
        if (doc.sentencesIn(a, false).some((x) => facts.sentences[x.index]!.basis)) return true;
      }
      return false;
    };

    const findings: RawFinding[] = [];
    for (const s of doc.sections) {
      if (!describesProcessing(s) || hasBasis(s)) continue;
      findings.push({ start: s.headingStart, end: s.headingEnd, section: s.heading!, params: { section: s.heading! } });
    }
    return findings;
  },
});


