/**
 * Where a policy talks about one vendor: the section given to it, or, where a
 * section names several services, the paragraphs about it. Transfer
 * safeguards and legal bases are looked for there.
 */
import type { Paragraph, PolicyDocument, Section } from '../document/document.js';
import type { Vendor } from '../knowledge/vendor-catalog.js';
import type { VendorMention } from './mentions.js';
import { factsOf } from './facts.js';
import { ure } from '../unicode-regexp.js';
import { allMentions, mentionsBetween, vendorMentions } from './mentions.js';
import { withLabelSections } from './label-sections.js';

export interface VendorScope {
  vendor: Vendor;
  /** Plain-text ranges about the vendor. */
  ranges: Array<[number, number]>;
  /** The nearest of them: each mention's own section (where it is given one) or its paragraphs. */
  near: Array<[number, number]>;
  /** Every used mention reported under this scope. */
  mentions: VendorMention[];
  /** The first mention, where a finding points: in the service's own section where it has one. */
  first: VendorMention;
  /** The sections given to the service (their heading names it), if any: what they say of it outweighs mentions elsewhere. */
  own: Array<[number, number]>;
  /** The catalog entries reported together under this vendor's name. */
  members: Vendor[];
}

/**
 * The brand a vendor is reported under: another named service whose name its
 * own begins with ("Vercel Web Analytics" under "Vercel"), else itself.
 */
function brandOf(v: Vendor, named: readonly Vendor[]): Vendor {
  let brand = v;
  for (const o of named) {
    if (o.generic || o.id === v.id || o.group !== v.group) continue;
    if (v.name.toLowerCase().startsWith(`${o.name.toLowerCase()} `) && o.name.length < brand.name.length) brand = o;
  }
  return brand;
}

/**
 * A service named only inside the section of another service of its group is part of that one
 * ("Wenn Google Maps aktiviert ist, kann Google ... Google Fonts verwenden").
 */
function hostOf(doc: PolicyDocument, v: Vendor, own: readonly VendorMention[], all: readonly VendorMention[]): Vendor | undefined {
  let host: Vendor | undefined;
  for (const m of own) {
    const section = doc.sections[doc.sentences[m.sentence]!.section]!;
    const inHeading = mentionsBetween(all, section.headingStart, section.headingEnd).find((o) => !o.hidden && o.vendor.id !== v.id && o.vendor.group === v.group && o.end <= section.headingEnd);
    if (!inHeading || (host && host.id !== inHeading.vendor.id)) return undefined;
    host = inHeading.vendor;
  }
  return host;
}

/** Headings that label a part of the service described above them ("Rechtsgrundlage", "Speicherdauer"). */
const scopeMemo = new WeakMap<PolicyDocument, readonly VendorScope[]>();

/** The scopes of every named service; computed once per document (several checks read them, none changes them). */
export function vendorScopes(doc: PolicyDocument): readonly VendorScope[] {
  let scopes = scopeMemo.get(doc);
  if (!scopes) {
    scopes = computeScopes(doc);
    scopeMemo.set(doc, scopes);
  }
  return scopes;
}

/** Adds a range unless it is there already. */
function add(list: Array<[number, number]>, keys: Set<string>, range: [number, number]): void {
  const key = `${range[0]}:${range[1]}`;
  if (keys.has(key)) return;
  keys.add(key);
  list.push(range);
}

interface SectionInfo {
  /** The section's own paragraphs, in order. */
  paras: readonly Paragraph[];
  /** Paragraph index -> the groups of the services named in it. */
  groupsIn: Map<number, Set<string>>;
  /** "first paragraph:group" -> where the run of paragraphs about that group ends. */
  runEnd: Map<string, number>;
  /** The own paragraphs that name a service of the group. */
  paragraphsOf(group: string): readonly Paragraph[];
}

