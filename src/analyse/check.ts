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

/** A finding as a check reports it: plain-text offsets and message parameters. */
export interface RawFinding {
  start: number;
  end: number;
  /** Values for the `{name}` placeholders of the rule's message. */
  params?: Record<string, string>;
  vendor?: string;
  section?: string;
  related?: RawRelated[];
  /** The offsets are in the original source (a page element), not in the plain text. */
  inSource?: boolean;
  /** A level the data behind this finding sets (a catalog entry's); a user's setting still wins. */
  level?: import('../types.js').Level;
}

export interface CheckKind<P> {
  /** Validate and compile the rule file's `check` parameters (throws UserError naming file and key). */
  compile(check: Record<string, unknown>, file: string): P;
  run(doc: PolicyDocument, params: P, rule: RuleDefinition): RawFinding[];
}

export function defineCheck<P>(kind: CheckKind<P>): CheckKind<P> {
  return kind;
}
