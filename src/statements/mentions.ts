/**
 * Vendor mentions: every place a policy names a catalog service, with what the
 * sentence says of it (used, denied, only linked, ...).
 */
import type { PolicyDocument, Sentence } from '../document/document.js';
import type { Knowledge, Vendor } from '../knowledge/vendor-catalog.js';
import { knowledge } from '../knowledge/vendor-catalog.js';
import { anyMatch, globalOf, loadLexicon } from '../knowledge/lexicons.js';
import { ure, WORD } from '../unicode-regexp.js';
import { labelOwner } from './label-sections.js';

/**
 * What the sentence says of the service it names. Only `used` mentions (and what a page
 * loads) feed the transfer, consent and contradiction rules.
 * - `used`: the policy says or implies that the service is used;
 * - `denied`: not used, replaced, or an example in a negated list ("keine Tools wie Google Analytics");
 * - `linked`: only a link or the site's own profile ("Folgen Sie uns auf Instagram");
 * - `account`: the visitor's own account ("Ihr Google-Konto", "your Gmail account");
 * - `in-word`: part of another word ("YouTube-Verlauf", "Google-Suche");
 * - `reference`: named in passing (a browser's help, a group named without data or a service);
 * - `operator`: the company behind a service just named ("cdnjs (Cloudflare, Inc.)");
 * - `example`: one of several alternatives of a kind ("gehostet (z. B. Vercel, Netlify oder All-Inkl)").
 */
export type MentionStatus = 'used' | 'denied' | 'linked' | 'account' | 'in-word' | 'reference' | 'operator' | 'example';

