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
import type { Language } from '../../types.js';
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { anyMatch, loadLexicon } from '../../knowledge/lexicons.js';
import { UserError } from '../../types.js';
import { ure } from '../../unicode-regexp.js';
import type { Vendor } from '../../knowledge/vendor-catalog.js';
import { knowledge } from '../../knowledge/vendor-catalog.js';
import { allMentions, mentionsBetween, vendorMentions } from '../../statements/mentions.js';
import { embeddedVendors } from './embedded.js';
import type { VendorScope } from '../../statements/scopes.js';
import { scopeBasis, scopeSentences, vendorScopes } from '../../statements/scopes.js';
import { LOCAL_ONLY, transferParamsFromLexicon, uncoveredTransfers } from './vendor-transfer.js';

type ClaimKind = 'no-tracking' | 'no-cookies' | 'eu-only' | 'no-third-parties' | 'anonymous-data' | 'local-fonts' | 'no-profiling' | 'denied-service';
const KINDS = new Set<ClaimKind>(['no-tracking', 'no-cookies', 'eu-only', 'no-third-parties', 'anonymous-data', 'local-fonts', 'no-profiling', 'denied-service']);
/** The claims about the site as a whole, which a denial of one service may also be. */
const GENERAL_KINDS: readonly ClaimKind[] = ['no-tracking', 'no-cookies', 'no-third-parties', 'local-fonts'];

interface Params {
  claim: ClaimKind;
}

interface Evidence {
  start: number;
  end: number;
  /** What the evidence is, for the message: the service as the policy writes it, or a quote. */
  what: string;
  /** Whether the evidence happens on consent only (it then keeps a conditional claim). */
  onConsent: boolean;
  /** Offsets in the source (a page element) rather than the plain text. */
  inSource?: boolean;
  /** The catalog service behind it, if any (one service is one piece of evidence). */
  vendor?: string;
  /** Loaded only on the visitor's click (two-click, click-to-load): nothing is set or passed on before. */
  onClick?: boolean;
}

const QUOTE = 90;
const quote = (s: string): string => {
  const t = s.replace(/\s+/gu, ' ').trim();
  return t.length > QUOTE ? `${t.slice(0, QUOTE - 1)}…` : t;
};
/** At most this many pieces of evidence are named in the message; all are related places. */
const NAMED = 3;
/** A preposition just before a service's name makes it an object of the sentence, not its subject. */
const OBJECT_BEFORE = ure(/\b(?:zu|zur|zum|von|vom|an|mit|bei|über|für|durch|to|from|with|by|of|via|like|wie)\s+(?:\S+\s+){0,2}$/iu);
/** How many paragraphs before a claim may set its topic. */
const LEAD_PARAGRAPHS = 3;
const RELATED = 8;

/** Whether a service runs on consent only (it then keeps a conditional claim). */
function scopeConsentBased(doc: PolicyDocument, scope: VendorScope): boolean {
  const { consent, interest } = scopeBasis(doc, scope);
  return consent && !interest;
}

/**
 * Every claim denies, restricts or qualifies (kein, nicht, nur, ausschließlich, frei, anonym, lokal, …):
 * a sentence with none of these words is no claim, and no claim pattern need run on it. Found once
 * per document for every claim kind, on the lower-cased text with a plain pattern.
 */
const MAY_CLAIM = /kein|nicht|nie|ohne|weder|verzicht|frei|free|n't|n’t|no |not|never|nur |ausschlie|only|exclusive|solely|bleib|remain|stay|verlass|leave|anonym|lokal|local|self|selbst|identif|rückschl|zuordnung|cannot/;
const mayMemo = new WeakMap<PolicyDocument, Uint8Array>();
function mayClaim(doc: PolicyDocument): Uint8Array {
  let may = mayMemo.get(doc);
  if (!may) {
    may = new Uint8Array(doc.sentences.length);
    for (const s of doc.sentences) if (!s.heading && MAY_CLAIM.test(doc.sentenceText(s.index).toLowerCase())) may[s.index] = 1;
    mayMemo.set(doc, may);
  }
  return may;
}

const vetoes = new Map<ClaimKind, { lex: unknown; list: RegExp[] }>();