function computeScopes(doc: PolicyDocument): VendorScope[] {
  const all = vendorMentions(doc);
  // What each section's paragraphs name, read once per section (not once per mention).
  const sectionInfo = new Map<number, SectionInfo>();
  const infoOf = (section: Section): SectionInfo => {
    let info = sectionInfo.get(section.index);
    if (info) return info;
    const groupsIn = new Map<number, Set<string>>();
    for (const o of mentionsBetween(all, section.start, section.end)) {
      const pi = doc.sentences[o.sentence]!.paragraph;
      if (pi < 0 || doc.paragraphs[pi]!.section !== section.index) continue;
      let set = groupsIn.get(pi);
      if (!set) groupsIn.set(pi, (set = new Set()));
      set.add(o.vendor.group);
    }
    const paras = doc.paragraphsOfSection(section.index);
    const byGroup = new Map<string, Paragraph[]>();
    info = {
      paras,
      groupsIn,
      runEnd: new Map(),
      paragraphsOf(group) {
        let list = byGroup.get(group);
        if (!list) byGroup.set(group, (list = paras.filter((q) => groupsIn.get(q.index)?.has(group))));
        return list;
      },
    };
    sectionInfo.set(section.index, info);
    return info;
  };
  const mentions = all.filter((m) => !m.hidden);
  const named = [...new Map(mentions.map((m) => [m.vendor.id, m.vendor])).values()];
  /** "section:operator id" -> the service it operates there. */
  const operated = new Map<string, string>();
  for (const m of allMentions(doc)) {
    if (m.status === 'operator' && m.of) operated.set(`${doc.sentences[m.sentence]!.section}:${m.vendor.id}`, m.of.id);
  }
  const byVendor = new Map<string, VendorMention[]>();
  const ownOf = new Map<string, VendorMention[]>(named.map((v) => [v.id, []]));
  for (const m of mentions) ownOf.get(m.vendor.id)!.push(m);
  const hosts = new Map(named.map((v) => [v.id, hostOf(doc, v, ownOf.get(v.id)!, all)]));
  const brandIds = new Map<string, string>();
  for (const v of named) {
    // A brand others are reported under ("Vercel") is never itself part of one of them, unless it
    // is named only inside the section of the service ("… an die Google Cloud gesendet" under
    // "Google Speech-to-Text"): then that service is what the text is about.
    const brands = named.filter((o) => hosts.get(o.id)?.id !== v.id);
    const isBrand = named.some((o) => o.id !== v.id && o.id !== hosts.get(v.id)?.id && o.name.toLowerCase().startsWith(`${v.name.toLowerCase()} `));
    brandIds.set(v.id, ((isBrand ? undefined : hosts.get(v.id)) ?? brandOf(v, brands)).id);
  }
  for (const v of named) {
    const own = ownOf.get(v.id)!;
    for (const m of own) {
      // In a section that names it as the company behind another service ("cdnjs (Cloudflare, Inc.)"),
      // the company's other mentions there are about that service ("… an Cloudflare übermittelt").
      const host = operated.get(`${doc.sentences[m.sentence]!.section}:${v.id}`);
      // The service it runs is reported under that service's brand (so "GitHub" running "GitHub Pages" and
      // "GitHub Pages" under "GitHub" end in one scope).
      const target = host !== undefined && named.some((o) => o.id === host) ? brandIds.get(host)! : brandIds.get(v.id)!;
      const list = byVendor.get(target);
      if (list) list.push(m);
      else byVendor.set(target, [m]);
    }
  }
  for (const list of byVendor.values()) list.sort((a, b) => a.start - b.start);
  const scopes: VendorScope[] = [];
  for (const [id, list] of byVendor) {
    const vendor = named.find((v) => v.id === id)!;
    const ranges: Array<[number, number]> = [];
    const near: Array<[number, number]> = [];
    // Each range once (a long section names a service again and again).
    const rangeKeys = new Set<string>();
    const nearKeys = new Set<string>();
    for (const m of list) {
      const sentence = doc.sentences[m.sentence]!;
      const section = doc.sections[sentence.section]!;
      const inSection = mentionsBetween(all, section.start, section.end);
      const dedicated = sentence.heading || inSection.every((o) => o.vendor.group === m.vendor.group);
      if (dedicated) {
        const end = withLabelSections(doc, section);
        add(ranges, rangeKeys, [section.start, end]);
        add(near, nearKeys, [section.start, end]);
        continue;
      }
      // Its paragraph, and those after it until another service is named; and any paragraph of
      // the section that speaks of its group ("Google ... Standardvertragsklauseln").
      const info = infoOf(section);
      const { paras } = info;
      // The first of the section's own paragraphs that ends after the mention (binary search).
      let lo = 0;
      let hi = paras.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (paras[mid]!.end > m.start) hi = mid;
        else lo = mid + 1;
      }
      const first = paras[lo];
      const key = `${lo}:${m.vendor.group}`;
      let end = info.runEnd.get(key);
      if (end === undefined) {
        end = first?.end ?? sentence.end;
        for (let k = lo + 1; k < paras.length; k++) {
          const groups = info.groupsIn.get(paras[k]!.index);
          if (groups && [...groups].some((g) => g !== m.vendor.group)) break;
          end = paras[k]!.end;
        }
        info.runEnd.set(key, end);
      }
      add(ranges, rangeKeys, [first?.start ?? sentence.start, end]);
      add(near, nearKeys, [first?.start ?? sentence.start, end]);
      for (const q of info.paragraphsOf(m.vendor.group)) add(ranges, rangeKeys, [q.start, q.end]);
    }
    // Sections whose heading names the service: their text speaks of it, whatever other sections
    // say in passing ("Tools wie Google Analytics" in the Tag Manager section).
    const own: Array<[number, number]> = [];
    for (const m of list) {
      const sentence = doc.sentences[m.sentence]!;
      if (!sentence.heading) continue;
      const section = doc.sections[sentence.section]!;
      if (!own.some(([a]) => a === section.start)) own.push([section.start, withLabelSections(doc, section)]);
    }
    const first = own.length > 0 ? list.find((m) => m.start >= own[0]![0] && m.start < own[0]![1])! : list[0]!;
    scopes.push({ vendor, ranges, near, own, mentions: list, first, members: [...new Set(list.map((m) => m.vendor))] });
  }
  return scopes;
}