export interface VendorMention {
  vendor: Vendor;
  /** A group name beside a product of the group: not reported, but it still marks where the group is spoken of. */
  hidden?: boolean;
  /** Plain-text offsets of the name. */
  start: number;
  end: number;
  sentence: number;
  status: MentionStatus;
  /** The words that decided a status other than `used` (plain-text offsets). */
  because?: { start: number; end: number };
  /** For an `operator`: the service it runs. */
  of?: Vendor;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** Spaces and hyphens in a name match either ("Google Fonts", "Google-Fonts"). */
const aliasSource = (alias: string): string => alias.trim().split(/[\s\u00a0-]+/u).map(escape).join('[\\s\\u00a0‑-]*');

/** Aliases indexed by their first word, so that a sentence is scanned once, word by word. */
interface AliasIndex {
  /** First word (lower case, or as written for case-sensitive names) -> one sticky pattern of its names. */
  byFirstWord: Map<string, { re: RegExp; vendors: Vendor[] }>;
}

let index: AliasIndex | undefined;

const WORDS = /[\p{L}\p{N}][\p{L}\p{N}.+&'’]*/gu;
const firstWord = (alias: string): string => (/^[\p{L}\p{N}][\p{L}\p{N}.+&'’]*/u.exec(alias.trim())?.[0] ?? '').replace(/(?<!\.)\.+$/u, '');

function buildIndex(vendors: readonly Vendor[]): AliasIndex {
  const lists = new Map<string, Array<{ source: string; vendor: Vendor; length: number; sensitive: boolean }>>();
  for (const v of vendors) {
    for (const a of v.aliases) {
      // Short all-capital names (GTM, AWS) match only in capitals; everything else in any case.
      const sensitive = /^[A-Z0-9]{2,5}$/u.test(a.trim());
      const key = sensitive ? firstWord(a) : firstWord(a).toLowerCase();
      if (!key) continue;
      lists.set(key, [...(lists.get(key) ?? []), { source: aliasSource(a), vendor: v, length: a.length, sensitive }]);
      // "GoogleAnalytics", "GoogleFonts": a name written as one word (headings, plugin names) is found under that word.
      const joined = a.trim().split(/[\s\u00a0-]+/u);
      if (!sensitive && joined.length > 1 && joined.every((w) => /^[\p{L}\p{N}]+$/u.test(w))) {
        const one = joined.join('').toLowerCase();
        lists.set(one, [...(lists.get(one) ?? []), { source: aliasSource(a), vendor: v, length: a.length, sensitive }]);
      }
    }
  }
  // A name that is also a common word, as written; not "Meta-Daten", "Meta- und Kommunikationsdaten", "Meta Description", "Meta Tags".
  for (const v of vendors) {
    for (const a of v.exactAliases) {
      const source = `${aliasSource(a)}(?![\\s\\u00a0]?[-‑](?:\\p{L}|\\s{1,2}(?:und|oder|sowie|bzw|and|or)\\b)|\\s(?:[Dd]escriptions?|[Tt]ags?|[Tt]itles?|[Kk]eywords|[Dd]aten|[Dd]ata|[Ee]lemente?|[Ii]nformationen|[Aa]ngaben|[Ee]bene|[Ll]evel)\\b)`;
      const key = firstWord(a);
      lists.set(key, [...(lists.get(key) ?? []), { source, vendor: v, length: a.length, sensitive: true }]);
    }
  }
  // One sticky alternation per first word, longest name first; the capture group that matched names the vendor.
  const byFirstWord = new Map<string, { re: RegExp; vendors: Vendor[] }>();
  for (const [key, list] of lists) {
    list.sort((x, y) => y.length - x.length);
    const flags = list.every((x) => x.sensitive) ? 'yu' : 'yiu';
    const re = new RegExp(`(?:${list.map((x) => `(${x.source})`).join('|')})(?!${WORD}|\\.[a-z])`, flags);
    byFirstWord.set(key, { re, vendors: list.map((x) => x.vendor) });
  }
  return { byFirstWord };
}

/** The patterns that find catalog names (one per first word), for the backtracking test. */
export function aliasPatterns(k: Knowledge = knowledge()): RegExp[] {
  index ??= buildIndex(k.vendors);
  return [...index.byFirstWord.values()].map((e) => e.re);
}

function tryAt(entry: { re: RegExp; vendors: Vendor[] } | undefined, text: string, at: number): { length: number; vendor: Vendor } | undefined {
  if (!entry) return undefined;
  entry.re.lastIndex = at;
  const m = entry.re.exec(text);
  if (!m) return undefined;
  const group = m.findIndex((g, i) => i > 0 && g !== undefined);
  return { length: m[0].length, vendor: entry.vendors[group - 1]! };
}

const DOMAIN = /^([\p{L}\p{N}-]+)\.(?:com|de|net|org|io|eu|ai|app|dev|co|me|tv|at|ch)$/u;

/** Catalog names in one sentence: [start, end) offsets in it, the longest name at each place. */
function matchAliases(text: string, idx: AliasIndex): Array<{ start: number; end: number; vendor: Vendor }> {
  const found: Array<{ start: number; end: number; vendor: Vendor }> = [];
  for (const w of text.matchAll(WORDS)) {
    let word = w[0];
    if (word.endsWith('.')) word = word.replace(/(?<!\.)\.+$/u, '');
    const at = w.index!;
    // Not inside an address, a host name or a path ("policies.google.com", "@google").
    const prev = at > 0 ? text[at - 1] : '';
    if (prev === '@' || prev === '.' || prev === '/') continue;
    const lower = idx.byFirstWord.get(word.toLowerCase());
    const exact = idx.byFirstWord.get(word);
    if (!lower && !exact) {
      // A service named by its bare domain ("auf netlify.com gespeichert"), not a URL with a path.
      const domain = word.includes('.') ? DOMAIN.exec(word) : null;
      const entry = domain && text[at + word.length] !== '/' ? idx.byFirstWord.get(domain[1]!.toLowerCase()) : undefined;
      const hit = entry && tryAt(entry, text.slice(0, at + domain![1]!.length), at);
      if (hit && hit.length === domain![1]!.length) found.push({ start: at, end: at + word.length, vendor: hit.vendor });
      continue;
    }
    const hit = tryAt(lower, text, at) ?? tryAt(exact, text, at);
    if (hit) found.push({ start: at, end: at + hit.length, vendor: hit.vendor });
  }
  return found;
}

/** "Google Ireland Limited": a legal form names the company as a recipient, wherever it stands. */
const LEGAL_FORM = ure(/\b(?:llc|inc|ltd|limited|ireland|corporation|corp)\b/iu);
/** A bare group name ("Google", "Microsoft") names a recipient only where data or a service are spoken of. */
const RECIPIENT_CUE = ure(/\b(?:anbieter\w*|dienst(?:es)? (?:der|von|des)|dienstleist\w*|server\w*|übermittel\w*|übertrag\w*|weiterge\w*|verarbeit\w*|speicher\w*|nutzen|nutzt|genutzt|benutz\w*|verwend\w*|einge(?:bunden|bettet|setzt)|plug-?in\w*|cookies?|konto|provider|services?|transfer\w*|process\w*|stor\w*|shar\w*|sent|uses?|used|llc|inc|ltd|limited|gmbh|ireland)\b/iu);
/** "aber", "jedoch": a negation before ends at a contrast. */
const CONTRAST = ure(/\b(?:aber|jedoch|sondern|allerdings|but|however|except|außer|nur|only|lediglich)\b/iu);
/** Abbreviations whose dot ends no clause ("etc.", "z. B.", "Inc."): masked before the cue patterns run. */
const ABBREVIATION = ure(/\b(?:etc|bzw|usw|ggf|evtl|inkl|ca|vgl|nr|art|abs|lit|inc|ltd|corp|co|str|z\. ?b|e\. ?g|i\. ?e|u\. ?a|d\. ?h|o\. ?ä|u\. ?ä)\./giu);
const mask = (text: string): string => text.replace(ABBREVIATION, (m) => m.replace(/\./gu, '\u2024'));

interface Cues {
  deniedBefore: RegExp[];
  deniedAfter: RegExp[];
  notADenial: RegExp[];
  negatedData: RegExp[];
  listGap: RegExp[];
  accountBefore: RegExp[];
  accountHolderBefore: RegExp[];
  accountAfter: RegExp[];
  profileField: RegExp[];
  inWordBefore: RegExp[];
  inWordAfter: RegExp[];
  linkOnly: RegExp[];
  processing: RegExp[];
  embed: RegExp[];
  deniedLeadIn: RegExp[];
  deniedUnderHeading: RegExp[];
  reference: RegExp[];
  operatorGap: RegExp[];
  operatorStatement: RegExp[];
  companyProfile: RegExp[];
  exampleBefore: RegExp[];
  exampleContext: RegExp[];
  /** The "oder"/"or" entry of example-context alone (kept, so its gate is indexed once). */
  exampleOr: RegExp[];
  exampleValue: RegExp[];
  exampleKind: RegExp[];
  partnersOf: RegExp[];
  exampleSpeaksOfSite: RegExp[];
  authoredWith: RegExp[];
}
let cues: Cues | undefined;
function cueLists(): Cues {
  if (cues) return cues;
  const lex = loadLexicon('mentions');
  cues = {
    deniedBefore: lex['denied-before']!,
    deniedAfter: lex['denied-after']!,
    notADenial: lex['not-a-denial']!,
    negatedData: lex['negated-data']!,
    listGap: lex['list-gap']!,
    accountBefore: lex['account-before']!,
    accountHolderBefore: lex['account-holder-before']!,
    accountAfter: lex['account-after']!,
    profileField: lex['profile-field']!,
    inWordBefore: lex['in-word-before']!,
    inWordAfter: lex['in-word-after']!,
    linkOnly: lex['link-only']!,
    processing: lex.processing!,
    embed: lex.embed!,
    deniedLeadIn: lex['denied-lead-in']!,
    deniedUnderHeading: lex['denied-under-heading']!,
    reference: lex.reference!,
    operatorGap: lex['operator-gap']!,
    operatorStatement: lex['operator-statement']!,
    companyProfile: lex['company-profile']!,
    exampleBefore: lex['example-before']!,
    exampleContext: lex['example-context']!,
    exampleOr: lex['example-context']!.slice(1),
    exampleValue: lex['example-value']!,
    exampleKind: lex['example-kind']!,
    partnersOf: lex['partners-of']!,
    exampleSpeaksOfSite: lex['example-speaks-of-site']!,
    authoredWith: lex['authored-with']!,
  };
  return cues;
}

/** Whether `company` is the group or the company behind `service` ("Cloudflare" behind cdnjs). */
const runs = (service: Vendor, company: Vendor): boolean =>
  service.id !== company.id && (service.group === company.group || `${service.company} ${service.group}`.toLowerCase().includes(company.name.toLowerCase()));

/**
 * Words without which a cue list cannot match, tested on lower-cased text with plain patterns
 * before the cue lists run (most mentions are plain uses, and the cue patterns are costly).
 */
const HINT = {
  account: /ihr|dein|your/,
  accounts: /kont|account|profil/,
  negation: /kein|nicht|ohne|weder|no|without|neither|n't|n’t|never|nie|statt|stelle|instead|rather|place of|alternativ|verzicht/,
  negationAfter: /nicht|not|nie|never|kein|no longer|deaktiv|abgeschalt|disabled|switched|turned|removed|entfernt|verzicht/,
  link: /link|folg|follow|find|profil|seite|page|kanal|kanäle|channel|besuch|visit|klick|click|account|präsenz|presen|auftritt|verweis|vertreten|active|represented|button|schaltfläche|icon|symbol/,
  example: /z\u2024|zb|e\u2024|beispiel|etwa|such as|for example|for instance/,
  partners: /partner|dienstleister|auftragsverarbeiter|subunternehmer|drittanbieter|processor|provider|vendor|third/,
};

/** A heading about the site's own presence on platforms. */
const PRESENCE_HEADING = /(?:online-?|social-media-?)?(?:präsenz|auftritt)(?:en|e)?\s+(?:auf|bei|in)\s|\b(?:pages?|profiles?|presences?|accounts?|channels?)\s+on\s|\bfan-?pages?\b/iu;

/** A heading over the ways to reach the site. */
const CONTACT_HEADING = /^\W{0,3}(?:[\d.]+\s*)?(?:kontakt\w*|contact(?: us| information| details)?|get in touch|questions\b.*|fragen\b.*|so erreichen sie uns|erreichbarkeit)\s*:?$/iu;

/** A line that is a name and an address, nothing more: "Instagram: https://help.instagram.com/…". */
const LABEL_URL = /^(\s*[^:\n]{1,40}):\s*(?:https?:\/\/|www\.)\S+\s*$/u;

/** A short line of a label and a value: "GitHub Issues: Open an issue", "Discord: our server". */
const LABEL_VALUE = /^(\s*[^:\n]{1,40}):\s*\S[^\n]{0,80}$/u;

/** The first match of any pattern, with its place. */
function firstExec(patterns: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}

interface Found {
  start: number;
  end: number;
  vendor: Vendor;
  status: MentionStatus;
  because?: [number, number];
  of?: Vendor;
}

/** Where the last match of any of the patterns starts in `text`, if one matches. */
function lastExec(patterns: readonly RegExp[], text: string): number | undefined {
  let last: number | undefined;
  for (const re of patterns) {
    for (const m of text.matchAll(globalOf(re))) if (last === undefined || m.index! > last) last = m.index!;
  }
  return last;
}

/** The status of one name in one sentence (offsets inside the sentence), given the names before it. */
function classify(doc: PolicyDocument, sentence: Sentence, masked: string, f: Found, earlier: readonly Found[], c: Cues): Pick<Found, 'status' | 'because' | 'of'> {
  const sentenceStart = sentence.start;
  const heading = sentence.heading;
  // The clause around the name: sentences are already split; a semicolon ends a clause too.
  const clauseStart = masked.lastIndexOf(';', f.start) + 1;
  const semi = masked.indexOf(';', f.end);
  const clauseEnd = semi < 0 ? masked.length : semi;
  const clause = masked.slice(clauseStart, clauseEnd);
  const before = masked.slice(Math.max(clauseStart, f.start - 160), f.start);
  const after = masked.slice(f.end, clauseEnd);

  if (anyMatch(c.inWordAfter, after) || anyMatch(c.inWordBefore, before)) return { status: 'in-word', because: [f.end, Math.min(clauseEnd, f.end + 20)] };
  const beforeLower = before.toLowerCase();
  const possessive = HINT.account.test(beforeLower) ? firstExec(c.accountBefore, before) : null;
  if (possessive && anyMatch(c.accountAfter, after)) return { status: 'account', because: [f.start - before.length + possessive.index, f.end] };
  // A field of the visitor's profile at the service, in a list of data: "LinkedIn/GitHub URLs", "Instagram handle".
  const field = firstExec(c.profileField, after);
  if (field) return { status: 'account', because: [f.start, f.end + field[0].length] };
  // "über bestehende Nutzer-Konten bei Facebook, Twitter und Google": the visitor's accounts, the list included.
  const holder = HINT.accounts.test(beforeLower) ? firstExec(c.accountHolderBefore, before) : null;
  if (holder) return { status: 'account', because: [f.start - before.length + holder.index, f.end] };
  const prevAccount = earlier[earlier.length - 1];
  if (prevAccount && prevAccount.status === 'account' && prevAccount.because && anyMatch(c.listGap, masked.slice(prevAccount.end, f.start))) {
    return { status: 'account', because: prevAccount.because };
  }

  // Denied: a negation before the name (no contrast between), after it, or a list that a denial runs through.
  if (!anyMatch(c.notADenial, clause)) {
    const prev = earlier[earlier.length - 1];
    if (prev && prev.status === 'denied' && anyMatch(c.listGap, masked.slice(prev.end, f.start))) return { status: 'denied', because: prev.because ?? [prev.start, prev.end] };
    const neg = HINT.negation.test(beforeLower) ? firstExec(c.deniedBefore, before) : null;
    if (neg) {
      const from = f.start - before.length + neg.index;
      const span = masked.slice(from, f.start);
      if (!CONTRAST.test(span.slice(1)) && !anyMatch(c.negatedData, span)) return { status: 'denied', because: [from, from + neg[0].trimEnd().length] };
    }
    const negAfter = HINT.negationAfter.test(after.toLowerCase()) ? firstExec(c.deniedAfter, after) : null;
    if (negAfter) return { status: 'denied', because: [f.end, f.end + negAfter[0].length] };
  }

  // A heading for the site's own profiles ("Unsere Onlinepräsenz auf Instagram", "Our pages on social
  // networks: Instagram, LinkedIn") heads a section about them, not about a service the site uses.
  const presence = heading ? PRESENCE_HEADING.exec(clause) : null;
  if (presence && !anyMatch(c.embed, clause)) {
    return { status: 'linked', because: [clauseStart + presence.index, clauseStart + presence.index + presence[0].length] };
  }

  // Linked: the clause only links ("Links zu Instagram sind eingebunden"), or the name is the
  // text of a link to another site in a clause that neither embeds nor processes anything.
  if (!heading && !anyMatch(c.embed, clause)) {
    const cue = HINT.link.test(clause.toLowerCase()) ? firstExec(c.linkOnly, clause) : null;
    if (cue) return { status: 'linked', because: [clauseStart + cue.index, clauseStart + cue.index + cue[0].length] };
    if (!anyMatch(c.processing, clause) && doc.linkAt(sentenceStart + f.start, sentenceStart + f.end)) return { status: 'linked' };
  }

  // The company behind a service just named: "cdnjs (Cloudflare, Inc.)", "YouTube, ein Dienst der Google".
  for (let i = earlier.length - 1; i >= 0; i--) {
    const o = earlier[i]!;
    if (o.vendor.id === f.vendor.id || f.start - o.end > 60) continue;
    if (runs(o.vendor, f.vendor) && anyMatch(c.operatorGap, masked.slice(o.end, f.start))) return { status: 'operator', because: [o.start, o.end], of: o.vendor };
    break;
  }

  // Another service's partners or sub-processors, listed after it: "LinkedIn nutzt ferner Partner wie
  // Quantcast, Google Analytics, DoubleClick", "Stripe uses sub-processors such as AWS": they work for it.
  if (earlier.length > 0 && HINT.partners.test(beforeLower)) {
    for (const o of earlier) {
      if (o.vendor.group === f.vendor.group || o.status !== 'used' || f.start - o.end > 200) continue;
      const cue = firstExec(c.partnersOf, masked.slice(o.end, f.start));
      if (cue) return { status: 'reference', of: o.vendor, because: [o.end + cue.index, o.end + cue.index + cue[0].length] };
    }
  }

  // Another product of a company just named, to say who the company is: "Automattic Inc., die unter
  // anderem für ihr WordPress.com-Angebot bekannt ist", "Meta, zu der auch WhatsApp gehört".
  for (let i = earlier.length - 1; i >= 0; i--) {
    const o = earlier[i]!;
    if (f.start - o.end > 120) break;
    if (o.vendor.id === f.vendor.id || !runs(f.vendor, o.vendor) || !(o.vendor.generic || LEGAL_FORM.test(masked.slice(o.start, o.end)))) continue;
    // Up to 40 characters past the name, to the end of a word ("bekannt", not "bekannt" of "bekannter").
    let to = Math.min(clauseEnd, f.end + 40);
    while (to < clauseEnd && /[\p{L}\p{N}]/u.test(masked[to]!)) to++;
    const cue = firstExec(c.companyProfile, masked.slice(o.end, to));
    if (cue) return { status: 'reference', because: [o.end + cue.index, o.end + cue.index + cue[0].length] };
  }

  const exampleHint = !heading && HINT.example.test(beforeLower);
  // A value in a list of examples ("Provider name (e.g., "OpenAI", "Anthropic")"): a field's content, no service.
  const value = exampleHint ? firstExec(c.exampleValue, before) : null;
  if (value) return { status: 'reference', because: [f.start - before.length + value.index, f.start] };
  // One of several possibilities, not a service said to be used.
  const example = exampleHint ? firstExec(c.exampleBefore, before) : null;
  if (example) {
    const from = f.start - before.length + example.index;
    if (anyMatch(c.exampleContext, masked.slice(clauseStart, from)) || anyMatch(c.exampleOr, masked.slice(from, clauseEnd))) {
      return { status: 'example', because: [from, from + example[0].length] };
    }
    // An example of a kind, in a part of the sentence that explains the kind and says nothing of this
    // site (from the comma before the kind's name: "Erstanbieter-Cookies werden von unserer Seite
    // erstellt, Drittanbieter-Cookies von Partner-Webseiten (z.B. Google Analytics)").
    const kind = lastExec(c.exampleKind, masked.slice(clauseStart, from));
    if (kind !== undefined) {
      const partStart = Math.max(clauseStart, masked.lastIndexOf(',', clauseStart + kind) + 1);
      if (!anyMatch(c.exampleSpeaksOfSite, masked.slice(partStart, clauseEnd))) return { status: 'reference', because: [from, from + example[0].length] };
    }
  }

  // Content made with a tool ("Die Texte wurden teilweise mit ChatGPT erstellt"): no visitor's data reach it.
  const authored = firstExec(c.authoredWith, clause);
  if (authored) return { status: 'reference', because: [clauseStart + authored.index, clauseStart + authored.index + authored[0].length] };

  if (f.vendor.generic && !LEGAL_FORM.test(masked.slice(f.start, f.end))) {
    if (anyMatch(c.reference, clause)) return { status: 'reference', because: [clauseStart, clauseEnd] };
    // Near the name, for a heading in the text under it, for a list item in its lead-in.
    const lead = leadIn(doc, sentence.index);
    const context = heading ? doc.slice(sentenceStart, Math.min(doc.text.length, sentenceStart + masked.length + 300)) : masked.slice(Math.max(0, f.start - 50), f.end + 50);
    if (!RECIPIENT_CUE.test(context) && !(lead !== undefined && RECIPIENT_CUE.test(doc.sentenceText(lead)))) return { status: 'reference' };
  }
  return { status: 'used' };
}

const leadMemo = new WeakMap<PolicyDocument, Map<number, number | undefined>>();
/** The sentence that leads into the list a sentence stands in ("… auf folgenden Plattformen:"), if any. */
export function leadIn(doc: PolicyDocument, sentence: number): number | undefined {
  const s = doc.sentences[sentence]!;
  if (s.paragraph < 0 || doc.paragraphs[s.paragraph]!.kind !== 'list-item') return undefined;
  let memo = leadMemo.get(doc);
  if (!memo) leadMemo.set(doc, (memo = new Map()));
  // Every item of a list has its list's lead-in: found once, from the paragraph before the list.
  let first = s.paragraph;
  while (first > 0 && doc.paragraphs[first - 1]!.kind === 'list-item' && doc.paragraphs[first - 1]!.section === s.section && !memo.has(first)) first--;
  if (!memo.has(first)) {
    const before = doc.paragraphs[first - 1];
    let lead: number | undefined;
    if (before && before.section === s.section && before.kind !== 'list-item') {
      const own = doc.sentencesOfParagraph(first - 1);
      const last = own[own.length - 1];
      if (last && /:\s*$/u.test(doc.sentenceText(last.index))) lead = last.index;
    }
    memo.set(first, lead);
  }
  const lead = memo.get(first);
  for (let q = first; q <= s.paragraph; q++) memo.set(q, lead);
  return lead;
}

const embedMemo = new WeakMap<PolicyDocument, Map<number, boolean>>();
/** Whether a section's own text speaks of embedding (plugins, iframes, pixels, loading on a visit). */
function sectionEmbeds(doc: PolicyDocument, section: number, c: Cues): boolean {
  let memo = embedMemo.get(doc);
  if (!memo) embedMemo.set(doc, (memo = new Map()));
  let v = memo.get(section);
  if (v === undefined) {
    v = doc.sentencesOfSection(section).some((s) => anyMatch(c.embed, doc.sentenceText(s.index)));
    memo.set(section, v);
  }
  return v;
}

const mentionMemo = new WeakMap<PolicyDocument, VendorMention[]>();
const usedMemo = new WeakMap<PolicyDocument, VendorMention[]>();

/**
 * Every place the policy names a catalog service, each with its status and the words that
 * decided it. A heading that names a service takes the status of the text under it when
 * that text names the service only to deny or link it ("Google Maps" over "Einzelne Seiten
 * verlinken auf Google Maps"). A bare group name ("Google Ireland Limited") beside a product
 * of that group in the same section is `hidden`: the product is reported, not the group.
 */
export function allMentions(doc: PolicyDocument, k: Knowledge = knowledge()): readonly VendorMention[] {
  const hit = mentionMemo.get(doc);
  if (hit) return hit;
  index ??= buildIndex(k.vendors);
  const c = cueLists();
  const raw: VendorMention[] = [];
  for (const s of doc.sentences) {
    const text = doc.sentenceText(s.index);
    const found = matchAliases(text, index);
    if (found.length === 0) continue;
    // Longest names first; a shorter one inside a longer one is the same mention.
    found.sort((a, b) => b.end - b.start - (a.end - a.start));
    const taken: Array<[number, number]> = [];
    const kept: Found[] = [];
    for (const f of found) {
      if (taken.some(([a, b]) => f.start < b && a < f.end)) continue;
      taken.push([f.start, f.end]);
      kept.push({ ...f, status: 'used' });
    }
    kept.sort((a, b) => a.start - b.start);
    const masked = mask(text);
    for (let i = 0; i < kept.length; i++) {
      const f = kept[i]!;
      Object.assign(f, classify(doc, s, masked, f, kept.slice(0, i), c));
      const m: VendorMention = { vendor: f.vendor, start: s.start + f.start, end: s.start + f.end, sentence: s.index, status: f.status };
      if (f.of) m.of = f.of;
      if (f.because) m.because = { start: s.start + f.because[0], end: s.start + f.because[1] };
      raw.push(m);
    }
  }
  // "Anbieter dieses Dienstes ist die Meta Platforms Ireland Limited" in the section of a service
  // the company runs (Instagram): the company is that service's operator, whatever it is said to do.
  for (const m of raw) {
    if (m.status !== 'used' || !anyMatch(c.operatorStatement, doc.sentenceText(m.sentence))) continue;
    const section = doc.sections[doc.sentences[m.sentence]!.section]!;
    // The service is named before the company that runs it ("Braintree … operated by PayPal").
    // (The company, not another product of its group: "Anbieter: GitHub Pages / Microsoft" then "Anbieter: Microsoft 365".)
    const company = m.vendor.generic || m.vendor.company.toLowerCase().startsWith(m.vendor.name.toLowerCase()) || m.vendor.group.toLowerCase().startsWith(m.vendor.name.toLowerCase());
    const subject = company ? raw.find((o) => o.start >= section.start && o.start < section.bodyEnd && o.start < m.start && runs(o.vendor, m.vendor)) : undefined;
    if (!subject) continue;
    m.status = 'operator';
    m.of = subject.vendor;
    m.because = { start: subject.start, end: subject.end };
  }
  // "Instagram: https://help.instagram.com/…" after the section has named Instagram as a profile the
  // site keeps ("Unsere Onlinepräsenz auf Facebook, Instagram"): the address of the same link.
  for (let i = 0; i < raw.length; i++) {
    const m = raw[i]!;
    if (m.status !== 'used') continue;
    const sentence = doc.sentences[m.sentence]!;
    // The line of the sentence the name stands on (a list of such lines is one sentence).
    const text = doc.sentenceText(m.sentence);
    const at = m.start - sentence.start;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline;
    const section = doc.sections[sentence.section]!;
    const contact = section.heading !== undefined && CONTACT_HEADING.test(section.heading);
    // Under a contact heading any short "Label: value" line is a way to reach the site ("GitHub Issues:
    // Open an issue", its link's text); elsewhere only a label with an address.
    const line = text.slice(lineStart, lineEnd);
    const label = LABEL_URL.exec(line) ?? (contact ? LABEL_VALUE.exec(line) : null);
    if (!label || m.end - sentence.start - lineStart > label[1]!.length) continue;
    // The ways to reach the site ("Contact" › "GitHub Issues: https://github.com/…/issues").
    if (contact) {
      m.status = 'linked';
      continue;
    }
    for (let j = i - 1; j >= 0 && raw[j]!.start >= section.start; j--) {
      const o = raw[j]!;
      if (o.vendor.id !== m.vendor.id) continue;
      if (o.status === 'linked') {
        m.status = 'linked';
        m.because = { start: o.start, end: o.end };
      }
      break;
    }
  }
  // Once a company is named as the operator of its section's service, it is that operator wherever the
  // section names it again ("Braintree … operated by PayPal. … credit card information, PayPal information").
  // (The first such mention of a company in a section speaks for all after it: each section and company is walked once.)
  const walked = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const op = raw[i]!;
    if (op.status !== 'operator' || !op.of) continue;
    const section = doc.sections[doc.sentences[op.sentence]!.section]!;
    const key = `${section.index}:${op.vendor.id}`;
    if (walked.has(key)) continue;
    walked.add(key);
    for (let j = i + 1; j < raw.length && raw[j]!.start < section.bodyEnd; j++) {
      const m = raw[j]!;
      if (m.status !== 'used' || m.vendor.id !== op.vendor.id) continue;
      m.status = 'operator';
      m.of = op.of;
      m.because = op.because ?? { start: op.start, end: op.end };
    }
  }
  // An example is one of several possibilities only beside alternatives of its kind ("z. B. Vercel,
  // Netlify oder All-Inkl" as hosts); "Videos von YouTube, Kartenmaterial von Google Maps" names
  // different services that may each be used.
  for (const m of raw) {
    if (m.status !== 'example') continue;
    const alternative = raw.some((o) => o !== m && o.sentence === m.sentence && o.status === 'example' && o.vendor.category === m.vendor.category && o.vendor.id !== m.vendor.id);
    if (!alternative) {
      m.status = 'used';
      delete m.because;
    }
  }
  // A list under a lead-in that links or denies ("Links zu folgenden Plattformen:") says the same of each item.
  for (const m of raw) {
    if (m.status !== 'used') continue;
    const lead = leadIn(doc, m.sentence);
    if (lead === undefined) continue;
    const t = mask(doc.sentenceText(lead));
    const deny = firstExec(c.deniedLeadIn, t);
    const link = deny ? null : anyMatch(c.embed, t) ? null : firstExec(c.linkOnly, t);
    const cue = deny ?? link;
    if (!cue) continue;
    m.status = deny ? 'denied' : 'linked';
    const at = doc.sentences[lead]!.start + cue.index;
    m.because = { start: at, end: at + cue[0].length };
  }
  // The mentions of each service in each section's own text, for the two passes below.
  const inSection = new Map<string, VendorMention[]>();
  for (const m of raw) {
    const key = `${doc.sentences[m.sentence]!.section}:${m.vendor.id}`;
    const list = inSection.get(key);
    if (list) list.push(m);
    else inSection.set(key, [m]);
  }
  const sameSection = (m: VendorMention): readonly VendorMention[] => inSection.get(`${doc.sentences[m.sentence]!.section}:${m.vendor.id}`) ?? [];
  // A section that links to a service and embeds nothing links it throughout: "Wenn Sie auf den
  // Instagram-Link klicken ... Instagram erhält dabei die Information ...".
  for (const m of raw) {
    if (m.status !== 'used') continue;
    // Only a linking statement spreads, not a name that happens to be a link's text.
    const linked = sameSection(m).find((o) => o.status === 'linked' && o.because);
    if (!linked || sectionEmbeds(doc, doc.sentences[m.sentence]!.section, c)) continue;
    m.status = 'linked';
    m.because = linked.because ?? { start: linked.start, end: linked.end };
  }
  // A heading over text that names the service only to deny or link it says the same.
  for (const m of raw) {
    if (!doc.sentences[m.sentence]!.heading || m.status !== 'used') continue;
    const body = sameSection(m).filter((o) => o !== m && !doc.sentences[o.sentence]!.heading);
    // The body may speak of the service by its company's name ("GoogleFonts" over "This website makes use
    // of fonts from Google … [Google Fonts & Privacy](…)"): a use of the group there is a use of the product.
    const groupUsed = !m.vendor.generic && raw.some((o) => o.status === 'used' && o.vendor.generic && o.vendor.group === m.vendor.group
      && doc.sentences[o.sentence]!.section === doc.sentences[m.sentence]!.section && !doc.sentences[o.sentence]!.heading);
    if (!groupUsed && body.length > 0 && body.every((o) => o.status === 'denied' || o.status === 'linked')) {
      m.status = body[0]!.status;
      m.because = { start: body[0]!.start, end: body[0]!.end };
    }
  }
  // A heading whose first sentence denies what it names without naming it again ("Google Analytics und
  // Google Web Fonts" over "Werden nicht eingebunden oder benutzt."): the heading and its section deny them.
  for (const m of raw) {
    const heading = doc.sentences[m.sentence]!;
    if (!heading.heading || m.status !== 'used') continue;
    const first = doc.sentences[m.sentence + 1];
    if (!first || first.heading || first.section !== heading.section) continue;
    const t = mask(doc.sentenceText(first.index));
    if (!HINT.negationAfter.test(t.toLowerCase()) && !/entf|trifft|zutreff|applicable|n\/a/u.test(t.toLowerCase())) continue;
    const deny = firstExec(c.deniedUnderHeading, t);
    if (!deny || anyMatch(c.notADenial, t)) continue;
    const because = { start: first.start + deny.index, end: first.start + deny.index + deny[0].length };
    for (const o of sameSection(m)) {
      if (o.status !== 'used') continue;
      o.status = 'denied';
      o.because = because;
    }
  }
  // A label section ("Empfänger", "Rechtsgrundlage") after a product's heading is still the product's.
  const owners = new Map<number, number>();
  const sectionOf = (m: VendorMention): number => {
    const section = doc.sentences[m.sentence]!.section;
    let owner = owners.get(section);
    if (owner === undefined) owners.set(section, (owner = labelOwner(doc, section)));
    return owner;
  };
  const products = new Set(raw.filter((m) => m.status === 'used' && !m.vendor.generic).map((m) => `${sectionOf(m)}:${m.vendor.group}`));
  // The group named in the product's section, or in a part of a section headed for the product ("Google
  // Fonts Datenschutzerklärung" › "Wie lange werden Daten gespeichert?" › "… speichert Google einen Tag
  // lang"): the product is meant.
  const headedFor = new Set(raw.filter((m) => m.status === 'used' && !m.vendor.generic && doc.sentences[m.sentence]!.heading).map((m) => `${doc.sentences[m.sentence]!.section}:${m.vendor.group}`));
  const underProduct = (m: VendorMention): boolean => {
    const own = sectionOf(m);
    if (products.has(`${own}:${m.vendor.group}`)) return true;
    // A heading that names the group is a section given to it ("9. JQuery Bibliothek von Google").
    if (doc.sentences[m.sentence]!.heading || headedFor.size === 0) return false;
    for (let a = doc.sections[own]!.parent; a !== undefined && a > 0; a = doc.sections[a]!.parent) {
      if (headedFor.has(`${a}:${m.vendor.group}`)) return true;
    }
    return false;
  };
  const mentions = raw
    .map((m) => (m.status === 'used' && m.vendor.generic && underProduct(m) ? { ...m, hidden: true } : m))
    .sort((a, b) => a.start - b.start);
  mentionMemo.set(doc, mentions);
  return mentions;
}

/** The services the policy says it uses: the `used` mentions (hidden group names included). */
export function vendorMentions(doc: PolicyDocument, k: Knowledge = knowledge()): VendorMention[] {
  let used = usedMemo.get(doc);
  if (!used) {
    used = allMentions(doc, k).filter((m) => m.status === 'used');
    usedMemo.set(doc, used);
  }
  return used;
}

/** The mentions (in text order) that start inside [start, end): binary search, then a run. */
export function mentionsBetween(mentions: readonly VendorMention[], start: number, end: number): VendorMention[] {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: VendorMention[] = [];
  for (let i = lo; i < mentions.length && mentions[i]!.start < end; i++) out.push(mentions[i]!);
  return out;
}
