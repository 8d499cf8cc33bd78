/**
 * The vendor knowledge base (rules/vendors/*.yaml) and the countries with an
 * EU adequacy decision (rules/countries.yaml): loaded once, validated
 * strictly, and used to find the services a policy names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';
import yaml from 'js-yaml';
import { loadDataFile } from '../load/data-file.js';
import type { PolicyDocument } from '../document/document.js';
import type { Localized } from './rule-schema.js';
import { UserError } from '../types.js';
import { ure, WORD } from '../unicode-regexp.js';

export interface Vendor {
  id: string;
  name: string;
  aliases: string[];
  category: string;
  company: string;
  group: string;
  /** ISO 3166-1 alpha-2 of the group's home country. */
  country: string;
  euEntity?: string;
  dpf?: { certified: boolean | 'unknown'; entity?: string; asOf?: string };
  consent: { required: boolean | 'depends'; level: 'error' | 'warning'; basis: string };
  signatures: { hosts: string[]; paths: string[]; inline: string[] };
  selfHostable: boolean;
  /** A group named without a product ("Google LLC"): reported only where no product of the group is. */
  generic: boolean;
  source: string[];
  file: string;
}

export interface AdequateCountry {
  code: string;
  name: Localized;
  decision?: string;
  date: string;
  scope: Localized;
}

export interface Knowledge {
  vendors: Vendor[];
  /** Adequacy decisions (Art. 45 GDPR) by country code; the US entry covers DPF-certified organisations only. */
  adequacy: Map<string, AdequateCountry>;
  /** EEA member states: no third countries. */
  eea: Set<string>;
  /** The date up to which the law and vendor facts were checked. */
  lawStand: string;
}

export const KNOWLEDGE_DIR = packagePath('rules');

const VENDOR_KEYS = new Set([
  'id', 'name', 'aliases', 'company', 'group', 'country', 'eu-entity', 'dpf', 'consent', 'signatures', 'source', 'self-hostable', 'generic',
]);

function fail(file: string, key: string, problem: string): never {
  throw new UserError(`invalid vendor data: key "${key}" ${problem}`, file);
}

const str = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const dateString = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

function validateVendor(raw: unknown, file: string, key: string, category: string): Vendor {
  if (typeof raw !== 'object' || raw === null) fail(file, key, 'must be a mapping');
  const v = raw as Record<string, unknown>;
  for (const k of Object.keys(v)) if (!VENDOR_KEYS.has(k)) fail(file, `${key}.${k}`, 'is not a known vendor key');
  for (const k of ['id', 'name', 'company', 'group', 'country'] as const) if (!str(v[k])) fail(file, `${key}.${k}`, 'must be a non-empty string');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/u.test(v.id as string)) fail(file, `${key}.id`, 'must be kebab-case');
  if (!/^[A-Z]{2}$/u.test(v.country as string)) fail(file, `${key}.country`, 'must be an ISO 3166-1 alpha-2 code');
  if (!strings(v.aliases) || v.aliases.length === 0) fail(file, `${key}.aliases`, 'must be a non-empty list of strings');
  if (!strings(v.source) || v.source.length === 0) fail(file, `${key}.source`, 'must list at least one source');
  const c = v.consent as Record<string, unknown> | undefined;
  if (!c || typeof c !== 'object') fail(file, `${key}.consent`, 'is required');
  if (c.required !== true && c.required !== false && c.required !== 'depends') fail(file, `${key}.consent.required`, 'must be true, false or depends');
  if (c.level !== 'error' && c.level !== 'warning') fail(file, `${key}.consent.level`, 'must be error or warning');
  if (!str(c.basis)) fail(file, `${key}.consent.basis`, 'must name the law or decision');
  const vendor: Vendor = {
    id: v.id as string,
    name: v.name as string,
    aliases: v.aliases,
    category,
    company: v.company as string,
    group: v.group as string,
    country: v.country as string,
    consent: { required: c.required, level: c.level, basis: c.basis },
    signatures: { hosts: [], paths: [], inline: [] },
    selfHostable: v['self-hostable'] === true,
    generic: v.generic === true,
    source: v.source,
    file,
  };
  if (v['eu-entity'] !== undefined) {
    if (!str(v['eu-entity'])) fail(file, `${key}.eu-entity`, 'must be a string');
    vendor.euEntity = v['eu-entity'];
  }
  if (v.dpf !== undefined) {
    const d = v.dpf as Record<string, unknown>;
    if (typeof d !== 'object' || d === null) fail(file, `${key}.dpf`, 'must be a mapping');
    if (d.certified !== true && d.certified !== false && d.certified !== 'unknown') fail(file, `${key}.dpf.certified`, 'must be true, false or unknown');
    vendor.dpf = { certified: d.certified };
    if (str(d.entity)) vendor.dpf.entity = d.entity;
    if (d['as-of'] !== undefined) vendor.dpf.asOf = dateString(d['as-of']);
  }
  if (v.signatures !== undefined) {
    const s = v.signatures as Record<string, unknown>;
    for (const k of Object.keys(s)) {
      if (k !== 'hosts' && k !== 'paths' && k !== 'inline') fail(file, `${key}.signatures.${k}`, 'is not a known signature kind (hosts, paths, inline)');
      if (!strings(s[k])) fail(file, `${key}.signatures.${k}`, 'must be a list of strings');
      vendor.signatures[k] = s[k] as string[];
    }
  }
  return vendor;
}

