/**
 * Where the controller sits, and so which law the policy is read against: the
 * statutes and authority the policy names, and the country of the controller's
 * address and phone number (read only where the controller is given: its
 * section, the imprint, the opening; vendors' addresses are everywhere).
 *
 * A Swiss controller whose policy says it follows the GDPR (it cites
 * the GDPR again and again, as those offering services in the EU must, Art. 3(2)
 * GDPR) is read against the GDPR alone (`eu`): the rules then apply, without
 * German national law.
 */
import type { PolicyDocument } from '../document/document.js';
import type { JurisdictionId, JurisdictionProfile } from '../knowledge/jurisdictions.js';
import { JURISDICTIONS, jurisdictions } from '../knowledge/jurisdictions.js';
import { globalOf, mayMatch } from '../knowledge/lexicons.js';
import { ure } from '../unicode-regexp.js';
import { allMentions, mentionsBetween } from './mentions.js';

export interface Jurisdiction {
  profile: JurisdictionProfile;
  /** How it was found: "set", or the cue that decided ("address in Switzerland"). */
  because: string;
  /** Where the controller's address is, when it is outside the EU and the EEA ("Schweiz", "United Kingdom", "USA"). */
  outsideEu?: string;
}

/** A US state's postal code and a ZIP code: "UT 84020", "AL 35203-1234". */
const US_STATE_ZIP = /\b(?:AL|AK|AZ|AR|CA|CO|CT|FL|GA|HI|ID|IL|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC),?\s{1,2}\d{5}(?:-\d{4})?\b/u;
/** A controller's address outside the EU and EEA, by the country it names. */
const OUTSIDE_EU: ReadonlyArray<[RegExp, string]> = [
  [ure(/\bSchweiz\b|\bSwitzerland\b|\bSuisse\b|\bCH-\d{4}\b/u), 'Schweiz/Switzerland'],
  [ure(/\bUnited Kingdom\b|\bVereinigtes Königreich\b|\bEngland\b|\bScotland\b|\bWales\b|\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b/u), 'United Kingdom'],
  // A US address, not a word on transfers ("an einen Server von Google in den USA"): state and ZIP code before the country.
  [ure(/\b(?:[A-Z]{2}|California|New York|Delaware|Texas|Washington|Massachusetts|Florida|Illinois)\s\d{5}(?:-\d{4})?\b[^.\n]{0,20}\b(?:USA|U\.S\.A\.|United States)\b/u), 'USA'],
  // A US address by its state and ZIP code alone ("Draper, UT 84020"); "DE" is left out, it is also Germany's code.
  [US_STATE_ZIP, 'USA'],
  [ure(/\bCanada\b|\bKanada\b|\bAustralia\b|\bAustralien\b|\bNew Zealand\b|\bNeuseeland\b|\bSingapore\b|\bSingapur\b|\bIndia\b|\bIndien\b|\bIsrael\b|\bJapan\b|\bUkraine\b|\bTürkei\b|\bTurkey\b|\bSerbia\b|\bSerbien\b|\bUnited Arab Emirates\b|\bVereinigte Arabische Emirate\b|\bTaiwan\b|\bHong Kong\b|\bChina\b|\bSouth Korea\b|\bSüdkorea\b|\bBrazil\b|\bBrasilien\b|\bMexico\b|\bMexiko\b|\bSouth Africa\b|\bSüdafrika\b|\bNigeria\b|\bKenya\b|\bPakistan\b|\bIndonesia\b|\bPhilippines\b|\bVietnam\b|\bThailand\b|\bMalaysia\b|\bEgypt\b|\bArgentina\b|\bChile\b|\bColombia\b/u), ''],
];
/** A German postcode and town, not a US house number and street ("22703 Racine Street", "13894 South Bangerter Parkway"). */
const IN_EU = ure(/\bDeutschland\b|\bGermany\b|\bÖsterreich\b|\bAustria\b|(?<![\d-]|\b[A-Z]{2},?\s{1,2})\d{5}(?!\s{1,3}(?:North|South|East|West)\b)(?!\s{1,3}\p{Lu}\p{Ll}{2,}(?:\s{1,3}\p{Lu}\p{Ll}{2,})?\s{1,3}(?:Street|St|Avenue|Ave|Road|Rd|Parkway|Pkwy|Drive|Dr|Boulevard|Blvd|Lane|Ln|Way|Court|Ct|Place|Pl|Highway|Hwy|Circle|Terrace)\b)\s{1,3}\p{Lu}\p{Ll}{2,}/u);

