/**
 * Catastrophic backtracking: a pattern such as `\w*[^.]{0,120}sobald` reads a
 * long run of letters once per starting place, and `(a+)+` far more often, so
 * one crafted or unlucky policy could stall a run for hours. Every pattern is
 * therefore run over texts of 100 KB built to provoke it: long runs of
 * letters, digits, blanks, dots and hyphens, and of the pattern's own words,
 * each ending in a character that spoils a match. The built-in patterns are
 * proven so by a test; patterns of a user's own rules are checked when they
 * are loaded, under a time limit that interrupts a pattern that never ends.
 */
import vm from 'node:vm';

export const ADVERSARIAL_LENGTH = 100_000;
/** Time a pattern may take on one adversarial text before it counts as unsafe. */
export const BACKTRACKING_BUDGET_MS = 1000;

const UNITS = ['a', 'ä', '1', ' ', 'a ', 'a.', 'a-', 'a-1 ', '-', '.', 'aa@', 'Art. 6 Abs. 1 lit. a DSGVO ', 'Daten, ', '\n'];

/** The words of a pattern's source (its literal letters), a few of them. */
function wordsOf(source: string): string[] {
  const words = source.replace(/\\[pPu]\{[^}]*\}|\\./gu, ' ').toLowerCase().match(/[\p{L}]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, 4);
}

/** How many of a pattern's own characters get a text of their own. */
const MAX_OWN_CHARACTERS = 16;

/**
 * The characters a pattern's source names: its literal characters (escaped or not) and one
 * member of each class or range. A pattern such as `(_+)+$` or `(x+x+)+y` backtracks only on a
 * run of its own character, which no fixed list of fillers holds.
 */
function charactersOf(source: string): string[] {
  const out = new Set<string>();
  let inClass = false;
  for (let i = 0; i < source.length && out.size < MAX_OWN_CHARACTERS; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if ((next === 'p' || next === 'P' || next === 'u' || next === 'x') && source[i + 2] === '{') {
        const close = source.indexOf('}', i);
        i = close < 0 ? source.length : close;
      }
      else if (next === 'u') i += 5;
      else if (next === 'x') i += 3;
      else {
        const shorthand: Record<string, string> = { d: '1', D: 'a', w: 'a', W: ' ', s: ' ', S: 'a', b: '', B: '', n: '\n', t: '\t', r: '' };
        const c = shorthand[next] ?? next;
        if (c !== '') out.add(c);
        i++;
      }
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      else if (ch !== '^' && ch !== '-') out.add(ch);
      continue;
    }
    const quantifier = ch === '{' ? /^\{\d*,?\d*\}/u.exec(source.slice(i, i + 24)) : null;
    if (quantifier) i += quantifier[0].length - 1;
    else if (ch === '[') inClass = true;
    else if (!'()|?*+^$.'.includes(ch)) out.add(ch);
  }
  return [...out];
}

/** Texts of `length` characters (each plus a spoiler at the end) that make a badly written pattern backtrack. */
export function adversarialTexts(re: RegExp, length = ADVERSARIAL_LENGTH): string[] {
  const fill = (unit: string): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  // The spoiler must not be what the pattern ends with, or the match succeeds at once.
  const spoiler = ['!', '§', '\u0001'].find((c) => !re.source.includes(c)) ?? '\u0001';
  const units = new Set([...UNITS, ...wordsOf(re.source).flatMap((w) => [w, `${w} `]), ...charactersOf(re.source)]);
  return [...units].map((u) => `${fill(u)}${spoiler}`);
}

/** A context of its own, with the scan compiled in it once: the time limit interrupts only what runs there. */
let sandbox: { context: vm.Context; scan: (re: RegExp, text: string) => void } | undefined;

/**
 * null when the pattern runs through each adversarial text (every match, as
 * the checks read them) within the budget; else what went wrong, for a message.
 */
export function backtrackingProblem(re: RegExp, budgetMs = BACKTRACKING_BUDGET_MS, length = ADVERSARIAL_LENGTH): string | null {
  if (!sandbox) {
    const context = vm.createContext({});
    const scan = vm.runInContext(
      '(re, text) => { re.lastIndex = 0; let m; while ((m = re.exec(text)) !== null) if (m[0] === "") re.lastIndex++; }',
      context,
    ) as (re: RegExp, text: string) => void;
    sandbox = { context, scan };
  }
  const { context, scan } = sandbox;
  const all = new RegExp(re.source, re.flags.replace(/[gy]/gu, '') + 'g');
  for (const text of adversarialTexts(re, length)) {
    try {
      vm.runInContext('scan(re, text)', Object.assign(context, { scan, re: all, text }), { timeout: budgetMs });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
      const sample = JSON.stringify(text.slice(0, 12));
      return `backtracks catastrophically: it took more than ${budgetMs} ms on ${Math.round(length / 1000)} KB of ${sample}…; bound its repetitions (\\w{0,30} for \\w*) or anchor its start`;
    } finally {
      Object.assign(context, { re: undefined, text: undefined });
    }
  }
  return null;
}
