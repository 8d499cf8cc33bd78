/**
 * The Art. 13 checklist as the reports show it: in the order of the article, each item named
 * for what must be there, in the report's language.
 */
import type { RuleDefinition } from '../analyse/rule-schema.js';
import type { ChecklistItem, Language } from '../types.js';

/** The checklist in the order of Art. 13: who, the bases, how long, the rights, the rest. */
const ORDER = ['controller-identity', 'dpo-contact', 'eu-representative', 'legal-basis', 'processing-without-basis', 'legitimate-interest-named', 'retention-period',
  'right-access', 'right-rectification', 'right-erasure', 'right-restriction', 'right-portability', 'right-object', 'right-withdraw-consent', 'right-complaint', 'automated-decision'];
export function checklistOrder(items: readonly ChecklistItem[]): ChecklistItem[] {
  const rank = (id: string): number => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);
  return [...items].sort((a, b) => rank(a.ruleId) - rank(b.ruleId) || (a.ruleId < b.ruleId ? -1 : 1));
}

/** Items whose rule is named for the defect, named in the checklist for what must be there. */
const ITEM_TITLE: Record<string, Record<Language, string>> = {
  'processing-without-basis': { de: 'Rechtsgrundlage für jede Verarbeitung', en: 'A legal basis for each processing' },
};
/** An item's name in the report's language (the audit wrote it in the policy's, for its jurisdiction). */
export const itemTitle = (i: ChecklistItem, lang: Language, rules: ReadonlyMap<string, RuleDefinition>, written?: Language): string =>
  ITEM_TITLE[i.ruleId]?.[lang] ?? (written === lang ? i.title : (rules.get(i.ruleId)?.title[lang] ?? i.title));

