/**
 * Check kind `eu-representative` (Art. 27, Art. 13(1)(a) GDPR): a controller
 * whose address lies outside the EU and the EEA, in a policy that invokes the
 * GDPR, names its representative in the Union. Quiet for controllers in the EU,
 * and where the policy does not say it follows the GDPR (nothing shows that
 * Art. 3(2) GDPR applies).
 */
import type { RawFinding } from '../check.js';
import { defineCheck, foundAt, notApplicable } from '../check.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';
import { missingAt, sectionByHeading } from './context.js';
import { jurisdictionOf } from '../../statements/jurisdiction.js';

const INVOKED = 3;

interface Params {
  gdpr: RegExp[];
  representative: RegExp[];
  anchor: RegExp[];
}

export const euRepresentativeCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    return { gdpr: list('gdpr'), representative: list('representative'), anchor: list('anchor') };
  },

  run(doc, p) {
    const seat = jurisdictionOf(doc).outsideEu;
    if (!seat) {
      notApplicable();
      return [];
    }
    const texts = doc.sentences.map((s) => doc.sentenceText(s.index));
    // Invoked, not only named in passing ("EU or UK GDPR" once): three sentences that cite it.
    if (texts.filter((t) => anyMatch(p.gdpr, t)).length < INVOKED) {
      notApplicable();
      return [];
    }
    const named = texts.findIndex((t) => anyMatch(p.representative, t));
    if (named >= 0) {
      foundAt(doc.sentences[named]!.start, doc.sentences[named]!.end);
      return [];
    }
    const finding: RawFinding = missingAt(doc, sectionByHeading(doc, p.anchor));
    finding.params = { seat };
    return [finding];
  },
});