const sentenceMemo = new WeakMap<VendorScope, readonly number[]>();

function sentencesOfRanges(doc: PolicyDocument, ranges: ReadonlyArray<[number, number]>): number[] {
  const out = new Set<number>();
  for (const [a, b] of ranges) for (const s of doc.sentencesBetween(a, b)) out.add(s.index);
  return [...out].sort((x, y) => x - y);
}

/** The sentences inside a scope's ranges (in order; computed once per scope). */
export function scopeSentences(doc: PolicyDocument, scope: VendorScope): readonly number[] {
  let sentences = sentenceMemo.get(scope);
  if (!sentences) {
    sentences = sentencesOfRanges(doc, scope.ranges);
    sentenceMemo.set(scope, sentences);
  }
  return sentences;
}

/**
 * The own text (before their first sub-section) of the sections above a scope's mentions:
 * a category block ("Rechtsgrundlagen: Einwilligung", "Drittlandtransfer: Standardvertragsklauseln")
 * governs the services given sub-sections under it.
 */
/** "Für die oben genannten Dienste", "diese Anbieter", "the providers listed above": a statement about every service of its section. */
export const COLLECTIVE = ure(/\b(?:(?:die|der|den|diese[nrm]?|alle[nr]?|sämtliche[nr]?)\s+(?:oben\s+|unten\s+|hier\s+)?(?:genannten|vorgenannten|aufgeführten|aufgelisteten|eingesetzten|genutzten|beschriebenen|folgenden)\s+(?:\w+[- ])?(?:dienste\w*|anbieter\w*|tools?|unternehmen|drittanbieter\w*|empfänger\w*|dienstleister\w*|plattformen|services?)|diese[nrm]?\s+(?:dienste|anbieter|drittanbieter|dienstleister|unternehmen|tools)|(?:the|these|all)\s+(?:(?:third[- ]party|above|listed|named|following)\s+)?(?:providers|services|tools|vendors|processors|recipients)(?:\s+(?:listed|mentioned|named|described)(?:\s+(?:above|below|here))?)?|each of (?:these|them)|all of them)\b/iu);
/** A category block's statement for what stands under it: "Rechtsgrundlage: Einwilligung …", or a collective one. */
const CATEGORY_STATEMENT = ure(/^\W*(?:rechtsgrundlagen?|legal bas[ie]s|grundlage der verarbeitung|lawful bas[ie]s)\b/iu);

