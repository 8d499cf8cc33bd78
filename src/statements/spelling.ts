/**
 * Policies typed without umlauts ("Loeschung", "Einschraenkung", "Datenuebertragbarkeit",
 * "Aufsichtsbehoerde"): the rule lexicons are written with umlauts, so such a text is also
 * read with the digraphs turned back. Only a text with no umlaut at all is read so (a text
 * that has umlauts writes "ue" as "ue" on purpose: "neue", "Steuer", "aktuell").
 */
import type { PolicyDocument } from '../document/document.js';

const UMLAUT = /[äöüÄÖÜß]/u;
const DIGRAPH = /(?<![qQ])([aAoOuU])e/gu;
const BACK: Record<string, string> = { a: 'ä', A: 'Ä', o: 'ö', O: 'Ö', u: 'ü', U: 'Ü' };

const memo = new WeakMap<PolicyDocument, boolean>();

/** Whether the document writes German without umlauts (and says "fuer", "ueber", "koennen" or the like). */
export function writesWithoutUmlauts(doc: PolicyDocument): boolean {
  let hit = memo.get(doc);
  if (hit === undefined) {
    hit = doc.language === 'de' && !UMLAUT.test(doc.text) && /\b(?:fuer|ueber|koennen|moechten|loeschung|aenderung|gemaess|persoenlich\w*|muessen|waehrend|zurueck\w*)\b/iu.test(doc.text);
    memo.set(doc, hit);
  }
  return hit;
}

/** The text with "ae", "oe", "ue" read as umlauts ("Loeschung" → "Löschung"). */
export function withUmlauts(text: string): string {
  return text.replace(DIGRAPH, (_, v: string) => BACK[v]!);
}
