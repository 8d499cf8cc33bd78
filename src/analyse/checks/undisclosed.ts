/**
 * Check kind `undisclosed`: a third-party service the page itself loads (a
 * script, font, frame or pixel found through the vendor catalog's signatures)
 * that the policy text never names. A service counts as named when the text
 * names it, or names another service of the same group and category. A service
 * the text names only to deny it is named, wrongly: `contradiction-denied-service`
 * (or the site-wide claim the denial is part of) reports it.
 */
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { allMentions, vendorMentions } from '../../statements/mentions.js';
import { embeddedVendors } from './embedded.js';

export const undisclosedCheck = defineCheck<Record<string, never>>({
  compile: () => ({}),
  run(doc) {
    const mentions = [...vendorMentions(doc), ...allMentions(doc).filter((m) => m.status === 'denied')];
    const findings: RawFinding[] = [];
    // Page elements only: a marker that survived in scraped text is evidence, not an embedding to report.
    for (const e of embeddedVendors(doc).filter((x) => x.inSource)) {
      const v = e.vendor;
      const named = mentions.some((m) => m.vendor.id === v.id || (m.vendor.group === v.group && m.vendor.category === v.category));
      if (named) continue;
      findings.push({ start: e.start, end: e.end, inSource: e.inSource, vendor: v.name, params: { vendor: v.name, how: e.how, company: v.company } });
    }
    return findings;
  },
});