const loadedMemo = new WeakMap<VendorScope, { local: boolean; onClick: boolean }>();
/** Whether the text says a service is served locally, or loaded only on the visitor's click (once per scope). */
function howLoaded(doc: PolicyDocument, scope: VendorScope, gated: readonly RegExp[]): { local: boolean; onClick: boolean } {
  let how = loadedMemo.get(scope);
  if (!how) {
    const sentences = scopeSentences(doc, scope).map((i) => doc.sentenceText(i));
    how = { local: sentences.some((t) => LOCAL_ONLY.test(t)), onClick: sentences.some((t) => anyMatch(gated, t)) };
    loadedMemo.set(scope, how);
  }
  return how;
}

/** The services the text says it uses, of the given kinds, named as the policy writes them. */
function vendorEvidence(doc: PolicyDocument, keep: (v: Vendor) => boolean, gated: readonly RegExp[]): Evidence[] {
  const out: Evidence[] = [];
  for (const scope of vendorScopes(doc)) {
    if (!scope.members.some(keep)) continue;
    const { local, onClick } = howLoaded(doc, scope, gated);
    // Served from the site's own server: nothing reaches the provider.
    if (local) continue;
    out.push({ start: scope.first.start, end: scope.first.end, what: doc.slice(scope.first.start, scope.first.end).replace(/\s+/gu, ' '), onConsent: onClick || scopeConsentBased(doc, scope), vendor: scope.vendor.id, ...(onClick ? { onClick } : {}) });
  }
  return out;
}

/** The services the page itself loads, of the given kinds: nothing asks for consent before the HTML does. */
function pageEvidence(doc: PolicyDocument, keep: (v: Vendor) => boolean, lang: Language): Evidence[] {
  const loads = lang === 'de' ? 'von der Seite geladen' : 'loaded by the page';
  return embeddedVendors(doc)
    .filter((e) => keep(e.vendor))
    .map((e) => ({
      start: e.start,
      end: e.end,
      what: e.inSource ? `${e.vendor.name} (${loads})` : `'${doc.slice(e.start, e.end)}'`,
      onConsent: false,
      inSource: e.inSource,
      vendor: e.vendor.id,
    }));
}

/** Sentences of the text that state the practice (cookies are set, IP addresses are stored, …). */
function textEvidence(doc: PolicyDocument, practice: readonly RegExp[], veto: readonly RegExp[], within?: [number, number]): Evidence[] {
  const sentences = within ? doc.sentencesBetween(within[0], within[1]) : doc.sentences;
  return sentences
    .filter((s) => !s.heading && anyMatch(practice, doc.sentenceText(s.index)) && !anyMatch(veto, doc.sentenceText(s.index)))
    .map((s) => ({ start: s.start, end: s.end, what: `„${quote(doc.sentenceText(s.index))}“`, onConsent: false }));
}

