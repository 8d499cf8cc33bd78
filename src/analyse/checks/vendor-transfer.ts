/**
 * Check kind `vendor-transfer` (Art. 13(1)(f), Chapter V GDPR): a named
 * service whose group sits in the US or another country without adequacy
 * needs a statement that data go there and the safeguard relied on, in the
 * vendor's own section or in a general section on transfers. A list of every
 * possible mechanism ("adequacy, standard contractual clauses or consent")
 * names none; Privacy Shield and "you accept this transfer" are no safeguards.
 */
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import type { PolicyDocument } from '../../document/document.js';
import { anyMatch, compilePatterns, globalOf, loadLexicon } from '../../knowledge/lexicons.js';
import { isThirdCountry, knowledge } from '../../knowledge/vendor-catalog.js';
import { vendorMentions } from '../../statements/mentions.js';
import type { VendorScope } from '../../statements/scopes.js';
import { scopeSentences, vendorScopes } from '../../statements/scopes.js';
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
/** As many kinds as this in one sentence is a list of possibilities, not a safeguard relied on. */
const ENUMERATION = 3;

type Params = TransferParams;

function findUncovered(doc: PolicyDocument, p: TransferParams, general: boolean): VendorScope[] {
    const k = knowledge();
    const text = (i: number): string => doc.sentenceText(i);
    const kinds = (t: string): string[] => Object.entries(p.safeguards).filter(([, res]) => anyMatch(res, t)).map(([kind]) => kind);
    const safeguardIn = (t: string): boolean => {
      if (anyMatch(p.notASafeguard, t)) return false;
      const found = kinds(t);
      return found.length > 0 && found.length < ENUMERATION;
    };
    const noticeIn = (t: string): boolean => {
      if (anyMatch(p.safeguards.dpf!, t)) return true;
      const stripped = t.replace(US_ADDRESS, ' ');
      // "no third-country transfer for Firebase data" says the opposite.
      return p.notice.some((re) => [...stripped.matchAll(globalOf(re))].some((m) => !NEGATED.test(stripped.slice(Math.max(0, m.index! - 30), m.index!))));
    };
    const mentions = vendorMentions(doc); // hidden group names too: they show which group a statement is about

    // Statements outside a vendor's own section that still cover it: in a general section on
    // transfers (for every service, unless they name particular ones), or statements that name
    // several services of one group ("wie beim Google-Login ... Google ... Standardvertragsklauseln").
    /** 'all', or the catalog ids of the services a statement names. */
    interface Cover {
      ids: Set<string> | 'all';
    }
    const covers: Cover[] = [];
    for (const para of doc.paragraphs) {
      const sentences = doc.sentencesOfParagraph(para.index);
      const ps = sentences.map((x) => text(x.index));
      if (sentences.length === 0) continue;
      const section = doc.sections[para.section]!;
      const inTransferSection = [section.heading, ...(section.parent !== undefined ? [doc.sections[section.parent]!.heading] : [])].some((h) => h !== undefined && anyMatch(p.transferHeadings, h));
      // The services it names, in the paragraph or in the heading above it ("6.1 RevenueCat (USA)").
      const named = new Set(
        mentions.filter((m) => (m.start >= para.start && m.start < para.end) || (m.start >= section.headingStart && m.end <= section.headingEnd)).map((m) => m.vendor.id),
      );
      const affirmative = ps.filter((t) => !CONDITIONAL.test(t));
      if (inTransferSection && (ps.some(noticeIn) || anyMatch(p.notice, section.heading ?? '')) && affirmative.some(safeguardIn)) {
        covers.push({ ids: named.size === 0 ? 'all' : named });
        continue;
      }
      const perGroup = new Map<string, Set<string>>();
      for (const m of mentions) {
        if (m.start >= para.start && m.start < para.end) perGroup.set(m.vendor.group, (perGroup.get(m.vendor.group) ?? new Set<string>()).add(m.vendor.id));
      }
      const several = [...perGroup].filter(([, ids]) => ids.size >= 2).flatMap(([, ids]) => [...ids]);
      if (several.length && ps.some(noticeIn) && ps.some(safeguardIn)) covers.push({ ids: new Set(several) });
    }

    const uncovered: VendorScope[] = [];
    for (const scope of vendorScopes(doc)) {
      if (!scope.members.some((m) => isThirdCountry(m, k))) continue;
      if (general && covers.some((c) => c.ids === 'all' || scope.members.some((m) => (c.ids as Set<string>).has(m.id)))) continue;
      const ts = scopeSentences(doc, scope).map(text);
      // Fonts or scripts served from the site's own server involve no transfer to the vendor.
      if (ts.some((t) => LOCAL_ONLY.test(t))) continue;
      if (ts.some(noticeIn) && ts.some(safeguardIn)) continue;
      uncovered.push(scope);
    }
    return uncovered;
}


/** The transfer patterns straight from the `transfer` lexicon (for rules that need them without a rule file's check). */
export function transferParamsFromLexicon(): TransferParams {
  const lex = loadLexicon('transfer');
  return {
    notice: lex.notice!,
    safeguards: { dpf: lex.dpf!, scc: lex.scc!, bcr: lex.bcr!, consent: lex['explicit-consent']!, adequacy: lex.adequacy! },
    notASafeguard: lex['not-a-safeguard']!,
    transferHeadings: lex['transfer-headings']!,
  };
}

/**
 * Vendor scopes whose data go to a third country without notice and safeguard. With
 * `general`, statements in general transfer sections and group statements count too.
 */
export function uncoveredTransfers(doc: PolicyDocument, p: TransferParams, general = true): VendorScope[] {
  return findUncovered(doc, p, general);
}

export const vendorTransferCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    return {
      notice: list('notice'),
      safeguards: { dpf: list('dpf'), scc: list('scc'), bcr: list('bcr'), consent: list('explicit-consent'), adequacy: list('adequacy') },
      notASafeguard: list('not-a-safeguard'),
      transferHeadings: list('transfer-headings'),
    };
  },

  run(doc, p) {
    const k = knowledge();
    return findUncovered(doc, p, true).map((scope) => {
      const v = scope.vendor;
      const country = k.adequacy.get(v.processingCountry)?.name[doc.language] ?? v.processingCountry;
      const hint =
        v.dpf?.certified === true
          ? doc.language === 'de'
            ? ` ${v.dpf.entity ?? v.company} ist nach dem EU-US Data Privacy Framework zertifiziert (Stand ${v.dpf.asOf ?? 'unbekannt'}): nennen Sie das.`
            : ` ${v.dpf.entity ?? v.company} is certified under the EU-US Data Privacy Framework (as of ${v.dpf.asOf ?? 'unknown'}): say so.`
          : '';
      const finding: RawFinding = {
        start: scope.first.start,
        end: scope.first.end,
        vendor: v.name,
        params: { vendor: v.name, company: v.company, country: v.processingCountry === 'US' ? (doc.language === 'de' ? 'USA' : 'US') : country, hint },
      };
      return finding;
    });
  },
});
