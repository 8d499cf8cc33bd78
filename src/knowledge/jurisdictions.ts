/**
 * Jurisdiction profiles (`rules/jurisdictions.yaml`): the law a policy is read
 * against, by where its controller sits. A profile names the rules that do not
 * apply there, messages that cite its own law, how legal citations are written,
 * and replacements for the GDPR's German reading in every message.
 */
import { packagePath } from '../package-root.js';
import { loadDataFile } from '../load/data-file.js';
import type { Language, Localized } from '../types.js';
import { UserError } from '../types.js';
import { patternList, withPatternCheck } from './patterns.js';

export const JURISDICTIONS = ['de', 'at', 'ch', 'uk', 'eu'] as const;
export type JurisdictionId = (typeof JURISDICTIONS)[number];

export interface JurisdictionProfile {
  id: JurisdictionId;
  name: Localized;
  law: RegExp[];
  place: RegExp[];
  skip: Set<string>;
  messages: Record<string, Localized>;
  /** Per citation kind: how to write it, or null to leave it out. */
  citations: Record<string, Localized | null>;
  rewrite: Record<Language, Array<[RegExp, string]>>;
}

let cache: Map<JurisdictionId, JurisdictionProfile> | undefined;

const isLocalized = (v: unknown): v is Localized =>
  typeof v === 'object' && v !== null && typeof (v as Localized).de === 'string' && typeof (v as Localized).en === 'string';

/** The profiles, loaded once per process. */
export function jurisdictions(): Map<JurisdictionId, JurisdictionProfile> {
  if (cache) return cache;
  const file = packagePath('rules', 'jurisdictions.yaml');
  const bad = (key: string, what: string): never => {
    throw new UserError(`invalid jurisdiction file: key "${key}" ${what}`, file);
  };
  const raw = loadDataFile(file) as { profiles?: Record<string, Record<string, unknown>> } | null;
  const profiles = raw?.profiles ?? bad('profiles', 'must map profile ids to profiles');
  const out = new Map<JurisdictionId, JurisdictionProfile>();
  for (const id of JURISDICTIONS) {
    const p = profiles[id] ?? bad(`profiles.${id}`, 'is missing');
    const detect = (p.detect ?? {}) as Record<string, unknown>;
    if (!isLocalized(p.name)) bad(`profiles.${id}.name`, 'must give de and en');
    const messages: Record<string, Localized> = {};
    for (const [rule, m] of Object.entries((p.messages ?? {}) as Record<string, unknown>)) {
      if (!isLocalized(m)) bad(`profiles.${id}.messages.${rule}`, 'must give de and en');
      messages[rule] = m as Localized;
    }
    const citations: Record<string, Localized | null> = {};
    for (const [kind, c] of Object.entries((p.citations ?? {}) as Record<string, unknown>)) {
      if (c === 'drop') citations[kind] = null;
      else if (isLocalized(c)) citations[kind] = c;
      else bad(`profiles.${id}.citations.${kind}`, 'must be "drop" or give de and en');
    }
    const rewrite: Record<Language, Array<[RegExp, string]>> = { de: [], en: [] };
    for (const lang of ['de', 'en'] as const) {
      const list = ((p.rewrite ?? {}) as Record<string, unknown>)[lang] ?? [];
      if (!Array.isArray(list)) bad(`profiles.${id}.rewrite.${lang}`, 'must be a list of [pattern, replacement] pairs');
      for (const [i, pair] of (list as unknown[]).entries()) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
          bad(`profiles.${id}.rewrite.${lang}[${i}]`, 'must be a [pattern, replacement] pair');
        }
        const [re] = withPatternCheck(false, () => patternList(file, `profiles.${id}.rewrite.${lang}[${i}]`, [(pair as string[])[0]], 'gu'));
        rewrite[lang].push([re!, (pair as string[])[1]!]);
      }
    }
    out.set(id, {
      id,
      name: p.name as Localized,
      law: withPatternCheck(false, () => patternList(file, `profiles.${id}.detect.law`, detect.law ?? [], 'u')),
      place: withPatternCheck(false, () => patternList(file, `profiles.${id}.detect.place`, detect.place ?? [], 'u')),
      skip: new Set(((p.skip ?? []) as unknown[]).map(String)),
      messages,
      citations,
      rewrite,
    });
  }
  cache = out;
  return out;
}

/** A message or fix as the profile writes it. */
export function rewriteFor(profile: JurisdictionProfile, lang: Language, text: string): string {
  let out = text;
  for (const [re, to] of profile.rewrite[lang]) out = out.replace(re, to);
  return out;
}
