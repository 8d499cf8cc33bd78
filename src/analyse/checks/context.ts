/** Where in a document a sentence stands: helpers the check kinds share. */
import type { PolicyDocument, Section, Sentence } from '../../document/document.js';
import { anyMatch } from '../../knowledge/lexicons.js';

/** Headings of a section and of all sections above it, innermost first. */
export function headingChain(doc: PolicyDocument, section: Section): string[] {
  const out: string[] = [];
  for (let s: Section | undefined = section; s; s = s.parent === undefined ? undefined : doc.sections[s.parent]) {
    if (s.heading !== undefined) out.push(s.heading);
  }
  return out;
}

/**
 * Whether a sentence stands in a context described by `patterns`: its own
 * heading or one above it, or (for list items and short lines) the lead-in
 * paragraph before the list ("Sie haben folgende Rechte:").
 */
export function inContext(doc: PolicyDocument, sentence: Sentence, patterns: readonly RegExp[]): boolean {
  if (patterns.length === 0) return false;
  const section = doc.sections[sentence.section]!;
  if (headingChain(doc, section).some((h) => anyMatch(patterns, h))) return true;
  if (sentence.paragraph < 0) return false;
  // Walk back over the list this sentence belongs to, to its lead-in paragraph.
  for (let i = sentence.paragraph; i >= 0 && i >= sentence.paragraph - 12; i--) {
    const p = doc.paragraphs[i]!;
    if (p.section !== sentence.section) break;
    const text = doc.slice(p.start, p.end);
    if (i < sentence.paragraph && anyMatch(patterns, text)) return true;
    const isListLike = p.kind === 'list-item' || p.kind === 'cell' || text.length < 80;
    if (i < sentence.paragraph && !isListLike) break;
  }
  return false;
}

/** The first section whose heading matches, else undefined. */
export function sectionByHeading(doc: PolicyDocument, patterns: readonly RegExp[]): Section | undefined {
  if (patterns.length === 0) return undefined;
  return doc.sections.find((s) => s.heading !== undefined && anyMatch(patterns, s.heading));
}

/**
 * Where a missing statement is reported: the heading of the section where it belongs,
 * else the document's title, never nowhere.
 */
export function missingAt(doc: PolicyDocument, anchor: Section | undefined): { start: number; end: number; section?: string } {
  if (anchor) return anchor.heading !== undefined ? { start: anchor.headingStart, end: anchor.headingEnd, section: anchor.heading } : { start: anchor.headingStart, end: anchor.headingEnd };
  const t = doc.titleRange();
  const title = doc.sections.find((x) => x.headingStart === t.start && x.heading !== undefined);
  return title?.heading ? { ...t, section: title.heading } : t;
}
