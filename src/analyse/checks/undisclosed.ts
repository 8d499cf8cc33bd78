/**
 * Check kind `undisclosed`: a third-party service the page itself loads (a
 * script, font, frame or pixel found through the vendor catalog's signatures)
 * that the policy text never names. A service counts as named when the text
 * names it, or names another service of the same group and category. A service
 * the text names only to deny it is named, wrongly: `contradiction-denied-service`
 * (or the site-wide claim the denial is part of) reports it.
 */
import type { RawFinding } from '../check.js';
import { defineCheck, fill } from '../check.js';
import { localized } from '../rule-schema.js';
import type { Localized } from '../../types.js';
import { isThirdCountry, servableLocally } from '../../knowledge/vendor-catalog.js';
import { allMentions } from '../../statements/mentions.js';
import { embeddedVendors } from './embedded.js';

/** The fix each finding carries, built from its service's catalog facts. */
interface Params {
  fix: Localized;
  consent: Localized;
  transfer: Localized;
  selfHost: Localized;
}

export const undisclosedCheck = defineCheck<Params>({
  compile: (check, file) => ({
    fix: localized(file, 'check.fix', check.fix),
    consent: localized(file, 'check.consent', check.consent),
    transfer: localized(file, 'check.transfer', check.transfer),
    selfHost: localized(file, 'check.self-host', check['self-host']),
  }),
  run(doc, p, _rule, lang) {
    // Named means used, or denied (a denial the page contradicts is the contradiction rules' finding).
    const mentions = allMentions(doc).filter((m) => m.status === 'used' || m.status === 'denied');
    const findings: RawFinding[] = [];
    // Page elements only: a marker that survived in scraped text is evidence, not an embedding to report.
    for (const e of embeddedVendors(doc).filter((x) => x.inSource)) {
      const v = e.vendor;
      const named = mentions.some((m) => m.vendor.id === v.id || (m.vendor.group === v.group && m.vendor.category === v.category));
      if (named) continue;
      const params = { vendor: v.name, how: e.how, company: v.company };
      const needs = `${v.consent.required === true ? fill(p.consent[lang], params) : ''}${isThirdCountry(v) ? fill(p.transfer[lang], params) : ''}`;
      const fix = fill(p.fix[lang], { ...params, needs }) + (servableLocally(v) ? fill(p.selfHost[lang], params) : '');
      findings.push({ start: e.start, end: e.end, inSource: e.inSource, vendor: v.name, params, fix });
    }
    return findings;
  },
});
