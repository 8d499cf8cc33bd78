/** Types shared by every stage: load -> parse -> document -> analyse -> report. */

export type Level = 'error' | 'warning' | 'info';
export type RuleSetting = Level | 'off';
export type SourceFormat = 'html' | 'markdown' | 'text';
export type Language = 'de' | 'en';
/** A text in each language policy-audit speaks. */
export type Localized = Record<Language, string>;

/** A point in the original source: 1-based line and column (UTF-16 units), 0-based offset. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

export interface Place {
  start: Point;
  end: Point;
}

/** One Art. 13 item of a policy's checklist: stated (and where), missing, or not applying to it. */
export interface ChecklistItem {
  ruleId: string;
  /** The item's name in the report's language ("Recht auf Auskunft (Art. 15 DSGVO)"). */
  title: string;
  status: 'present' | 'missing' | 'not-applicable' | 'off';
  /** For a missing item: how many findings say so (one per section for a basis missing section by section). */
  findings?: number;
  /** Where the statement stands (present) or where it belongs (missing). */
  place?: Place;
  excerpt?: string;
  section?: string;
}

/** A service the policy says the site uses, with the catalog's facts about it (for the reports' vendor table). */
export interface ServiceRow {
  name: string;
  company: string;
  /** Where the data go: the processing entity's country. */
  country: string;
  euEntity?: string;
  dpf?: { certified: boolean | 'unknown'; entity?: string; asOf?: string };
  consent: { required: boolean | 'depends'; basis: string };
  /** The first place the policy names it as used, and how often it does. */
  place: Place;
  mentions: number;
}

export interface RelatedPlace {
  message: string;
  place: Place;
}

/**
 * Why a finding was reported: the mention it is about (with the status that made it count),
 * the statement the rule found or looked for, and the nearest candidate it rejected.
 */
export interface Evidence {
  kind: 'mention' | 'statement' | 'rejected';
  /** What this piece shows, in the report's language. */
  message: string;
  place: Place;
  /** The policy text at the place (white space folded, shortened). */
  text: string;
  /** For a mention: used, denied, linked, ... */
  status?: string;
}

/** One report of one rule, always with a real place in the original file. */
export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  place: Place;
  vendor?: string;
  section?: string;
  related?: RelatedPlace[];
  /** The policy text the finding points at (white space folded, shortened). */
  excerpt?: string;
  /** Why it was reported (vendor findings). */
  evidence?: Evidence[];
  /** How to fix this finding, where the rule writes it for the finding's own service. */
  fix?: string;
}

/** A user-caused problem (bad file, bad encoding, bad config): a value, never a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