function loadYaml(file: string): unknown {
  try {
    return loadDataFile(file);
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : (error as Error).message;
    throw new UserError(`invalid vendor data: ${reason}`, file);
  }
}

export function loadKnowledge(dir = KNOWLEDGE_DIR): Knowledge {
  const vendorDir = join(dir, 'vendors');
  const vendors: Vendor[] = [];
  const ids = new Map<string, string>();
  for (const name of readdirSync(vendorDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = join(vendorDir, name);
    const raw = loadYaml(file) as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object' || !str(raw.category) || !Array.isArray(raw.vendors)) fail(file, '(top level)', 'must have category and vendors');
    for (const k of Object.keys(raw)) if (k !== 'category' && k !== 'vendors') fail(file, k, 'is not a known key');
    raw.vendors.forEach((v: unknown, i: number) => {
      const vendor = validateVendor(v, file, `vendors[${i}]`, raw.category as string);
      const other = ids.get(vendor.id);
      if (other) fail(file, `vendors[${i}].id`, `repeats "${vendor.id}" of ${other}`);
      ids.set(vendor.id, file);
      vendors.push(vendor);
    });
  }
  const countriesFile = join(dir, 'countries.yaml');
  const countries = loadYaml(countriesFile) as { adequacy?: unknown[]; eea?: unknown[] } | null;
  if (!countries || !Array.isArray(countries.adequacy) || !Array.isArray(countries.eea)) fail(countriesFile, '(top level)', 'must have adequacy and eea lists');
  const adequacy = new Map<string, AdequateCountry>();
  countries.adequacy.forEach((raw, i) => {
    const c = raw as Record<string, unknown>;
    if (!str(c.code) || typeof c.name !== 'object' || typeof c.scope !== 'object') fail(countriesFile, `adequacy[${i}]`, 'must have code, name, date and scope');
    const entry: AdequateCountry = { code: c.code, name: c.name as Localized, date: dateString(c.date), scope: c.scope as Localized };
    if (str(c.decision)) entry.decision = c.decision;
    adequacy.set(c.code, entry);
  });
  const eea = new Set(countries.eea.map((e) => String((e as { code: unknown }).code)));
  const law = loadYaml(join(dir, 'law.yaml')) as { 'law-stand'?: unknown } | null;
  if (!law || law['law-stand'] === undefined) fail(join(dir, 'law.yaml'), 'law-stand', 'is required');
  return { vendors, adequacy, eea, lawStand: dateString(law['law-stand']) };
}

let cached: Knowledge | undefined;
export function knowledge(): Knowledge {
  cached ??= loadKnowledge();
  return cached;
}

/** Whether data going to a vendor's group leaves the EEA for a country without (general) adequacy. */
export function isThirdCountry(vendor: Vendor, k: Knowledge = knowledge()): boolean {
  if (k.eea.has(vendor.country)) return false;
  // The US decision covers only organisations certified under the Data Privacy Framework, and
  // the policy must still say so: a US group always needs a transfer notice and a safeguard.
  if (vendor.country === 'US') return true;
  return !k.adequacy.has(vendor.country);
}

// ---------------------------------------------------------------------------
// Finding vendors in a policy's text

export interface VendorMention {
  vendor: Vendor;
  /** A group name beside a product of the group: not reported, but it still marks where the group is spoken of. */
  hidden?: boolean;
  /** Plain-text offsets of the name. */
  start: number;
  end: number;
  sentence: number;
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

/** Catalog names in one sentence: [start, end) offsets in it, the longest name at each place. */
function matchAliases(text: string, idx: AliasIndex): Array<{ start: number; end: number; vendor: Vendor }> {
  const found: Array<{ start: number; end: number; vendor: Vendor }> = [];
  for (const w of text.matchAll(WORDS)) {
    let word = w[0];
    if (word.endsWith('.')) word = word.replace(/(?<!\.)\.+$/u, '');
    const lower = idx.byFirstWord.get(word.toLowerCase());
    const exact = idx.byFirstWord.get(word);
    if (!lower && !exact) continue;
    const at = w.index!;
    // Not inside an address, a host name or a path ("policies.google.com", "@google").
    const prev = at > 0 ? text[at - 1] : '';
    if (prev === '@' || prev === '.' || prev === '/') continue;
    const hit = tryAt(lower, text, at) ?? tryAt(exact, text, at);
    if (hit) found.push({ start: at, end: at + hit.length, vendor: hit.vendor });
  }
  return found;
}

const NEGATION_BEFORE = ure(/\b(?:kein|keine|keinen|keiner|keinerlei|nicht|ohne|no|not|without|never|instead of|statt|anstelle)\b[^.;:]{0,60}$/iu);
/** "Google Analytics is intentionally disabled", "PayPal ... is not shared". */
const NEGATION_AFTER =
  ure(/^[^.;:]{0,40}?\b(?:(?:is|are|wird|werden|ist|sind) (?:\w+ )?(?:disabled|deaktiviert|abgeschaltet|not|nicht|never|nie)|not (?:used|enabled|active|shared)|nicht (?:verwendet|eingesetzt|genutzt|aktiv))\b/iu);
/** "keine Cookies, aber Google Analytics": the negation ends at a contrast. */
const CONTRAST = ure(/\b(?:aber|jedoch|sondern|allerdings|but|however|except|außer)\b/iu);
/** A bare group name ("Google", "Microsoft") names a recipient only where data or a service are spoken of. */
const RECIPIENT_CUE = ure(/\b(?:anbieter\w*|dienst(?:es)? (?:der|von|des)|dienstleist\w*|server\w*|übermittel\w*|übertrag\w*|weiterge\w*|verarbeit\w*|speicher\w*|nutzen|nutzt|genutzt|benutz\w*|verwend\w*|einge(?:bunden|bettet|setzt)|plug-?in\w*|cookies?|konto|provider|services?|transfer\w*|process\w*|stor\w*|shar\w*|sent|uses?|used|llc|inc|ltd|limited|gmbh|ireland)\b/iu);
/** A sentence that only links to a profile or page: no data flows until the visitor clicks. */
const LINK_ONLY = ure(/\b(?:verlink\w*|links? (?:zu|auf|to)|folgen sie uns|follow us|profil\w* (?:auf|bei|on)|besuchen sie uns|visit us)\b/iu);
const PROCESSING_CUE = ure(/\b(?:einge(?:bunden|bettet|setzt)|verwende\w*|nutz\w*|setz\w* \w* ein|übermittel\w*|übertrag\w*|lädt|geladen|speicher\w*|verarbeit\w*|use[sd]?|embed\w*|load\w*|transmit\w*|process\w*|stor\w*|sen[dt]\w*|plugin|plug-in|pixel)\b/iu);

const mentionMemo = new WeakMap<PolicyDocument, VendorMention[]>();

/**
 * The catalog services a policy names as services it uses: not negated ("kein
 * Google Analytics"), not only linked ("Folgen Sie uns auf Instagram"), and a
 * bare group name ("Google Ireland Limited") only where no product of that
 * group is named in the same section.
 */
export function vendorMentions(doc: PolicyDocument, k: Knowledge = knowledge()): VendorMention[] {
  const hit = mentionMemo.get(doc);
  if (hit) return hit;
  index ??= buildIndex(k.vendors);
  const raw: VendorMention[] = [];
  for (const s of doc.sentences) {
    const text = doc.sentenceText(s.index);
    const found = matchAliases(text, index);
    // Longest names first; a shorter one inside a longer one is the same mention.
    found.sort((a, b) => b.end - b.start - (a.end - a.start));
    const taken: Array<[number, number]> = [];
    const accepted: typeof found = [];
    for (const f of found) {
      if (taken.some(([a, b]) => f.start < b && a < f.end)) continue;
      taken.push([f.start, f.end]);
      const before = text.slice(Math.max(0, f.start - 70), f.start);
      const negation = NEGATION_BEFORE.exec(before);
      if (negation && !CONTRAST.test(before.slice(negation.index))) continue;
      if (NEGATION_AFTER.test(text.slice(f.end, f.end + 60))) continue;
      if (LINK_ONLY.test(text) && !PROCESSING_CUE.test(text)) continue;
      if (f.vendor.generic && !/\b(?:llc|inc|ltd|limited|ireland|corporation|corp)\b/iu.test(text.slice(f.start, f.end))) {
        // Near the name, or for a heading in the text under it.
        const context = s.heading ? doc.slice(s.start, Math.min(doc.text.length, s.end + 300)) : text.slice(Math.max(0, f.start - 50), f.end + 50);
        if (!RECIPIENT_CUE.test(context)) continue;
      }
      accepted.push(f);
    }
    for (const f of accepted) {
      // "unpkg.com (Cloudflare, Inc., USA)": the company in brackets runs the service just named.
      if (accepted.some((o) => o !== f && o.end <= f.start && /^\s*\($/u.test(text.slice(o.end, f.start)))) continue;
      raw.push({ vendor: f.vendor, start: s.start + f.start, end: s.start + f.end, sentence: s.index });
    }
  }
  const sectionOf = (m: VendorMention): number => doc.sentences[m.sentence]!.section;
  const mentions = raw
    .map((m) =>
      m.vendor.generic && raw.some((o) => !o.vendor.generic && o.vendor.group === m.vendor.group && sectionOf(o) === sectionOf(m)) ? { ...m, hidden: true } : m,
    )
    .sort((a, b) => a.start - b.start);
  mentionMemo.set(doc, mentions);
  return mentions;
}