/** At most this many paragraphs of its own make a section a category block above its sub-sections. */
const CATEGORY_BLOCK = 4;

export function ancestorSentences(doc: PolicyDocument, scope: VendorScope, mentions: readonly VendorMention[] = scope.mentions): number[] {
  const ranges: Array<[number, number]> = [];
  const seen = new Set<number>();
  const title = doc.titleRange();
  for (const m of mentions) {
    let section = doc.sections[doc.sentences[m.sentence]!.section]!;
    while (section.parent !== undefined && section.parent > 0) {
      section = doc.sections[section.parent]!;
      if (seen.has(section.index)) break;
      seen.add(section.index);
      // A category block is short; the document's title section, or a parent with a long text of
      // its own, describes other processing and lends no basis to what stands under it.
      if (section.headingStart === title.start || doc.paragraphsOfSection(section.index).length > CATEGORY_BLOCK) continue;
      ranges.push([section.headingStart, section.bodyEnd]);
    }
  }
  return sentencesOfRanges(doc, ranges).filter((i) => {
    const t = doc.sentenceText(i);
    return CATEGORY_STATEMENT.test(t) || COLLECTIVE.test(t);
  });
}

export interface ScopeBasis {
  consent: boolean;
  interest: boolean;
  /** The sentence nearest to the service that states its basis. */
  sentence?: number;
}

/**
 * What the text says the service is based on: consent, legitimate interests, both or neither.
 * The statement nearest to the service wins: its own sentence, then its paragraphs or its own
 * section, then the other places that speak of it, then the category blocks above it.
 */
const basisMemo = new WeakMap<VendorScope, ScopeBasis>();

export function scopeBasis(doc: PolicyDocument, scope: VendorScope): ScopeBasis {
  let basis = basisMemo.get(scope);
  if (!basis) basisMemo.set(scope, (basis = computeBasis(doc, scope)));
  return basis;
}

function computeBasis(doc: PolicyDocument, scope: VendorScope): ScopeBasis {
  const facts = factsOf(doc).sentences;
  // The service's own sections, where it has them, decide; mentions elsewhere only where it has none.
  const mentions = scope.own.length > 0 ? scope.mentions.filter((m) => scope.own.some(([a, b]) => m.start >= a && m.start < b)) : scope.mentions;
  const levels: Array<readonly number[]> =
    scope.own.length > 0
      ? [[...new Set(mentions.map((m) => m.sentence))], sentencesOfRanges(doc, scope.own), ancestorSentences(doc, scope, mentions), sentencesOfRanges(doc, scope.near), scopeSentences(doc, scope)]
      : [[...new Set(mentions.map((m) => m.sentence))], sentencesOfRanges(doc, scope.near), scopeSentences(doc, scope), ancestorSentences(doc, scope)];
  for (const level of levels) {
    const consent = level.find((i) => facts[i]!.consent);
    const interest = level.find((i) => facts[i]!.interest);
    if (consent !== undefined || interest !== undefined) {
      const basis: ScopeBasis = { consent: consent !== undefined, interest: interest !== undefined };
      const sentence = interest ?? consent;
      if (sentence !== undefined) basis.sentence = sentence;
      return basis;
    }
  }
  return { consent: false, interest: false };
}
