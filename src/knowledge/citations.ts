/**
 * Legal reasons as a profile and a language write them. The vendor catalog
 * gives each service's reason in German with its citations ("Google-Maps-Embed
 * lädt Skripte und Cookies von Google: § 25 Abs. 1 TDDDG; Art. 6 Abs. 1 lit. a
 * DSGVO; DSK Orientierungshilfe Digitale Dienste 2024"). A German report under
 * the German profile quotes it whole; any other report gets its citations,
 * each written in the report's language, the ones of another country's law
 * replaced or left out as the profile says.
 */
import type { Language } from '../types.js';
import type { JurisdictionProfile } from './jurisdictions.js';

interface Citation {
  kind: string;
  start: number;
  /** The article reference as each language writes it ("6 Abs. 1 lit. a" / "6(1)(a)"), for GDPR citations. */
  article?: Record<Language, string>;
  text: Record<Language, string>;
}

const GDPR = /Art\.\s?(\d+)(?:\s?Abs\.\s?(\d+))?(?:\s?(?:S\.|Satz)\s?\d)?(?:\s?(?:lit\.|Buchst\.)\s?([a-f]))?\s?(?:DSGVO|GDPR)/gu;
const TDDDG_25 = /§\s?25(?:\s?Abs\.\s?(\d))?(?:\s?Nr\.\s?(\d))?\s?(?:TDDDG|TTDSG)/gu;
const BDSG = /§\s?\d+[a-z]?(?:\s?Abs\.\s?\d+)?\s?BDSG/gu;
const UWG = /§\s?\d+(?:\s?Abs\.\s?\d+)?(?:\s?Nr\.\s?\d+)?\s?UWG/gu;
const CJEU = /EuGH,?\s(?:Urt\.\s(?:v\.\s)?[\d.]+,\s)?C-\d+\/\d+(?:\s\([^()]{1,60}\))?(?:,\s\d{2}\.\d{2}\.\d{4})?/gu;
const BGH = /BGH,?\s(?:(?:Urt|Beschl)\.\s(?:v\.\s)?[\d.]+,\s)?[IVX]+\s?Z[RB]\s?\d+\/\d+(?:\s\([^()]{1,60}\))?(?:,\s\d{2}\.\d{2}\.\d{4})?/gu;
const COURT = /\b(LG|OLG)\s[\p{L}. ]{2,30}?(?:\s[IV]{1,3})?,\s\d{2}\.\d{2}\.\d{4},\s[\dA-Z ]{1,12}\/\d+/gu;
const DSK = /DSK[- ]Orientierungshilfe[^;()]{0,60}?\d{4}/gu;

function gdprArticle(m: RegExpExecArray): Record<Language, string> {
  const [, art, abs, lit] = m;
  return {
    de: `${art}${abs ? ` Abs. ${abs}` : ''}${lit ? ` lit. ${lit}` : ''}`,
    en: `${art}${abs ? `(${abs})` : ''}${lit ? `(${lit})` : ''}`,
  };
}

/** The citations in a legal reason, in the order they stand. */
function citationsIn(reason: string): Citation[] {
  const out: Citation[] = [];
  const each = (re: RegExp, make: (m: RegExpExecArray) => Omit<Citation, 'start'>): void => {
    for (const m of reason.matchAll(re)) out.push({ start: m.index!, ...make(m as RegExpExecArray) });
  };
  each(GDPR, (m) => {
    const article = gdprArticle(m);
    return { kind: 'gdpr', article, text: { de: `Art. ${article.de} DSGVO`, en: `Art. ${article.en} GDPR` } };
  });
  each(TDDDG_25, (m) => {
    const [, abs, nr] = m;
    return { kind: 'tdddg-25', text: { de: `§ 25${abs ? ` Abs. ${abs}` : ''}${nr ? ` Nr. ${nr}` : ''} TDDDG`, en: `§ 25${abs ? `(${abs})` : ''}${nr ? `(${nr})` : ''} TDDDG` } };
  });
  each(BDSG, (m) => ({ kind: 'bdsg', text: { de: m[0], en: m[0] } }));
  each(UWG, (m) => ({ kind: 'uwg', text: { de: m[0], en: m[0] } }));
  each(CJEU, (m) => ({ kind: 'cjeu', text: { de: m[0], en: m[0].replace(/^EuGH/u, 'CJEU') } }));
  each(BGH, (m) => ({ kind: 'bgh', text: { de: m[0], en: m[0] } }));
  each(COURT, (m) => ({ kind: m[1] === 'OLG' ? 'olg' : 'lg', text: { de: m[0], en: m[0] } }));
  each(DSK, (m) => ({ kind: 'dsk', text: { de: m[0], en: m[0].replace(/Orientierungshilfe Digitale Dienste/u, 'guidance on digital services (Orientierungshilfe Digitale Dienste)') } }));
  return out.sort((a, b) => a.start - b.start);
}

/** A legal reason written for the profile and the report's language. */
export function legalReason(reason: string, lang: Language, profile: JurisdictionProfile): string {
  if (profile.id === 'de' && lang === 'de') return reason;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const c of citationsIn(reason)) {
    const rule = profile.citations[c.kind];
    if (rule === null) continue;
    const text = rule === undefined ? c.text[lang] : rule[lang].replace('{article}', c.article?.[lang] ?? '');
    if (seen.has(text)) continue;
    seen.add(text);
    parts.push(text);
  }
  return parts.join('; ');
}
