/**
 * Check kind `requires`: where the policy says X, it must also say Y. Where
 * lit. f is the basis, the legitimate interest itself must be stated (Art.
 * 13(1)(d)); where automated decisions or profiling are described, the logic
 * involved must be explained (Art. 13(2)(f)). One finding per section at the
 * first triggering sentence.
 */
import type { RawFinding } from '../check.js';
import { defineCheck, foundAt, notApplicable } from '../check.js';
import { factsOf, purposeWords } from '../../statements/facts.js';
import { anyMatch, compilePatterns } from '../../knowledge/lexicons.js';
import { UserError } from '../../types.js';
import { headingChain } from './context.js';
import type { PolicyDocument, Sentence } from '../../document/document.js';

type Scope = 'sentence' | 'section' | 'document';

interface Params {
  trigger: RegExp[];
  triggerLetters: string[];
  triggerUnless: RegExp[];
  unlessHeadings: RegExp[];
  required: RegExp[];
  /** Also accept a nearby sentence that states a purpose once the basis is taken out (filler words to drop). */
  purposeFiller?: RegExp[];
  /** How many content words make a purpose. */
  purposeMinWords: number;
  scope: Scope;
  /** With scope "sentence": how many sentences before and after count too. */
  window: number;
  /**
   * With scope "sentence": a trigger under one of these labels ("Rechtsgrundlagen: Berechtigte
   * Interessen …") sums up its section's processing, so a required statement anywhere in the section
   * counts (the filler words only in the window).
   */
  summaryLabels: RegExp[];
  /** Sentences that give another fact under a label ("Betroffene Personen: Nutzer"): no purpose through the filler. */
  factLabels: RegExp[];
}

/** A sentence that opens by pointing back at the one before. */
const POINTS_BACK = /^\W{0,3}(?:diese[rsnm]?|dies|das|hierbei|dabei|this|that|these|such)\b/iu;

/** The sentences of the table cells right before and after a sentence's own cell. */
function cellBeside(doc: PolicyDocument, s: Sentence): number[] {
  const own = s.paragraph >= 0 ? doc.paragraphs[s.paragraph] : undefined;
  if (!own || own.kind !== 'cell') return [];
  const out: number[] = [];
  for (const q of [s.paragraph - 1, s.paragraph + 1]) {
    const cell = doc.paragraphs[q];
    if (cell && cell.kind === 'cell' && cell.section === s.section) for (const x of doc.sentencesOfParagraph(q)) out.push(x.index);
  }
  return out;
}

export const requiresCheck = defineCheck<Params>({
  compile(check, file) {
    const scope = check.scope ?? 'section';
    if (scope !== 'sentence' && scope !== 'section' && scope !== 'document') {
      throw new UserError('invalid rule file: key "check.scope" must be sentence, section or document', file);
    }
    const letters = check['trigger-letters'] ?? [];
    if (!Array.isArray(letters) || letters.some((l) => typeof l !== 'string' || !/^[a-f]$/u.test(l))) {
      throw new UserError('invalid rule file: key "check.trigger-letters" must list letters a to f', file);
    }
    const window = check.window ?? 1;
    if (typeof window !== 'number' || window < 0) throw new UserError('invalid rule file: key "check.window" must be a number', file);
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    const params: Params = {
      trigger: list('trigger'),
      triggerLetters: letters as string[],
      triggerUnless: list('trigger-unless'),
      unlessHeadings: list('unless-headings'),
      required: list('required'),
      summaryLabels: list('summary-labels'),
      factLabels: list('fact-labels'),
      scope,
      window,
      purposeMinWords: typeof check['purpose-min-words'] === 'number' ? check['purpose-min-words'] : 3,
    };
    if (check['purpose-filler'] !== undefined) params.purposeFiller = list('purpose-filler');
    if (params.trigger.length + params.triggerLetters.length === 0) throw new UserError('invalid rule file: key "check.trigger" must not be empty', file);
    if (params.required.length === 0) throw new UserError('invalid rule file: key "check.required" must not be empty', file);
    return params;
  },

  run(doc, p) {
    const facts = factsOf(doc);
    const text = (i: number): string => doc.sentenceText(i);
    const triggers = doc.sentences.filter((s) => {
      if (s.heading) return false;
      const t = text(s.index);
      const hit = anyMatch(p.trigger, t) || p.triggerLetters.some((l) => facts.sentences[s.index]!.letters.has(l as 'a'));
      if (!hit || anyMatch(p.triggerUnless, t)) return false;
      // A sentence that points back ("Diese Übermittlung bezweckt die Bonitätsprüfung", "This check …") is
      // read with the one it points to for what takes the trigger back.
      const prev = doc.sentences[s.index - 1];
      if (POINTS_BACK.test(t) && prev && prev.section === s.section && !prev.heading && anyMatch(p.triggerUnless, text(prev.index))) return false;
      return !headingChain(doc, doc.sections[s.section]!).some((h) => anyMatch(p.unlessHeadings, h));
    });
    if (triggers.length === 0) {
      notApplicable();
      return [];
    }
    if (p.scope === 'document') {
      const stated = doc.sentences.find((s) => anyMatch(p.required, text(s.index)));
      if (stated) {
        foundAt(stated.start, stated.end);
        return [];
      }
      const t = triggers[0]!;
      return [{ start: t.start, end: t.end }];
    }
    const findings: RawFinding[] = [];
    const reported = new Set<number>();
    for (const t of triggers) {
      if (reported.has(t.section)) continue;
      const own = doc.sentencesOfSection(t.section);
      const around = p.scope === 'sentence' ? own.filter((s) => Math.abs(s.index - t.index) <= p.window) : own;
      const summary = p.scope === 'sentence' && anyMatch(p.summaryLabels, text(t.index));
      const filler = p.purposeFiller;
      const states = (i: number): boolean => {
        const said = text(i);
        if (anyMatch(p.required, said)) return true;
        return filler !== undefined && !anyMatch(p.factLabels, said) && purposeWords(said, filler) >= p.purposeMinWords;
      };
      if (around.some((s) => states(s.index))) continue;
      // In a table the basis's row names the purpose in a cell of its own ("Fraud prevention | Legitimate interest").
      if (p.scope === 'sentence' && filler !== undefined && cellBeside(doc, t).some((i) => purposeWords(text(i), filler) >= 1 && !anyMatch(p.trigger, text(i)))) continue;
      if (summary && own.some((s) => anyMatch(p.required, text(s.index)))) continue;
      reported.add(t.section);
      findings.push({ start: t.start, end: t.end });
    }
    return findings;
  },
});