/**
 * The controller sits outside the EU (by its address) and the text names neither the GDPR nor the
 * EU: nothing says the GDPR applies to it, and a disclosure to a service in its own or another
 * country is no "transfer" under Chapter V (which needs an exporter subject to the GDPR).
 */
export function outsideGdpr(doc: PolicyDocument): boolean {
  let v = outsideMemo.get(doc);
  if (v === undefined) {
    // A country with a profile of its own (Switzerland, the UK) is read under its own law.
    const j = jurisdictionOf(doc);
    // Or an English policy with no tie to the EU at all: no word of EU law or of the EU, no European
    // country, no German or Austrian address (an app's policy from Kenya, Pakistan or Canada that
    // names no place): nothing makes a disclosure to a service abroad a GDPR transfer.
    v =
      !EU_LAW.test(doc.text) &&
      ((j.outsideEu !== undefined && j.profile.id === 'eu') || (doc.language === 'en' && j.profile.id === 'eu' && !EUROPEAN_PLACE.test(doc.text) && !GDPR_TERMS.test(doc.text) && !IN_EU.test(controllerText(doc))));
    outsideMemo.set(doc, v);
  }
  return v;
}
const outsideMemo = new WeakMap<PolicyDocument, boolean>();
/** The GDPR's own terms, which a policy written under other law rarely uses. */
const GDPR_TERMS = /\b(?:legitimate interests?|lawful bas[ie]s|legal bas[ie]s (?:for|of) (?:the )?processing|data protection officer|supervisory authorit(?:y|ies)|data controller|data subjects?|standard contractual clauses|right to (?:data )?portability|right to be forgotten|right to restriction)\b/iu;
/** The EU and EEA countries and some of their cities, in English and German. */
const EUROPEAN_PLACE = ure(
  /\b(?:Germany|Deutschland|Austria|Österreich|France|Frankreich|Italy|Italien|Spain|Spanien|Portugal|Netherlands|Niederlande|Holland|Belgium|Belgien|Luxembourg|Luxemburg|Ireland|Irland|Denmark|Dänemark|Sweden|Schweden|Finland|Finnland|Poland|Polen|Czech Republic|Czechia|Tschechien|Slovakia|Slowakei|Hungary|Ungarn|Slovenia|Slowenien|Croatia|Kroatien|Romania|Rumänien|Bulgaria|Bulgarien|Greece|Griechenland|Cyprus|Zypern|Malta|Estonia|Estland|Latvia|Lettland|Lithuania|Litauen|Norway|Norwegen|Iceland|Liechtenstein|Berlin|Munich|München|Hamburg|Vienna|Wien|Paris|Amsterdam|Dublin|Brussels|Brüssel|Madrid|Rome|Stockholm|Copenhagen|Warsaw|Lisbon|Prague)\b/u,
);

const CONTROLLER_HEADING = ure(/verantwortlich|controller|responsible|kontakt|contact|impressum|imprint|anbieter|betreiber|herausgeber|who we are|wer (?:wir|ich)|about (?:us|me)|über (?:uns|mich)|angaben gemäß|legal notice|name und anschrift/iu);
const OPENING = 2500;
/** Citations of the GDPR itself: "Art. 6 Abs. 1 lit. f DSGVO", "Art. 13 GDPR", "DSGVO". */
const GDPR_CITED = /\bDSGVO\b|\bGDPR\b|\bDS-GVO\b|Datenschutz-Grundverordnung|General Data Protection Regulation/gu;
/** Any word of EU law or of the EU: a policy without one, from a controller outside the EU, is not written under the GDPR. */
const EU_LAW = new RegExp(`${GDPR_CITED.source}|\\bRGPD\\b|\\bEEA\\b|\\bEWR\\b|\\bEU\\b|European (?:Union|Economic Area)|Europäische[nrm]? (?:Union|Wirtschaftsraum)|\\bEurope\\b|\\bEuropa\\b`, 'u');
const FOLLOWS_GDPR = 4;

const memo = new WeakMap<PolicyDocument, Jurisdiction>();

