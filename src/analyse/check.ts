import type { Language } from '../types.js';
/**
 * A check kind is a pure function (document, rule) -> raw findings. It only
 * reports; the engine stamps levels, messages and places.
 */
import type { PolicyDocument } from '../document/document.js';
import type { RuleDefinition } from './rule-schema.js';

export interface RawRelated {
  start: number;
  end: number;
  message: string;
  /** The offsets are in the original source (a page element), not in the plain text. */
  inSource?: boolean;
}

/** A piece of evidence as a check reports it (plain-text offsets). */
export interface RawEvidence {
  kind: 'mention' | 'statement' | 'rejected';
  start: number;
  end: number;
  message: string;
  status?: string;
  inSource?: boolean;
}

/** A finding as a check reports it: plain-text offsets and message parameters. */
export interface RawFinding {
  start: number;
  end: number;
  /** Values for the `{name}` placeholders of the rule's message. */
  params?: Record<string, string>;
  /** Placeholders that hold a legal reason from the catalog: written for the report's jurisdiction and language. */
  legal?: Record<string, string>;
  vendor?: string;
  section?: string;
  related?: RawRelated[];
  evidence?: RawEvidence[];
  /** A fix written for this finding (its service, company and facts). */
  fix?: string;
  /** The offsets are in the original source (a page element), not in the plain text. */
  inSource?: boolean;
  /** A level the data behind this finding sets (a catalog entry's); a user's setting still wins. */
  level?: import('../types.js').Level;
}

export interface CheckKind<P> {
  /** Validate and compile the rule file's `check` parameters (throws UserError naming file and key). */
  compile(check: Record<string, unknown>, file: string): P;
  /** `lang`: the language the findings' texts are written in (the report's, else the policy's). */
  run(doc: PolicyDocument, params: P, rule: RuleDefinition, lang: Language): RawFinding[];
}

export function defineCheck<P>(kind: CheckKind<P>): CheckKind<P> {
  return kind;
}

/** A message template with its `{name}` placeholders filled. */
export function fill(template: string, params: Record<string, string> | undefined): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z]+)\}/gu, (whole, name: string) => params[name] ?? whole);
}

/**
 * What a completeness check found when it reports nothing: where the statement stands, or that the
 * requirement does not apply to this policy. The engine listens only when a report asks for the
 * Art. 13 checklist (one listener at a time: rules run one after another).
 */
export type Outcome = { kind: 'found'; start: number; end: number } | { kind: 'not-applicable' };
let listener: ((o: Outcome) => void) | undefined;

export function listenForOutcome(fn: ((o: Outcome) => void) | undefined): void {
  listener = fn;
}

/** A check found its statement at [start, end) (plain-text offsets). */
export function foundAt(start: number, end: number): void {
  listener?.({ kind: 'found', start, end });
}

/** The requirement does not apply (no consent asked, no automated decision, no seat outside the EU). */
export function notApplicable(): void {
  listener?.({ kind: 'not-applicable' });
}
