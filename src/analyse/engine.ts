/**
 * Runs the rules over a document. The engine owns what checks do not: levels
 * and their overrides, messages in the reader's language, places in the
 * original file, and a stable order.
 */
import type { PolicyDocument } from '../document/document.js';
import type { ChecklistItem, Evidence, Finding, Language, Level, RuleSetting } from '../types.js';
import type { RawFinding } from './check.js';
import type { Outcome } from './check.js';
import { fill, listenForOutcome } from './check.js';
import type { LoadedRule } from './rules.js';
import { builtinRules } from './rules.js';
import type { JurisdictionId } from '../knowledge/jurisdictions.js';
import { rewriteFor } from '../knowledge/jurisdictions.js';
import { legalReason } from '../knowledge/citations.js';
import { jurisdictionOf } from '../statements/jurisdiction.js';
import { overTime } from '../budget.js';
import { UserError } from '../types.js';

export interface EngineOptions {
  /** Level per rule id for this run; "off" disables the rule. */
  rules?: Record<string, RuleSetting>;
  /** Language of messages; default: the document's language. */
  messageLanguage?: Language;
  /** Rules to run instead of the built-in set (tests, custom rule directories). */
  ruleSet?: LoadedRule[];
  /** The law to read the policy against; default: found from the controller's address and the law it names. */
  jurisdiction?: JurisdictionId;
  /** The time budget: past performance.now() `at` the audit stops with one fatal line, checked between rules. */
  deadline?: { at: number; maxTimeMs: number };
  /** When given, filled with the Art. 13 checklist (the rules tagged `completeness`): what is stated, where, and what is missing. */
  checklist?: ChecklistItem[];
}


const EXCERPT_MAX = 200;

/** POLICY_AUDIT_PROFILE=1 collects the time each rule takes (for tuning; printed by the benchmark). */
const PROFILE = process.env.POLICY_AUDIT_PROFILE === '1';
export const ruleTimes = new Map<string, number>();

function legalParams(legal: Record<string, string>, lang: Language, profile: Parameters<typeof legalReason>[2]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(legal)) out[k] = legalReason(v, lang, profile);
  return out;
}

function excerptOf(text: string): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length > EXCERPT_MAX ? `${t.slice(0, EXCERPT_MAX - 1)}…` : t;
}

/** The order of findings in every report: by place, then rule, vendor and message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.place.start.offset - b.place.start.offset ||
    a.place.end.offset - b.place.end.offset ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.vendor ?? '').localeCompare(b.vendor ?? '') ||
    a.message.localeCompare(b.message)
  );
}

export function runRules(doc: PolicyDocument, options: EngineOptions = {}): Finding[] {
  const rules = options.ruleSet ?? builtinRules();
  const lang = options.messageLanguage ?? doc.language;
  const { profile } = jurisdictionOf(doc, options.jurisdiction);
  const write = (text: string): string => rewriteFor(profile, lang, text);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const def = rule.definition;
    const override = options.rules?.[def.id];
    const listed = options.checklist !== undefined && def.tags.includes('completeness');
    if (override === 'off' || profile.skip.has(def.id)) {
      if (listed) options.checklist!.push({ ruleId: def.id, title: write(def.title[lang]), status: override === 'off' ? 'off' : 'not-applicable' });
      continue;
    }
    const template = profile.messages[def.id]?.[lang] ?? def.message[lang];
    const t0 = PROFILE ? performance.now() : 0;
    if (options.deadline !== undefined && performance.now() > options.deadline.at) throw new UserError(overTime(options.deadline));
    let outcome: Outcome | undefined;
    if (listed) listenForOutcome((o) => (outcome ??= o));
    let raw: RawFinding[];
    try {
      raw = rule.kind.run(doc, rule.params, def, lang);
    } finally {
      if (listed) listenForOutcome(undefined);
    }
    if (listed) {
      const item: ChecklistItem = { ruleId: def.id, title: write(def.title[lang]), status: raw.length > 0 ? 'missing' : outcome?.kind === 'not-applicable' ? 'not-applicable' : 'present' };
      const at = raw[0] ?? (outcome?.kind === 'found' ? outcome : undefined);
      if (at) {
        const inSource = 'inSource' in at && at.inSource === true;
        item.place = inSource ? doc.sourcePlace(at.start, at.end) : doc.place(at.start, at.end);
        if (!inSource) {
          const excerpt = excerptOf(doc.slice(at.start, at.end));
          if (excerpt && item.status === 'present') item.excerpt = excerpt;
          const section = doc.sectionAt(at.start).heading;
          if (section !== undefined) item.section = section;
        }
      }
      if (raw.length > 1) item.findings = raw.length;
      options.checklist!.push(item);
    }
    if (PROFILE) ruleTimes.set(def.id, (ruleTimes.get(def.id) ?? 0) + performance.now() - t0);
    for (const r of raw) {
      // Legal reasons rendered once, for the message and the fix.
      const legal = r.legal ? legalParams(r.legal, lang, profile) : undefined;
      const finding: Finding = {
        ruleId: def.id,
        level: (override ?? r.level ?? def.level) as Level,
        message: write(fill(template, legal ? { ...r.params, ...legal } : r.params)),
        place: r.inSource ? doc.sourcePlace(r.start, r.end) : doc.place(r.start, r.end),
      };
      const excerpt = excerptOf(r.inSource ? doc.source.slice(r.start, r.end) : doc.slice(r.start, r.end));
      if (excerpt) finding.excerpt = excerpt;
      if (r.vendor !== undefined) finding.vendor = r.vendor;
      const section = r.section ?? (r.inSource ? undefined : doc.sectionAt(r.start).heading);
      if (section !== undefined) finding.section = section;
      if (r.related?.length) {
        finding.related = r.related.map((x) => ({ message: write(x.message), place: x.inSource ? doc.sourcePlace(x.start, x.end) : doc.place(x.start, x.end) }));
      }
      if (r.evidence?.length) {
        finding.evidence = r.evidence.map((x) => {
          const e: Evidence = {
            kind: x.kind,
            message: write(x.message),
            place: x.inSource ? doc.sourcePlace(x.start, x.end) : doc.place(x.start, x.end),
            text: excerptOf(x.inSource ? doc.source.slice(x.start, x.end) : doc.slice(x.start, x.end)),
          };
          if (x.status !== undefined) e.status = x.status;
          return e;
        });
      }
      if (r.fix !== undefined) finding.fix = write(legal ? fill(r.fix, legal) : r.fix);
      findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
}
