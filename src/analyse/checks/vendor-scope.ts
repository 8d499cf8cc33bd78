/**
 * Where a policy talks about one vendor: the section given to it, or, where a
 * section names several services, the paragraphs about it. Transfer
 * safeguards and legal bases are looked for there.
 */
import type { PolicyDocument } from '../../document/document.js';
import type { Vendor, VendorMention } from '../vendors.js';
import { factsOf } from '../facts.js';
import { vendorMentions } from '../vendors.js';

export interface VendorScope {
  vendor: Vendor;
  /** Plain-text ranges about the vendor. */
  ranges: Array<[number, number]>;
  /** The first mention, where a finding points. */
  first: VendorMention;
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
    const inHeading = all.find((o) => !o.hidden && o.vendor.id !== v.id && o.vendor.group === v.group && o.start >= section.headingStart && o.end <= section.headingEnd);
    if (!inHeading || (host && host.id !== inHeading.vendor.id)) return undefined;
    host = inHeading.vendor;
  }
  return host;
}

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

function computeScopes(doc: PolicyDocument): VendorScope[] {
  const all = vendorMentions(doc);
  const mentions = all.filter((m) => !m.hidden);
  const named = [...new Map(mentions.map((m) => [m.vendor.id, m.vendor])).values()];
  const byVendor = new Map<string, VendorMention[]>();
  for (const v of named) {
    const own = mentions.filter((m) => m.vendor.id === v.id);
    // A brand others are reported under ("Vercel") is never itself part of one of them.
    const isBrand = named.some((o) => o.id !== v.id && o.name.toLowerCase().startsWith(`${v.name.toLowerCase()} `));
    const brand = (isBrand ? undefined : hostOf(doc, v, own, all)) ?? brandOf(v, named);
    byVendor.set(brand.id, [...(byVendor.get(brand.id) ?? []), ...own].sort((a, b) => a.start - b.start));
  }
  const scopes: VendorScope[] = [];
  for (const [id, list] of byVendor) {
    const vendor = named.find((v) => v.id === id)!;
    const ranges: Array<[number, number]> = [];
    for (const m of list) {
      const sentence = doc.sentences[m.sentence]!;
      const section = doc.sections[sentence.section]!;
      const inSection = all.filter((o) => o.start >= section.start && o.start < section.end);
      const dedicated = sentence.heading || inSection.every((o) => o.vendor.group === m.vendor.group);
      if (dedicated) {
        ranges.push([section.start, section.end]);
        continue;
      }
      // Its paragraph, and those after it until another service is named; and any paragraph of
      // the section that speaks of its group ("Google ... Standardvertragsklauseln").
      const paragraphs = doc.paragraphsOfSection(section.index).filter((p) => p.end > m.start);
      let end = paragraphs[0]?.end ?? sentence.end;
      for (const p of paragraphs.slice(1)) {
        if (inSection.some((o) => o.vendor.group !== m.vendor.group && o.start >= p.start && o.start < p.end)) break;
        end = p.end;
      }
      ranges.push([paragraphs[0]?.start ?? sentence.start, end]);
      for (const p of doc.paragraphsOfSection(section.index)) {
        if (inSection.some((o) => o.vendor.group === m.vendor.group && o.start >= p.start && o.start < p.end)) ranges.push([p.start, p.end]);
      }
    }
    scopes.push({ vendor, ranges, first: list[0]!, members: [...new Set(list.map((m) => m.vendor))] });
  }
  return scopes;
}

const sentenceMemo = new WeakMap<VendorScope, readonly number[]>();

/** The sentences inside a scope's ranges (in order; computed once per scope). */
export function scopeSentences(doc: PolicyDocument, scope: VendorScope): readonly number[] {
  let sentences = sentenceMemo.get(scope);
  if (!sentences) {
    const out = new Set<number>();
    for (const [a, b] of scope.ranges) for (const s of doc.sentencesBetween(a, b)) out.add(s.index);
    sentences = [...out].sort((x, y) => x - y);
    sentenceMemo.set(scope, sentences);
  }
  return sentences;
}

/** What the scope says the service is based on: consent, legitimate interests, both or neither. */
export function scopeBasis(doc: PolicyDocument, scope: VendorScope): { consent: boolean; interest: boolean } {
  const facts = factsOf(doc).sentences;
  const sentences = scopeSentences(doc, scope);
  return { consent: sentences.some((i) => facts[i]!.consent), interest: sentences.some((i) => facts[i]!.interest) };
}
