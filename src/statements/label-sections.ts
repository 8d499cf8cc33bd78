/**
 * Flat pages often write a service's section as a heading followed by sibling
 * headings that only label a part of it ("## YouTube", "## Rechtsgrundlage",
 * "## Speicherdauer" at one level). Those label sections belong to the service.
 */
import type { PolicyDocument, Section } from '../document/document.js';
import { ure } from '../unicode-regexp.js';

export const LABEL_HEADING = ure(/^[^\p{L}]{0,6}(?:rechtsgrundlagen?|legal bas[ie]s|speicherdauer|dauer der speicherung|storage period|retention|drittland\p{L}*|drittlandtransfer|third[- ]country transfers?|empfänger(?: der daten)?|recipients|widerruf\p{L}*|widerspruch\p{L}*|zweck(?:e)?(?: der verarbeitung)?|purposes?|art und zweck der verarbeitung|bereitstellung vorgeschrieben oder erforderlich|weitere informationen|more information|opt-?out|datenkategorien|categories of data)[^\p{L}]{0,6}$/iu);

export const isLabel = (s: Section): boolean => s.heading !== undefined && LABEL_HEADING.test(s.heading);

/** Where a service's own section ends: with the label sections after it at the same level. */
export function withLabelSections(doc: PolicyDocument, section: Section): number {
  let end = section.end;
  for (let i = section.index + 1; i < doc.sections.length; i++) {
    const next = doc.sections[i]!;
    if (next.start < end) continue; // its own sub-sections
    if (next.start !== end || next.level !== section.level || !isLabel(next)) break;
    end = next.end;
  }
  return end;
}

/** The section a label section belongs to (the first non-label sibling before the run of labels); else the section itself. */
export function labelOwner(doc: PolicyDocument, index: number): number {
  let s = doc.sections[index]!;
  while (isLabel(s) && s.index > 0) {
    const prev = siblingBefore(doc, s);
    if (!prev) break;
    s = prev;
  }
  return s.index;
}

function siblingBefore(doc: PolicyDocument, s: Section): Section | undefined {
  for (let i = s.index - 1; i >= 0; i--) {
    const p = doc.sections[i]!;
    if (p.end === s.start && p.level === s.level) return p;
    if (p.start < s.start && p.end > s.start) return undefined; // reached the parent
  }
  return undefined;
}
