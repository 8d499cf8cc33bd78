/**
 * Check kind `contradiction`: a claim the policy makes about itself ("kein
 * Tracking", "Ihre Daten verlassen niemals die EU", "keine Weitergabe an
 * Dritte", "keine Cookies") against what the same policy, or the page that
 * carries it, says or does. The claim is the finding's place, the evidence a
 * related place.
 *
 * Claims are read with their scope and condition: "ohne Ihre Einwilligung
 * keine Tracking-Cookies" is broken only by tracking that runs without consent;
 * "Ihre Kontaktdaten geben wir nicht weiter" in the contact section speaks of
 * that section only, unless it says "in keinem Fall" or "alle Daten".
 */
import type { PolicyDocument, Sentence } from '../../document/document.js';
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { anyMatch, loadLexicon } from '../../knowledge/lexicons.js';
import { UserError } from '../../types.js';
import type { Vendor } from '../../knowledge/vendor-catalog.js';
import { knowledge } from '../../knowledge/vendor-catalog.js';
import { vendorMentions } from '../../statements/mentions.js';
import { embeddedVendors } from './embedded.js';
import type { VendorScope } from '../../statements/scopes.js';
import { scopeBasis, vendorScopes } from '../../statements/scopes.js';
import { transferParamsFromLexicon, uncoveredTransfers } from './vendor-transfer.js';

type ClaimKind = 'no-tracking' | 'no-cookies' | 'eu-only' | 'no-third-parties';
const KINDS = new Set<ClaimKind>(['no-tracking', 'no-cookies', 'eu-only', 'no-third-parties']);

interface Params {
  claim: ClaimKind;
}

interface Evidence {
  start: number;
  end: number;
  /** What the evidence is, for the message: a service's name or a quote. */
  what: string;
  /** Whether the evidence happens on consent only (it then keeps a conditional claim). */
  onConsent: boolean;
  /** Offsets in the source (a page element) rather than the plain text. */
  inSource?: boolean;
}

const QUOTE = 90;
const quote = (s: string): string => {
  const t = s.replace(/\s+/gu, ' ').trim();
  return t.length > QUOTE ? `${t.slice(0, QUOTE - 1)}…` : t;
};

/** A "cookies are set" statement: evidence against "no cookies". */
const SETS_COOKIES = /\b(?:verwende\w*|setz\w*|nutz\w*|einsetz\w*|eingesetzt|gespeichert|speicher\w*|use[sd]?|set|sets|store[sd]?)\b[^.]{0,60}\bcookies?\b|\bcookies?\b[^.]{0,60}\b(?:verwende\w*|gesetzt|eingesetzt|gespeichert|ein|used|set|stored)\b|\b(?:session|sitzungs|persistente|permanente)[- ]?cookies?\b/iu;
const NEGATED = /\b(?:kein\w*|nicht|ohne|no|not|never|without)\b/iu;

/** Whether a service runs on consent only (it then keeps a conditional claim). */
function scopeConsentBased(doc: PolicyDocument, scope: VendorScope): boolean {
  const { consent, interest } = scopeBasis(doc, scope);
  return consent && !interest;
}

function vendorEvidence(doc: PolicyDocument, categories: readonly RegExp[], extra?: (v: Vendor) => boolean): Evidence[] {
  const out: Evidence[] = [];
  for (const scope of vendorScopes(doc)) {
    if (!scope.members.some((m) => anyMatch(categories, m.category) && (!extra || extra(m)))) continue;
    out.push({ start: scope.first.start, end: scope.first.end, what: scope.vendor.name, onConsent: scopeConsentBased(doc, scope) });
  }
  return out;
}

export const contradictionCheck = defineCheck<Params>({
  compile(check, file) {
    const claim = check.claim;
    if (typeof claim !== 'string' || !KINDS.has(claim as ClaimKind)) {
      throw new UserError(`invalid rule file: key "check.claim" must be one of ${[...KINDS].join(', ')}`, file);
    }
    return { claim: claim as ClaimKind };
  },

  run(doc, p) {
    const lex = loadLexicon('claims');
    const patterns = lex[p.claim]!;
    const text = (s: Sentence): string => doc.sentenceText(s.index);
    const claims = doc.sentences.filter((s) => anyMatch(patterns, text(s)) && !anyMatch(lex.narrowed!, text(s)));
    if (claims.length === 0) return [];

    // What the policy and its page show.
    let evidence: Evidence[];
    if (p.claim === 'eu-only') {
      evidence = uncoveredTransfers(doc, transferParamsFromLexicon(), false).map((s) => ({
        start: s.first.start,
        end: s.first.end,
        what: s.vendor.name,
        onConsent: false,
      }));
    } else if (p.claim === 'no-third-parties') {
      evidence = vendorEvidence(doc, lex['third-party-categories']!, (v) => !v.selfHostable);
    } else if (p.claim === 'no-tracking') {
      evidence = [
        ...vendorEvidence(doc, lex['tracking-categories']!, (v) => v.consent.required === true),
        ...embeddedVendors(doc)
          .filter((e) => anyMatch(lex['tracking-categories']!, e.vendor.category))
          .map((e) => ({ start: e.start, end: e.end, what: e.vendor.name, onConsent: false, inSource: e.inSource })),
      ];
    } else {
      evidence = doc.sentences
        .filter((s) => !s.heading && SETS_COOKIES.test(text(s)) && !NEGATED.test(text(s)))
        .map((s) => ({ start: s.start, end: s.end, what: `„${quote(text(s))}“`, onConsent: false }));
    }
    if (evidence.length === 0) return [];

    const findings: RawFinding[] = [];
    const k = knowledge();
    for (const c of claims) {
      const t = text(c);
      // Conditional in itself, or qualified right after ("Nur notwendige Cookies. Mit Ihrer Einwilligung auch …").
      const next = doc.sentences[c.index + 1];
      const conditional = anyMatch(lex.conditional!, t) || (next !== undefined && next.section === c.section && anyMatch(lex.exception!, text(next)));
      const section = doc.sections[c.section]!;
      // A claim in a section about one processing or service speaks of that one only.
      const heading = section.heading ?? '';
      const aboutOne =
        anyMatch(lex['scoped-headings']!, heading) ||
        vendorMentions(doc).some((m) => m.start >= section.headingStart && m.end <= section.headingEnd);
      const specific = !anyMatch(lex.universal!, t) && section.heading !== undefined && aboutOne;
      const inScope = evidence.filter((e) => e.inSource || ((!specific || (e.start >= section.start && e.start < section.end)) && !(e.start >= c.start && e.end <= c.end)));
      // A conditional claim ("ohne Ihre Einwilligung keine ...") is kept by what runs on consent.
      const breaking = inScope.filter((e) => !(conditional && e.onConsent));
      const first = breaking[0];
      if (!first) continue;
      const evidenceText = first.what;
      findings.push({
        start: c.start,
        end: c.end,
        params: { claim: quote(t), evidence: evidenceText, law: k.lawStand },
        related: [
          {
            start: first.start,
            end: first.end,
            message: doc.language === 'de' ? `Beleg: ${evidenceText}` : `Evidence: ${evidenceText}`,
            ...(first.inSource ? { inSource: true } : {}),
          },
        ],
      });
    }
    return findings;
  },
});