/**
 * The controller's part of the text: the opening and every section headed for the controller or
 * the imprint, without the sentences that name a vendor ("Google Ireland Limited, Gordon House, Dublin").
 */
function controllerText(doc: PolicyDocument): string {
  const mentions = allMentions(doc);
  const wanted = new Set<number>();
  for (const s of doc.sections) if (s.heading !== undefined && CONTROLLER_HEADING.test(s.heading)) wanted.add(s.index);
  const parts: string[] = [];
  for (const sentence of doc.sentences) {
    if (sentence.start >= OPENING && !wanted.has(sentence.section)) continue;
    if (mentionsBetween(mentions, sentence.start, sentence.end).length > 0) continue;
    parts.push(doc.sentenceText(sentence.index));
  }
  return parts.join('\n');
}

/** A sentence for visitors in some country ("If you are located in Switzerland, you may contact the FDPIC") says nothing of the controller. */
const FOR_VISITORS_IN = ure(/\b(?:if you (?:are|reside|live)(?: located)? in|(?:wenn|falls|sofern) (?:sie|du) (?:sich |dich )?(?:in|aus) (?:der |dem |den )?\p{Lu}|(?:for|to) (?:users|residents|visitors|individuals|people) (?:in|from|of)|für (?:nutzer|besucher|personen|betroffene)\p{L}* (?:in|aus))/iu);

function lawText(doc: PolicyDocument): string {
  return doc.sentences
    .map((s) => doc.sentenceText(s.index))
    .filter((t) => !FOR_VISITORS_IN.test(t))
    .join('\n');
}

/** How often the pattern occurs in the text (`lower`: the same in lower case), counted up to `limit` (no more is ever needed). */
const count = (re: RegExp, text: string, lower: string, limit: number): number => {
  if (!mayMatch(re, lower)) return 0;
  let n = 0;
  for (const _ of text.matchAll(globalOf(re))) if (++n >= limit) break;
  return n;
};
/** Each cue counts at most twice. */
const CUE_HITS = 2;

export function jurisdictionOf(doc: PolicyDocument, set?: JurisdictionId): Jurisdiction {
  const all = jurisdictions();
  if (set) return { profile: all.get(set)!, because: 'set' };
  const hit = memo.get(doc);
  if (hit) return hit;
  const own = controllerText(doc);
  const ownLower = own.toLowerCase();
  const statutes = lawText(doc);
  const statutesLower = statutes.toLowerCase();
  let best: { id: JurisdictionId; score: number; because: string } | undefined;
  for (const id of JURISDICTIONS) {
    const p = all.get(id)!;
    let score = 0;
    let because = '';
    const law = p.law.reduce((n, re) => n + count(re, statutes, statutesLower, CUE_HITS), 0);
    if (law > 0) {
      score += 2 * law;
      because = 'law';
    }
    const place = p.place.reduce((n, re) => n + count(re, own, ownLower, CUE_HITS), 0);
    if (place > 0) {
      score += 3 * place;
      because ||= 'place';
    }
    if (score > (best?.score ?? 1)) best = { id, score, because };
  }
  let id: JurisdictionId = best?.id ?? (doc.language === 'en' ? 'eu' : 'de');
  let because = best ? (best.because === 'law' ? 'the law it names' : "the controller's address") : 'no place or law named';
  if (id === 'ch' && count(GDPR_CITED, doc.text, doc.text.toLowerCase(), FOLLOWS_GDPR) >= FOLLOWS_GDPR) {
    id = 'eu';
    because = 'a controller outside the EU that follows the GDPR';
  }
  const result: Jurisdiction = { profile: all.get(id)!, because };
  // The first country the controller's part names, if no EU address stands beside it.
  if (!IN_EU.test(own) && !all.get('eu')!.place.some((re) => re.test(own))) {
    for (const [re, name] of OUTSIDE_EU) {
      const m = re.exec(own);
      if (!m) continue;
      // The country as the text names it, where the entry stands for several.
      result.outsideEu = name || m[0];
      break;
    }
    // Read against the GDPR, and say why: the controller sits outside the EU and names no law of its own.
    if (result.outsideEu && !best) result.because = `the controller's address outside the EU (${result.outsideEu})`;
  }
  memo.set(doc, result);
  return result;
}
