/**
 * Check kind `vendor-transfer` (Art. 13(1)(f), Chapter V GDPR): a named
 * service whose group sits in the US or another country without adequacy
 * needs a statement that data go there and the safeguard relied on, in the
 * vendor's own section or in a general section on transfers. A list of every
 * possible mechanism ("adequacy, standard contractual clauses or consent")
 * names none; Privacy Shield and "you accept this transfer" are no safeguards.
 */
import type { RawEvidence, RawFinding } from '../check.js';
import { defineCheck, fill } from '../check.js';
import type { PolicyDocument, Section } from '../../document/document.js';
import { anyMatch, compilePatterns, globalOf, loadLexicon } from '../../knowledge/lexicons.js';
import { isThirdCountry, knowledge } from '../../knowledge/vendor-catalog.js';
import type { VendorMention } from '../../statements/mentions.js';
import { allMentions, leadIn, mentionsBetween, vendorMentions } from '../../statements/mentions.js';
import type { VendorScope } from '../../statements/scopes.js';
import { ancestorSentences, COLLECTIVE, scopeSentences, vendorScopes } from '../../statements/scopes.js';
import type { Vendor } from '../../knowledge/vendor-catalog.js';
import type { Localized } from '../../types.js';
import { UserError } from '../../types.js';
import { localized } from '../rule-schema.js';
import { outsideGdpr } from '../../statements/jurisdiction.js';
import { ure } from '../../unicode-regexp.js';

export interface TransferParams {
  notice: RegExp[];
  safeguards: Record<string, RegExp[]>;
  notASafeguard: RegExp[];
  transferHeadings: RegExp[];
}

/** A company address ("…, CA 94107, USA") says where a company sits, not where data go. */
const US_ADDRESS = ure(/(?:\b[A-Z]{2}\s?\d{5}(?:-\d{4})?|\b\d{5}(?:-\d{4})?)\s*,?\s*(?:USA|U\.S\.A\.|United States|Vereinigte Staaten)\b/gu);
const NEGATED = ure(/\b(?:no|not|never|without|kein|keine|keiner|keinen|nicht|niemals|ohne)\b[^.;]{0,25}$/iu);
/** "Sofern ..., erfolgt die Übermittlung auf Grundlage von ...": possibilities, not a statement. */
const CONDITIONAL = ure(/\b(?:sofern|soweit|falls|nur dann|wenn|vorbehaltlich|if|where|insofar|to the extent|should|subject to)\b/iu);
export const LOCAL_ONLY =
  ure(/\b(?:lokal (?:installiert|eingebunden|gehostet|gespeichert|auf unserem|von unserem)|werden lokal|selbst gehostet|self-?hosted|hosted locally|served locally|from our own server|keine verbindung zu (?:den )?servern|no connection to (?:the )?servers)\b/iu);
/**
 * Said of a service in its own sentence: it runs on the visitor's device and sends nothing ("Face detection
 * runs entirely on-device using Google's ML Kit", "No data is sent to Google servers", "erfolgt vollständig
 * auf Ihrem Gerät"); with "unless …" it still may.
 */
