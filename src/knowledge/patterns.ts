/**
 * Pattern lists as rule and lexicon files write them: compiled with the
 * Unicode-aware word boundary, and (for a user's own files) checked for
 * catastrophic backtracking before use.
 */
import { backtrackingProblem } from './regex-safety.js';
import { unicodeBoundaries } from '../unicode-regexp.js';
import { UserError } from '../types.js';

function fail(file: string, key: string, problem: string): never {
  throw new UserError(`invalid rule file: key "${key}" ${problem}`, file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Set while a user's rule file is compiled: each of its patterns is checked for catastrophic backtracking. */
let checkUserPatterns = false;

/** Run `fn` with (or without) the backtracking check of every pattern it compiles. */
export function withPatternCheck<T>(on: boolean, fn: () => T): T {
  const before = checkUserPatterns;
  checkUserPatterns = on;
  try {
    return fn();
  } finally {
    checkUserPatterns = before;
  }
}

export function patternList(file: string, key: string, v: unknown, flags = 'iu'): RegExp[] {
  if (!Array.isArray(v)) fail(file, key, 'must be a list of patterns');
  return v.map((item: unknown, i) => {
    let src: unknown = item;
    let f = flags;
    if (isObject(item)) {
      src = item.pattern;
      if (item['case-sensitive'] === true) f = flags.replace('i', '');
      for (const k of Object.keys(item)) if (k !== 'pattern' && k !== 'case-sensitive') fail(file, `${key}[${i}].${k}`, 'is not a known pattern key');
    }
    if (typeof src !== 'string') return fail(file, `${key}[${i}]`, 'must be a pattern string');
    let re: RegExp;
    try {
      re = new RegExp(unicodeBoundaries(src), f);
    } catch (error) {
      return fail(file, `${key}[${i}]`, `is not a valid regular expression: ${(error as Error).message}`);
    }
    const problem = checkUserPatterns ? backtrackingProblem(re) : null;
    if (problem) fail(file, `${key}[${i}]`, problem);
    return re;
  });
}

