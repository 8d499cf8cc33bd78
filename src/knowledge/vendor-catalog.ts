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
import type { Localized } from '../types.js';
import { UserError } from '../types.js';

export interface Vendor {
  id: string;
  name: string;
  aliases: string[];
  /**
   * Names that are also common words ("Meta"): found only as written, and not as the first part
   * of a compound ("Meta-Daten", "Meta Description").
   */
  exactAliases: string[];
  category: string;
  company: string;
  group: string;
  /** ISO 3166-1 alpha-2 of the group's home country. */
  country: string;
  /**
   * Where the entity that processes the data sits, where that is not the group's home
   * country (Vimeo.com, Inc. in the US, owned by an Italian group): data go there.
   */
  processingCountry: string;
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
  'id', 'name', 'aliases', 'case-sensitive-aliases', 'company', 'group', 'country', 'processing-country', 'eu-entity', 'dpf', 'consent', 'signatures', 'source', 'self-hostable', 'generic',
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
  if (v['processing-country'] !== undefined && !/^[A-Z]{2}$/u.test(String(v['processing-country']))) fail(file, `${key}.processing-country`, 'must be an ISO 3166-1 alpha-2 code');
  if (!strings(v.aliases) || v.aliases.length === 0) fail(file, `${key}.aliases`, 'must be a non-empty list of strings');
  if (v['case-sensitive-aliases'] !== undefined && (!strings(v['case-sensitive-aliases']) || !v['case-sensitive-aliases'].every((a) => /^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*$/u.test(a)))) {
    fail(file, `${key}.case-sensitive-aliases`, 'must be a list of capitalised words ("Meta", "App Store")');
  }
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
    exactAliases: (v['case-sensitive-aliases'] as string[] | undefined) ?? [],
    category,
    company: v.company as string,
    group: v.group as string,
    country: v.country as string,
    processingCountry: (v['processing-country'] as string | undefined) ?? (v.country as string),
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

/** Whether data going to the vendor's processing entity leave the EEA for a country without (general) adequacy. */
/** Whether a site can serve the service from its own server (fonts, self-hostable tools): a fix may offer that. */
export const servableLocally = (v: Vendor): boolean => v.selfHostable || v.category === 'fonts';

export function isThirdCountry(vendor: Vendor, k: Knowledge = knowledge()): boolean {
  const country = vendor.processingCountry;
  if (k.eea.has(country)) return false;
  // The US decision covers only organisations certified under the Data Privacy Framework, and
  // the policy must still say so: a US entity always needs a transfer notice and a safeguard.
  if (country === 'US') return true;
  return !k.adequacy.has(country);
}