const ON_DEVICE = ure(/\b(?:no (?:data|information|images?|content) (?:is|are|will be|gets?) (?:ever )?(?:sent|transmitted|transferred|uploaded) to (?:\p{L}+(?:'s)? ){0,2}servers?|(?:runs|happens|occurs|is performed|takes place) (?:entirely |fully |only |completely )?on(?:-| )(?:device|your device)|(?:es )?werden keine daten an (?:die )?server (?:von )?(?:\p{L}+ ){0,2}(?:übertragen|übermittelt|gesendet)|(?:läuft|erfolgt|geschieht) (?:vollständig |ausschließlich |nur )?(?:lokal )?auf (?:ihrem|deinem|dem) (?:gerät|endgerät))\b(?![^.]{0,80}\b(?:unless|except|until|außer|es sei denn|sofern|wenn|if)\b)/iu);
/** As many kinds as this in one sentence is a list of possibilities, not a safeguard relied on. */
const ENUMERATION = 3;
/** A group named by its company, with the legal form ("Google LLC", "Meta Platforms, Inc."). */
const COMPANY_NAME = /\b(?:LLC|Inc\.?|Ltd\.?|Limited|Corporation|Corp\.?|GmbH|PBC|L\.P\.|LP)$/u;

type Params = TransferParams & {
  /** Message bodies per problem, and fixes, in each language ({placeholders} filled per finding). */
  problems: Record<TransferProblem, Localized>;
  fixes: Record<'dpf' | 'other', Localized>;
  evidence: Record<'mention' | 'notice' | 'address' | 'invalid' | 'rejected', Localized>;
  /** What the invalid safeguard is, for the message: the Privacy Shield, mere acknowledgement, the DPF for an uncertified company. */
  invalid: Record<'privacy-shield' | 'acknowledgement' | 'uncertified', Localized>;
};
const PRIVACY_SHIELD = /privacy[- ]?shield/iu;
/** A sentence that points back at the one before it ("Dieser geht zurück auf …", "This is based on …"). */
const SHIELD_POINTER = /^\W{0,3}(?:diese[rs]?|dies|das|er|sie|this|that|it|which)\b/iu;

/** What is wrong with a transfer: no word of it, no safeguard, or one that is none. */
export type TransferProblem = 'no-notice' | 'address-only' | 'no-safeguard' | 'invalid-safeguard';

export interface UncoveredTransfer {
  scope: VendorScope;
  problem: TransferProblem;
  /** The sentence that states the transfer, or the one with the invalid safeguard. */
  statement?: number;
  /** The nearest statement that did not count (a DPF clause for an uncertified company, a list of every mechanism). */
  rejected?: number;
  /** The invalid safeguard is the Privacy Shield, named in the statement or in the sentence after it. */
  shield?: boolean;
}


/** The first word of a company's name ("Apple" of "Apple Inc.", "Stripe" of "Stripe, Inc."). */
function firstWord(company: string): string {
  return /^[\p{L}\p{N}]+/u.exec(company)?.[0] ?? company;
}

/** The capitalised words of some sentences, three letters or more. */
function capitalisedWords(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((t) => [...t.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]{2,}(?![\p{L}\p{N}])/gu)].map((m) => m[0])));
}

/** A function of a sentence's text, computed once per text (sentences are tested again and again below). */
function once<T>(fn: (t: string) => T): (t: string) => T {
  const memo = new Map<string, T>();
  return (t) => {
    if (memo.has(t)) return memo.get(t)!;
    const v = fn(t);
    memo.set(t, v);
    return v;
  };
}

let noTransferCues: { says: RegExp[]; unless: RegExp[] } | undefined;
/** A sentence that says, without exception or condition, that data do not leave the EU/EEA. */
function noTransfer(t: string): boolean {
  if (!/kein|nicht|ohne|nie|no|not|never|without/iu.test(t)) return false;
  const lex = loadLexicon('transfer');
  noTransferCues ??= { says: lex['no-transfer']!, unless: lex['no-transfer-unless']! };
  return anyMatch(noTransferCues.says, t) && !anyMatch(noTransferCues.unless, t);
}

const uncoveredMemo = new WeakMap<PolicyDocument, Map<TransferParams, Map<boolean, UncoveredTransfer[]>>>();

/** Cached per document, parameters and reach: the transfer rule and the EU-only contradiction both ask. */
function findUncovered(doc: PolicyDocument, p: TransferParams, general: boolean): UncoveredTransfer[] {
  let byDoc = uncoveredMemo.get(doc);
  if (!byDoc) uncoveredMemo.set(doc, (byDoc = new Map()));
  let byParams = byDoc.get(p);
  if (!byParams) byDoc.set(p, (byParams = new Map()));
  let hit = byParams.get(general);
  if (!hit) byParams.set(general, (hit = computeUncovered(doc, p, general)));
  return hit;
}

function computeUncovered(doc: PolicyDocument, p: TransferParams, general: boolean): UncoveredTransfer[] {
    const k = knowledge();
    const text = (i: number): string => doc.sentenceText(i);
    const kinds = once((t: string): string[] => {
      const found = Object.entries(p.safeguards).filter(([, res]) => anyMatch(res, t)).map(([kind]) => kind);
      // The DPF is itself an adequacy decision ("EU-US Data Privacy Framework (Angemessenheitsbeschluss
      // vom 10. Juli 2023)"): one mechanism, not two of a list of every possible one.
      return found.includes('dpf') ? found.filter((kind) => kind !== 'adequacy') : found;
    });
    /** The safeguards a sentence relies on (none for a list of every possible mechanism). */
    const safeguardsIn = once((t: string): string[] => {
      if (anyMatch(p.notASafeguard, t)) return [];
      const found = kinds(t);
      return found.length < ENUMERATION ? found : [];
    });
    // An adequacy the text grounds on the Privacy Shield is none: "Für unter dem Privacy Shield
    // zertifizierte Unternehmen wird … ein angemessenes Datenschutzniveau festgestellt", or "Für die USA
    // liegt ein Angemessenheitsbeschluss vor. Dieser geht zurück auf den EU-US Privacy Shield."
    const shieldBased = new Set<number>();
    for (const x of doc.sentences) {
      const t = text(x.index);
      if (!PRIVACY_SHIELD.test(t) || anyMatch(p.safeguards.dpf!, t)) continue;
      shieldBased.add(x.index);
      const before = doc.sentences[x.index - 1];
      if (before && before.paragraph === x.paragraph && SHIELD_POINTER.test(t)) shieldBased.add(before.index);
    }
    // A lead-in's list of every mechanism is one enumeration, however it is laid out ("Falls Daten in Länder
    // außerhalb der EU übertragen werden, erfolgt dies nur:" over "Angemessenheitsbeschluss",
    // "Standardvertragsklauseln", "Einwilligung"), as it is in one sentence.
    const listKinds = new Map<number, Set<string>>();
    // (leadIn is undefined outside list items.)
    for (const x of doc.sentences) {
      const lead = leadIn(doc, x.index);
      if (lead === undefined) continue;
      const found = kinds(text(x.index));
      if (found.length === 0) continue;
      const set = listKinds.get(lead) ?? new Set<string>();
      for (const kind of found) set.add(kind);
      listKinds.set(lead, set);
    }
    /** A sentence under a condition, its own or its list's lead-in's ("Falls Daten … übertragen werden, erfolgt dies nur:"). */
    const conditional = (i: number): boolean => {
      if (CONDITIONAL.test(text(i))) return true;
      const lead = leadIn(doc, i);
      return lead !== undefined && CONDITIONAL.test(text(lead));
    };
    const enumerated = (i: number): boolean => {
      const lead = leadIn(doc, i);
      return lead !== undefined && (listKinds.get(lead)?.size ?? 0) >= ENUMERATION;
    };
    /** The safeguards the sentence at `i` relies on. */
    const safeguardsAt = (i: number): string[] => {
      if (enumerated(i)) return [];
      const found = safeguardsIn(text(i));
      return shieldBased.has(i) ? found.filter((kind) => kind !== 'adequacy') : found;
    };
    /** Whether the safeguards hold for this group: the DPF helps only a certified company. */
    const holds = (found: readonly string[], members: readonly Vendor[]): boolean =>
      found.length > 0 && !(found.every((x) => x === 'dpf') && members.every((m) => m.dpf?.certified === false));
    const noticeIn = once((t: string): boolean => {
      if (anyMatch(p.safeguards.dpf!, t)) return true;
      const stripped = t.replace(US_ADDRESS, ' ');
      // "no third-country transfer for Firebase data" says the opposite.
      return p.notice.some((re) => [...stripped.matchAll(globalOf(re))].some((m) => !NEGATED.test(stripped.slice(Math.max(0, m.index! - 30), m.index!))));
    });
    // Hidden group names too: they show which group a statement is about; and a company named as a
    // service's operator ("Google LLC ist unter dem EU-US Data Privacy Framework zertifiziert").
    const mentions = allMentions(doc).filter((m) => m.status === 'used' || m.status === 'operator');

    // Statements outside a vendor's own section that still cover it: in a general section on
    // transfers (for every service, unless they name particular ones), statements that name
    // several services of one group ("wie beim Google-Login ... Google ... Standardvertragsklauseln"),
    // and collective ones ("Für die oben genannten Dienste gilt: … Standardvertragsklauseln").
    /** 'all', or the catalog ids of the services a statement names; the safeguards it relies on. */
    interface Cover {
      ids: Set<string> | 'all';
      /** Groups named by their bare name ("Google", "Meta"): the statement covers each of their services. */
      groups?: Set<string>;
      /** Capitalised words of a collective statement ("Apple (authentication and payments) … these providers"): a company whose name begins with one is covered. */
      words?: Set<string>;
      safeguards: string[];
      sentence: number;
    }
    const covers: Cover[] = [];
    // Mentions are in text order: the ones in a range are found by binary search, not by a scan per paragraph.
    const between = (start: number, end: number): VendorMention[] => mentionsBetween(mentions, start, end);
    const headed = new Set(mentions.map((m) => doc.sentences[m.sentence]!).filter((s) => s.heading).map((s) => s.section));
    const underServiceHeading = (section: Section): boolean => {
      for (let x: Section | undefined = section; x && x.index > 0; x = x.parent !== undefined ? doc.sections[x.parent] : undefined) {
        if (headed.has(x.index)) return true;
      }
      return false;
    };
    for (const para of doc.paragraphs) {
      const sentences = doc.sentencesOfParagraph(para.index);
      if (sentences.length === 0) continue;
      const ps = sentences.map((x) => text(x.index));
      const section = doc.sections[para.section]!;
      const inTransferSection = [section.heading, ...(section.parent !== undefined ? [doc.sections[section.parent]!.heading] : [])].some((h) => h !== undefined && anyMatch(p.transferHeadings, h));
      // The services it names, in the paragraph or in the heading above it ("6.1 RevenueCat (USA)").
      const inPara = [...between(para.start, para.end), ...between(section.headingStart, section.headingEnd).filter((m) => m.end <= section.headingEnd)];
      const named = new Set(inPara.map((m) => m.vendor.id));
      // A group named as such ("Dienstleister wie Vercel, Google und Meta") in a section that is no
      // service's own covers the group's services; in one service's section it speaks of that one.
      const groups = new Set(underServiceHeading(section) ? [] : inPara.filter((m) => m.vendor.generic).map((m) => m.vendor.group));
      const affirmative = sentences.filter((x) => !conditional(x.index));
      // A list's lead-in belongs to each item ("Your data may be transferred internationally. Where
      // required, we rely on:" over "Standard Contractual Clauses").
      const lead = leadIn(doc, sentences[0]!.index);
      const withLead = lead === undefined ? sentences : [...doc.sentencesOfParagraph(doc.sentences[lead]!.paragraph), ...sentences];
      // Safeguards under a condition hold for transfers the section says do happen ("Where required, we
      // rely on SCC" after "your data may be transferred"), not for ones it only supposes ("Falls Daten
      // übertragen werden, erfolgt dies nur: …").
      // (A sentence of its own that says so, not one about a safeguard: "Bei Dritten in den USA kann die
      // Zertifizierung gemäß dem Privacy Shield … gewährleisten" supposes no transfer.)
      const happens = withLead.some((x) => !conditional(x.index) && noticeIn(text(x.index)) && kinds(text(x.index)).length === 0 && !PRIVACY_SHIELD.test(text(x.index)) && !anyMatch(p.notASafeguard, text(x.index)));
      const firm = affirmative.find((x) => safeguardsAt(x.index).length > 0) ?? (happens ? sentences.find((x) => safeguardsAt(x.index).length > 0) : undefined);
      const notice = ps.some(noticeIn) || happens;
      if (inTransferSection && (notice || anyMatch(p.notice, section.heading ?? '')) && firm) {
        const cover: Cover = { ids: named.size === 0 ? 'all' : named, groups, safeguards: safeguardsAt(firm.index), sentence: firm.index };
        if (ps.some((t) => COLLECTIVE.test(t))) cover.words = capitalisedWords(ps);
        covers.push(cover);
        continue;
      }
      // "Google LLC ist unter dem EU-US Data Privacy Framework zertifiziert": the company's certification,
      // said of the company by its name, covers each of its services, wherever the sentence stands.
      for (const x of sentences) {
        const t = text(x.index);
        if (!anyMatch(p.safeguards.dpf!, t) || CONDITIONAL.test(t) || !noticeIn(t)) continue;
        const certified = new Set(
          between(x.start, x.end)
            .filter((m) => m.vendor.generic && COMPANY_NAME.test(doc.slice(m.start, m.end)))
            .map((m) => m.vendor.group),
        );
        if (certified.size > 0) covers.push({ ids: new Set(), groups: certified, safeguards: ['dpf'], sentence: x.index });
      }
      const stated = sentences.find((x) => safeguardsAt(x.index).length > 0);
      if (!notice || !stated) continue;
      if (ps.some((t) => COLLECTIVE.test(t))) {
        // Every service of its section and the sections under it; a group named as such there ("Apple and
        // Google may process data in the US … clauses used by these providers") with its services.
        const inSection = between(section.start, section.end);
        const ids = new Set(inSection.map((m) => m.vendor.id));
        const named = new Set(underServiceHeading(section) ? [] : inSection.filter((m) => m.vendor.generic).map((m) => m.vendor.group));
        // A company named there by the first word of its name, which the catalog does not take for a mention
        // on its own ("Apple (authentication and payments) and Google … may process data in the United States
        // … standard contractual clauses used by these providers").
        covers.push({ ids, groups: named, words: capitalisedWords(ps), safeguards: safeguardsAt(stated.index), sentence: stated.index });
        continue;
      }
      const perGroup = new Map<string, Set<string>>();
      for (const m of between(para.start, para.end)) perGroup.set(m.vendor.group, (perGroup.get(m.vendor.group) ?? new Set<string>()).add(m.vendor.id));
      const several = [...perGroup].filter(([, ids]) => ids.size >= 2).flatMap(([, ids]) => [...ids]);
      if (several.length) covers.push({ ids: new Set(several), safeguards: safeguardsAt(stated.index), sentence: stated.index });
    }

    const uncovered: UncoveredTransfer[] = [];
    for (const scope of vendorScopes(doc)) {
      if (!scope.members.some((m) => isThirdCountry(m, k))) continue;
      let rejected: number | undefined;
      if (general) {
        const applies = covers.filter(
          (c) => c.ids === 'all' || scope.members.some((m) => (c.ids as Set<string>).has(m.id) || c.groups?.has(m.group) || (c.words !== undefined && c.words.has(firstWord(m.company)))),
        );
        if (applies.some((c) => holds(c.safeguards, scope.members))) continue;
        rejected = applies[0]?.sentence;
      }
      // Its own text, then the category blocks above it ("Drittlandtransfer: … Standardvertragsklauseln").
      const own = [...scopeSentences(doc, scope), ...ancestorSentences(doc, scope)];
      // Fonts or scripts served from the site's own server involve no transfer to the vendor.
      if (own.some((i) => LOCAL_ONLY.test(text(i)))) continue;
      // (Asked only of a sentence that says so, which few policies have.)
      const namesIt = (i: number): boolean => {
        const x = doc.sentences[i]!;
        return mentionsBetween(allMentions(doc), x.start, x.end).some((m) => scope.members.some((v) => v.id === m.vendor.id || (m.vendor.generic && v.group === m.vendor.group)));
      };
      if (own.some((i) => ON_DEVICE.test(text(i)) && namesIt(i))) continue;
      // Nor do the data of a service contracted through its group's EU company (Google Cloud EMEA) when its
      // own text says they never leave the EU ("Keine Drittlandübermittlung") and names no recipient in a
      // third country. A provider that itself sits outside the EU is not made local by saying so.
      if (scope.members.every((m) => m.euEntity) && own.some((i) => noTransfer(text(i))) && !own.some((i) => text(i).search(US_ADDRESS) >= 0)) continue;
      const notice = own.find((i) => noticeIn(text(i)));
      const valid = own.find((i) => holds(safeguardsAt(i), scope.members));
      if (notice !== undefined && valid !== undefined) continue;
      const invalid = own.find(
        (i) => anyMatch(p.notASafeguard, text(i)) || (safeguardsAt(i).length > 0 && !holds(safeguardsAt(i), scope.members)) || (shieldBased.has(i) && safeguardsAt(i).length === 0),
      );
      rejected ??= own.find((i) => kinds(text(i)).length >= ENUMERATION);
      // A company's address in the US names where it sits, not that data go there: say so.
      const address = notice === undefined && invalid === undefined ? own.find((i) => text(i).search(US_ADDRESS) >= 0) : undefined;
      const problem: TransferProblem = invalid !== undefined ? 'invalid-safeguard' : notice !== undefined ? 'no-safeguard' : address !== undefined ? 'address-only' : 'no-notice';
      const u: UncoveredTransfer = { scope, problem };
      const statement = invalid ?? notice ?? address;
      if (statement !== undefined) u.statement = statement;
      if (invalid !== undefined && shieldBased.has(invalid)) u.shield = true;
      if (rejected !== undefined && rejected !== statement) u.rejected = rejected;
      uncovered.push(u);
    }
    return uncovered;
}


/** The transfer patterns straight from the `transfer` lexicon (for rules that need them without a rule file's check). */
let lexiconParams: { lex: unknown; params: TransferParams } | undefined;
export function transferParamsFromLexicon(): TransferParams {
  const lex = loadLexicon('transfer');
  if (lexiconParams?.lex === lex) return lexiconParams.params;
  lexiconParams = { lex, params: {
    notice: lex.notice!,
    safeguards: { dpf: lex.dpf!, scc: lex.scc!, bcr: lex.bcr!, consent: lex['explicit-consent']!, adequacy: lex.adequacy! },
    notASafeguard: lex['not-a-safeguard']!,
    transferHeadings: lex['transfer-headings']!,
  } };
  return lexiconParams.params;
}

/**
 * Vendor scopes whose data go to a third country without notice and safeguard. With
 * `general`, statements in general transfer sections and group statements count too.
 */
export function uncoveredTransfers(doc: PolicyDocument, p: TransferParams, general = true): VendorScope[] {
  return findUncovered(doc, p, general).map((u) => u.scope);
}

export const vendorTransferCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    const texts = <K extends string>(key: string, names: readonly K[]): Record<K, Localized> => {
      const raw = check[key];
      if (typeof raw !== 'object' || raw === null) throw new UserError(`invalid rule file: key "check.${key}" must map ${names.join(', ')} to texts in de and en`, file);
      const out = {} as Record<K, Localized>;
      for (const n of names) out[n] = localized(file, `check.${key}.${n}`, (raw as Record<string, unknown>)[n]);
      return out;
    };
    return {
      notice: list('notice'),
      safeguards: { dpf: list('dpf'), scc: list('scc'), bcr: list('bcr'), consent: list('explicit-consent'), adequacy: list('adequacy') },
      notASafeguard: list('not-a-safeguard'),
      transferHeadings: list('transfer-headings'),
      problems: texts('problems', ['no-notice', 'address-only', 'no-safeguard', 'invalid-safeguard'] as const),
      fixes: texts('fixes', ['dpf', 'other'] as const),
      evidence: texts('evidence', ['mention', 'notice', 'address', 'invalid', 'rejected'] as const),
      invalid: texts('invalid', ['privacy-shield', 'acknowledgement', 'uncertified'] as const),
    };
  },

  run(doc, p, _rule, lang) {
    const k = knowledge();
    if (outsideGdpr(doc)) return [];

    return findUncovered(doc, p, true).map((u) => {
      const { scope } = u;
      const v = scope.vendor;
      const country = v.processingCountry === 'US' ? (lang === 'de' ? 'USA' : 'US') : (k.adequacy.get(v.processingCountry)?.name[lang] ?? v.processingCountry);
      // The EU entity the visitor deals with, where the policy names it: its group still transfers.
      const ownText = scopeSentences(doc, scope).map((i) => doc.sentenceText(i)).join(' ');
      const euNamed = v.euEntity !== undefined && ownText.toLowerCase().includes(v.euEntity.toLowerCase().split(/[ ,]/u)[0]!) && /\b(?:ireland|irland|dublin|luxemb\w*|amsterdam|niederlande|netherlands)\b/iu.test(ownText);
      // A catalog company that is itself the EU entity (PayPal (Europe) S.à r.l.) is not in the third country.
      const company = euNamed || v.company === v.euEntity
        ? lang === 'de'
          ? `${v.euEntity}, deren Konzern ${v.group} Daten in die ${country} übermittelt`
          : `${v.euEntity}, whose group ${v.group} transfers data to the ${country}`
        : `${v.company}, ${country}`;
      const certified = v.dpf?.certified === true;
      const dpfStatus =
        v.dpf?.certified === true
          ? lang === 'de'
            ? `${v.dpf.entity ?? v.company} ist nach dem EU-US Data Privacy Framework zertifiziert (Stand ${v.dpf.asOf ?? 'unbekannt'})`
            : `${v.dpf.entity ?? v.company} is certified under the EU-US Data Privacy Framework (as of ${v.dpf.asOf ?? 'unknown'})`
          : v.dpf?.certified === false
            ? lang === 'de'
              ? `${v.dpf.entity ?? v.company} ist nicht nach dem EU-US Data Privacy Framework zertifiziert (Stand ${v.dpf.asOf ?? 'unbekannt'})`
              : `${v.dpf.entity ?? v.company} is not certified under the EU-US Data Privacy Framework (as of ${v.dpf.asOf ?? 'unknown'})`
            : lang === 'de'
              ? `ob ${v.company} nach dem EU-US Data Privacy Framework zertifiziert ist, ist nicht belegt`
              : `whether ${v.company} is certified under the EU-US Data Privacy Framework is not established`;
      const params: Record<string, string> = { vendor: v.name, company, country, entity: v.dpf?.entity ?? v.company, dpf: dpfStatus };
      if (u.problem === 'invalid-safeguard' && u.statement !== undefined) {
        // Name what the policy relies on: the Privacy Shield, mere acknowledgement, or the DPF for a company not certified.
        const t = doc.sentenceText(u.statement);
        const kind = u.shield || PRIVACY_SHIELD.test(t) ? 'privacy-shield' : anyMatch(p.notASafeguard, t) ? 'acknowledgement' : 'uncertified';
        params.invalid = fill(p.invalid[kind][lang], params);
      }
      const evidence: RawEvidence[] = [{ kind: 'mention', status: scope.first.status, start: scope.first.start, end: scope.first.end, message: fill(p.evidence.mention[lang], params) }];
      if (u.statement !== undefined) {
        const s = doc.sentences[u.statement]!;
        const which = u.problem === 'invalid-safeguard' ? 'invalid' : u.problem === 'address-only' ? 'address' : 'notice';
        evidence.push({ kind: 'statement', start: s.start, end: s.end, message: fill(p.evidence[which][lang], params) });
      }
      if (u.rejected !== undefined) {
        const s = doc.sentences[u.rejected]!;
        evidence.push({ kind: 'rejected', start: s.start, end: s.end, message: fill(p.evidence.rejected[lang], params) });
      }
      const finding: RawFinding = {
        start: scope.first.start,
        end: scope.first.end,
        vendor: v.name,
        params: { vendor: v.name, company, problem: fill(p.problems[u.problem][lang], params) },
        evidence,
        fix: fill(p.fixes[certified ? 'dpf' : 'other'][lang], params),
      };
      return finding;
    });
  },
});