/** Evidence named once per service, text before page, in order. */
function unique(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of evidence) {
    const key = e.vendor ?? `${e.start}:${e.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
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

  run(doc, p, _rule, lang) {
    return p.claim === 'denied-service' ? deniedButLoaded(doc, lang) : claimFindings(doc, p.claim, lang);
  },
});

const findingMemo = new WeakMap<PolicyDocument, Map<string, RawFinding[]>>();

/** The findings of one claim kind (kept per document and language: a denial of one service defers to them). */
function claimFindings(doc: PolicyDocument, claim: ClaimKind, lang: Language): RawFinding[] {
  let byKind = findingMemo.get(doc);
  if (!byKind) findingMemo.set(doc, (byKind = new Map()));
  let found = byKind.get(`${claim}:${lang}`);
  if (!found) byKind.set(`${claim}:${lang}`, (found = findClaims(doc, { claim }, lang)));
  return found;
}

function findClaims(doc: PolicyDocument, p: Params, lang: Language): RawFinding[] {
  const lex = loadLexicon('claims');
  const patterns = lex[p.claim]!;
  const text = (s: Sentence): string => doc.sentenceText(s.index);
  const narrowed = p.claim === 'no-profiling' ? [] : lex.narrowed!;
  // One list per kind, kept: the pattern gates are indexed by the list.
  let veto = vetoes.get(p.claim);
  if (!veto || veto.lex !== lex) vetoes.set(p.claim, (veto = { lex, list: [...lex['not-a-claim']!, ...(lex[`${p.claim}-not-a-claim`] ?? [])] }));
  const may = mayClaim(doc);
  let claims = doc.sentences.filter((s) => may[s.index] === 1 && anyMatch(patterns, text(s)) && !anyMatch(narrowed, text(s)) && !anyMatch(veto.list, text(s)));
  // "Netlify gibt persönliche Daten nicht an Dritte weiter", "The Google Tag Manager itself sets no
  // cookies": a claim about a service the sentence names is that service's, not the site's.
  if (p.claim !== 'local-fonts' && p.claim !== 'anonymous-data') {
    const used = vendorMentions(doc);
    // The service is the claim's subject where no preposition stands before it ("zu Servern von Google" is an object).
    claims = claims.filter((c) => !mentionsBetween(used, c.start, c.end).some((m) => m.end <= c.end && !OBJECT_BEFORE.test(doc.slice(Math.max(c.start, m.start - 40), m.start))));
  }
  // "Die Google Fonts sind lokal installiert. Eine Verbindung zu Servern von Google findet nicht statt.":
  // the second sentence is a no-third-parties claim that reports the same evidence.
  if (p.claim === 'local-fonts') {
    claims = claims.filter((c) => ![doc.sentences[c.index - 1], doc.sentences[c.index + 1]].some((o) => o && o.paragraph === c.paragraph && anyMatch(lex['no-third-parties']!, text(o))));
  }
  if (claims.length === 0) return [];
  const category = (v: Vendor, key: string): boolean => anyMatch(lex[key]!, v.category);

  // What the policy and its page show.
  let evidence: Evidence[];
  if (p.claim === 'eu-only') {
    evidence = uncoveredTransfers(doc, transferParamsFromLexicon(), false).map((s) => ({
      start: s.first.start,
      end: s.first.end,
      what: doc.slice(s.first.start, s.first.end).replace(/\s+/gu, ' '),
      onConsent: false,
      vendor: s.vendor.id,
    }));
  } else if (p.claim === 'no-third-parties') {
    const third = (v: Vendor): boolean => category(v, 'third-party-categories') && !v.selfHostable;
    evidence = [...vendorEvidence(doc, third, lex['click-to-load']!), ...pageEvidence(doc, third, lang), ...textEvidence(doc, lex['third-party-servers']!, lex['practice-veto']!)];
  } else if (p.claim === 'no-tracking') {
    const tracks = (v: Vendor): boolean => category(v, 'tracking-categories');
    evidence = [...vendorEvidence(doc, (v) => tracks(v) && v.consent.required === true, lex['click-to-load']!), ...pageEvidence(doc, (v) => tracks(v) && v.consent.required !== false, lang)];
  } else if (p.claim === 'no-cookies') {
    // Services that store on the device need consent for it (§ 25 TDDDG): they set cookies.
    const sets = (v: Vendor): boolean => v.consent.required === true;
    evidence = [...textEvidence(doc, lex['sets-cookies']!, lex['practice-veto']!), ...vendorEvidence(doc, sets, lex['click-to-load']!), ...pageEvidence(doc, sets, lang)];
  } else if (p.claim === 'local-fonts') {
    // Fonts from the provider's host, whether or not the font could have been hosted locally.
    const fonts = (v: Vendor): boolean => v.category === 'fonts';
    evidence = [...pageEvidence(doc, fonts, lang), ...textEvidence(doc, lex['fonts-from-provider']!, lex['practice-veto']!)];
  } else if (p.claim === 'no-profiling') {
    evidence = vendorEvidence(doc, (v) => category(v, 'profiling-categories'), lex['click-to-load']!);
    for (const e of pageEvidence(doc, (v) => category(v, 'profiling-categories'), lang)) evidence.push(e);
  } else {
    evidence = []; // anonymous-data: evidence is looked for in each claim's own section below
  }
  if (evidence.length === 0 && p.claim !== 'anonymous-data') return [];

  const findings: RawFinding[] = [];
  const k = knowledge();
  const de = lang === 'de';
  for (const c of claims) {
    const t = text(c);
    // Conditional in itself, or qualified right after ("Nur notwendige Cookies. Mit Ihrer Einwilligung auch …").
    const next = doc.sentences[c.index + 1];
    const conditional = anyMatch(lex.conditional!, t) || (next !== undefined && next.section === c.section && anyMatch(lex.exception!, text(next)));
    const section = doc.sections[c.section]!;
    // A claim speaks of the whole site only in a general section (or one on its own topic:
    // "Cookies" for "keine Cookies"), or where it says so ("in keinem Fall", "diese Website").
    const heading = section.heading ?? '';
    const generalSection = section.heading === undefined || anyMatch(lex['general-headings']!, heading) || anyMatch(lex[`${p.claim}-general-headings`] ?? [], heading);
    const aboutOne =
      !generalSection ||
      anyMatch(lex['scoped-headings']!, heading) ||
      mentionsBetween(vendorMentions(doc), section.headingStart, section.headingEnd).some((m) => m.end <= section.headingEnd);
    const universal = anyMatch(lex.universal!, t);
    // The paragraph's own topic ("Wenn Sie uns per E-Mail kontaktieren, … Diese Daten geben wir nicht
    // weiter"), or that of the paragraphs just before it (a list of log data, say).
    const lead: Sentence[] = doc.sentencesOfParagraph(c.paragraph).filter((x) => x.index < c.index);
    // A list counts as one paragraph.
    for (let q = c.paragraph - 1, n = 0; q >= 0 && n < LEAD_PARAGRAPHS && doc.paragraphs[q]!.section === c.section; q--) {
      for (const x of doc.sentencesOfParagraph(q)) lead.push(x);
      if (doc.paragraphs[q]!.kind !== 'list-item' || doc.paragraphs[q - 1]?.kind !== 'list-item') n++;
    }
    const topical = lead.some((x) => anyMatch(lex['processing-topic']!, text(x)));
    // Fonts said to be local speak of every font the site uses.
    const specific = p.claim !== 'local-fonts' && !universal && (aboutOne || topical || anyMatch(lex['specific-subject']!, t) || anyMatch(lex['context-reference']!, t));
    // Where the evidence must lie: the section when it is about one thing, else the claim's own
    // paragraph and those it follows (sections a page does not mark are not topics).
    const from = !aboutOne && lead.length > 0 ? lead.reduce((a, x) => Math.min(a, x.start), c.start) : section.start;
    const scopeRange: [number, number] = aboutOne ? [section.start, section.end] : [from, doc.paragraphs[c.paragraph]?.end ?? c.end];
    let candidates = evidence;
    if (p.claim === 'anonymous-data') {
      // The data a claim calls anonymous are described in its own section (and those under it).
      candidates = textEvidence(doc, lex['identifying-data']!, lex['identifying-veto']!, [section.start, section.end]);
    }
    // What the page loads speaks against claims about the site, not against one about one section's data.
    // The page's own resources count against a claim about one service too when they are that service
    // ("Google Fonts (lokal)": "Eine Verbindung zu Servern von Google findet nicht statt").
    const all = allMentions(doc);
    const named = new Set(
      [...mentionsBetween(all, section.headingStart, section.headingEnd).filter((m) => m.end <= section.headingEnd), ...mentionsBetween(all, c.start, c.end).filter((m) => m.end <= c.end)].map((m) => m.vendor.id),
    );
    const inScope = candidates.filter((e) =>
      e.inSource ? !specific || (e.vendor !== undefined && named.has(e.vendor)) : (!specific || p.claim === 'anonymous-data' || (e.start >= scopeRange[0] && e.start < scopeRange[1])) && !(e.start >= c.start && e.end <= c.end),
    );
    // A conditional claim ("ohne Ihre Einwilligung keine ...") is kept by what runs on consent.
    // "Eine Übermittlung in Drittländer findet nicht statt" in a service's own section is that
    // service's statement: its missing safeguard is the transfer rule's finding, not a contradiction.
    // What loads on a click sets no cookie and passes nothing on before it. "Eine Übermittlung in
    // Drittländer findet nicht statt" in a service's own section is that service's statement: a
    // missing safeguard there is the transfer rule's finding, not a contradiction.
    // Nor is the service a section is about a third party of its own section's claim ("Kommentarfunktion
    // (DISQUS)": "DISQUS übermittelt an uns die E-Mail-Adresse … Eine Weitergabe dieser Daten an Dritte erfolgt
    // nicht"): the claim speaks of passing its data on.
    // (What the page itself loads from that service still speaks against a claim about it: "Eine Verbindung zu
    // Servern von Google findet nicht statt" beside a stylesheet from fonts.googleapis.com.)
    const ownService = (e: { vendor?: string; inSource?: boolean }): boolean =>
      (p.claim === 'eu-only' || (p.claim === 'no-third-parties' && !e.inSource)) && e.vendor !== undefined && named.has(e.vendor);
    const breaking = unique(inScope.filter((e) => !(conditional && e.onConsent) && !ownService(e) && !(e.onClick && (p.claim === 'no-cookies' || p.claim === 'no-third-parties'))));
    if (breaking.length === 0) continue;
    const names = breaking.slice(0, NAMED).map((e) => e.what);
    const more = breaking.length - names.length;
    const evidenceText =
      names.length === 1
        ? names[0]!
        : `${names.slice(0, -1).join(', ')}${more > 0 ? `, ${names[names.length - 1]}` : `${de ? ' und ' : ' and '}${names[names.length - 1]}`}${more > 0 ? (de ? ` und ${more} weitere` : ` and ${more} more`) : ''}`;
    findings.push({
      start: c.start,
      end: c.end,
      params: { claim: quote(t), evidence: evidenceText, law: k.lawStand },
      related: breaking.slice(0, RELATED).map((e) => ({
        start: e.start,
        end: e.end,
        message: de ? `Beleg: ${e.what}` : `Evidence: ${e.what}`,
        ...(e.inSource ? { inSource: true } : {}),
      })),
    });
  }
  return findings;
}

/**
 * "Wir setzen Google Analytics nicht ein" on a page that loads Google Analytics: the text names the
 * service only to deny it, and the page shows it is used. A denial that is part of a claim about
 * the whole site ("keine Tracking-Tools wie Google Analytics") is that claim's finding.
 */
function deniedButLoaded(doc: PolicyDocument, lang: Language): RawFinding[] {
  const loaded = embeddedVendors(doc).filter((e) => e.inSource);
  if (loaded.length === 0) return [];
  const mentions = allMentions(doc);
  if (!mentions.some((m) => m.status === 'denied')) return [];
  // Sentences already reported as a general claim, with the page elements that break it.
  const reported = new Set<string>();
  for (const kind of GENERAL_KINDS) for (const f of claimFindings(doc, kind, lang)) for (const r of f.related ?? []) if (r.inSource) reported.add(`${f.start}:${r.start}`);
  const used = new Set(vendorMentions(doc).map((m) => m.vendor.id));
  const de = lang === 'de';
  const loads = de ? 'die Seite lädt' : 'the page loads';
  const findings: RawFinding[] = [];
  const done = new Set<string>();
  for (const m of mentions) {
    if (m.status !== 'denied' || done.has(m.vendor.id)) continue;
    // A service the text also says it uses is described, not denied, as a whole.
    if (used.has(m.vendor.id)) continue;
    const page = loaded.find((e) => e.vendor.id === m.vendor.id || (e.vendor.group === m.vendor.group && e.vendor.category === m.vendor.category && !m.vendor.generic));
    if (!page) continue;
    const s = doc.sentences[m.sentence]!;
    if (reported.has(`${s.start}:${page.start}`)) continue;
    done.add(m.vendor.id);
    findings.push({
      start: s.start,
      end: s.end,
      vendor: m.vendor.name,
      params: { claim: quote(doc.sentenceText(s.index)), evidence: `${loads} ${page.vendor.name}`, vendor: m.vendor.name },
      related: [{ start: page.start, end: page.end, inSource: true, message: de ? `Beleg: ${page.vendor.name} (von der Seite geladen)` : `Evidence: ${page.vendor.name} (loaded by the page)` }],
    });
  }
  return findings;
}
