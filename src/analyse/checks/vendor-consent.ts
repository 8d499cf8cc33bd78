/**
 * Check kind `vendor-consent`: a named tool that needs consent (§ 25 Abs. 1
 * TDDDG or case law, per the vendor catalog) must be based on consent, not on
 * legitimate interests or on nothing. "Legitimate interest, or consent where
 * we asked for it" is still legitimate interest. The catalog entry's own
 * level applies (Google Tag Manager: warning).
 */
import { outsideGdpr } from '../../statements/jurisdiction.js';
import type { RawFinding } from '../check.js';
import { defineCheck, fill } from '../check.js';
import { scopeBasis, scopeSentences, vendorScopes } from '../../statements/scopes.js';
import { LOCAL_ONLY } from './vendor-transfer.js';
import { anyMatch, compilePatterns, loadLexicon } from '../../knowledge/lexicons.js';
import { localized } from '../rule-schema.js';
import type { Localized } from '../../types.js';
import { servableLocally } from '../../knowledge/vendor-catalog.js';

interface Params {
  /** Cues that a social network's plugin is embedded in the page, not linked. */
  embeddedSocial: RegExp[];
  /** Cues that its buttons are plain links (Shariff, "keine Verbindung", "ohne Plugin"). */
  socialLinkOnly: RegExp[];
  /** Cues that a sentence speaks of the site's own profile on the network. */
  socialPresence: RegExp[];
  /** Cues that a sentence speaks of the site itself ("wir", "diese Internetseite"). */
  socialOwnSite: RegExp[];
  /** The fix for one service ({vendor}, {company}, {why}); `self-host` is added for a service one can host oneself. */
  fix: Localized;
  selfHost: Localized;
}

const clickToLoad = (): RegExp[] => loadLexicon('claims')['click-to-load']!;
const consentGate = (): RegExp[] => loadLexicon('legal-bases')['consent-gate']!;

export const vendorConsentCheck = defineCheck<Params>({
  compile: (check, file) => ({
    fix: localized(file, 'check.fix', check.fix),
    selfHost: localized(file, 'check.self-host', check['self-host']),
    embeddedSocial: compilePatterns(file, 'check.embedded-social', check['embedded-social']),
    socialLinkOnly: compilePatterns(file, 'check.social-link-only', check['social-link-only']),
    socialPresence: compilePatterns(file, 'check.social-presence', check['social-presence']),
    socialOwnSite: compilePatterns(file, 'check.social-own-site', check['social-own-site']),
  }),

  run(doc, p, _rule, lang) {
    // Consent under § 25 TDDDG and Art. 5(3) ePrivacy binds those the EU's law reaches.
    if (outsideGdpr(doc)) return [];
    const findings: RawFinding[] = [];
    for (const scope of vendorScopes(doc)) {
      const v = scope.vendor;
      const sentences = scopeSentences(doc, scope);
      // A social network's plugin its own text says is embedded ("Komponenten des Dienstes Instagram
      // integriert", "Like-Button") needs consent like any tool that must; its profile link does not.
      const embeddedSocial = (m: (typeof scope.members)[number]): boolean => {
        if (m.category !== 'social' || m.consent.required !== 'depends') return false;
        // A sentence on the site's profiles, or under a heading for them ("Unsere Social-Media-Auftritte"), speaks of no plugin.
        const onPlugin = (i: number): boolean => {
          const t = doc.sentenceText(i);
          const heading = doc.sections[doc.sentences[i]!.section]!.heading ?? '';
          return anyMatch(p.embeddedSocial, t) && anyMatch(p.socialOwnSite, t) && !anyMatch(p.socialPresence, t) && !anyMatch(p.socialPresence, heading);
        };
        // A two-click button loads the plugin only on the visitor's click: that click is the consent.
        const linkOnly = (i: number): boolean => anyMatch(p.socialLinkOnly, doc.sentenceText(i)) || anyMatch(clickToLoad(), doc.sentenceText(i));
        return sentences.some(onPlugin) && !sentences.some(linkOnly);
      };
      const needs = scope.members.find((m) => m.consent.required === true) ?? scope.members.find(embeddedSocial);
      if (!needs) continue;
      if (sentences.some((i) => LOCAL_ONLY.test(doc.sentenceText(i)))) continue;
      const basisFound = scopeBasis(doc, scope);
      const { consent, interest: onInterest } = basisFound;
      if (consent && !onInterest) continue;
      // Loaded only on the visitor's click ("Klick zum Laden", two-click solution) with consent named
      // beside legitimate interests: the click is the consent asked for.
      if (consent && sentences.some((i) => anyMatch(clickToLoad(), doc.sentenceText(i)))) continue;
      // Loaded only once the visitor has agreed ("Erst, wenn Sie den Cookies zustimmen, wird … aktiviert",
      // "not loaded until you consent"): consent under § 25 TDDDG is asked for, whatever Art. 6 letter is named.
      if (sentences.some((i) => anyMatch(consentGate(), doc.sentenceText(i)))) continue;
      const basis = onInterest
        ? lang === 'de'
          ? 'berechtigte Interessen'
          : 'legitimate interests'
        : lang === 'de'
          ? 'keine Rechtsgrundlage'
          : 'no legal basis';
      findings.push({
        start: scope.first.start,
        end: scope.first.end,
        vendor: v.name,
        level: needs.consent.level,
        params: { vendor: v.name, basis },
        legal: { why: needs.consent.basis },
        // The service's own fix: its name, its company, the reason it needs consent ({why}, filled by the engine).
        fix: fill(p.fix[lang], { vendor: v.name, company: v.company }) + (servableLocally(v) ? fill(p.selfHost[lang], { vendor: v.name, company: v.company }) : ''),
        evidence: [
          {
            kind: 'mention',
            status: scope.first.status,
            start: scope.first.start,
            end: scope.first.end,
            message: lang === 'de' ? `${v.name} wird hier als genutzter Dienst genannt.` : `${v.name} is named here as a service in use.`,
          },
          ...(basisFound.sentence !== undefined
            ? [
                {
                  kind: 'statement' as const,
                  start: doc.sentences[basisFound.sentence]!.start,
                  end: doc.sentences[basisFound.sentence]!.end,
                  message:
                    lang === 'de'
                      ? 'Die Rechtsgrundlage, die dem Dienst am nächsten steht: berechtigte Interessen.'
                      : 'The legal basis nearest to the service: legitimate interests.',
                },
              ]
            : []),
        ],
      });
    }
    return findings;
  },
});
