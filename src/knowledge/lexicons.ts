/**
 * Lexicons shared by several rules (legal bases, processing cues, negation),
 * kept as data in `rules/lexicons/<name>.yaml`: a mapping from entry names to
 * lists of regular-expression sources. A rule refers to an entry as
 * `@lexicon/entry` wherever it takes a pattern list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';
import yaml from 'js-yaml';
import { loadDataFile } from '../load/data-file.js';
import { UserError } from '../types.js';
import { gateOf } from './gate.js';
import { LiteralIndex } from './literal-index.js';
import { patternList, withPatternCheck } from './patterns.js';

export type Lexicon = Record<string, RegExp[]>;

const cache = new Map<string, Lexicon>();
/** The package's own lexicons (works from src/ under Jest and from dist/). */
let lexiconDir = packagePath('rules', 'lexicons');

export function setLexiconDir(dir: string): void {
  if (dir !== lexiconDir) cache.clear();
  lexiconDir = dir;
}

export function loadLexicon(name: string, dir = lexiconDir): Lexicon {
  const key = join(dir, name);
  const hit = cache.get(key);
  if (hit) return hit;
  const file = join(dir, `${name}.yaml`);
  let raw: unknown;
  try {
    raw = loadDataFile(file);
  } catch (error) {
    const message = (error as Error).message;
    const reason =
      error instanceof yaml.YAMLException ? error.reason : (error as NodeJS.ErrnoException).code === 'ENOENT' || /: no such file$/u.test(message) ? 'no such lexicon' : message.replace(/^cannot read the rule file: /u, '');
    throw new UserError(`invalid lexicon: ${reason}`, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError('invalid lexicon: key "(top level)" must map entry names to pattern lists', file);
  const lexicon: Lexicon = {};
  for (const [entry, list] of Object.entries(raw as Record<string, unknown>)) {
    lexicon[entry] = withPatternCheck(false, () => patternList(file, entry, list));
    gateIdsOf(lexicon[entry]!);
  }
  cache.set(key, lexicon);
  return lexicon;
}

/**
 * Compile a rule's pattern list, expanding `@lexicon/entry` references.
 * `file` and `key` name the place of an error.
 */
export function compilePatterns(file: string, key: string, value: unknown, flags = 'iu'): RegExp[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new UserError(`invalid rule file: key "${key}" must be a list of patterns or @lexicon/entry references`, file);
  }
  const out: RegExp[] = [];
  const plain: unknown[] = [];
  for (const [i, v] of (value as unknown[]).entries()) {
    const ref = typeof v === 'string' ? /^@([a-z0-9-]+)\/([a-z0-9-]+)$/u.exec(v) : null;
    if (!ref) {
      plain.push(v);
      continue;
    }
    const lexicon = loadLexicon(ref[1]!);
    // Own entries only: "@claims/constructor" names no entry, not the object's constructor.
    const entry = Object.hasOwn(lexicon, ref[2]!) ? lexicon[ref[2]!] : undefined;
    if (!entry) throw new UserError(`invalid rule file: key "${key}[${i}]" names an unknown lexicon entry ${v}`, file);
    out.push(...entry);
  }
  out.push(...patternList(file, key, plain, flags));
  // Gate words are registered now, so the literal index is built once, not list by list.
  gateIdsOf(out);
  return out;
}

const globalCache = new WeakMap<RegExp, RegExp>();
/** The same pattern with the g flag (for matchAll and replace), compiled once. */
export function globalOf(re: RegExp): RegExp {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    globalCache.set(re, g);
  }
  return g;
}

const literals = new LiteralIndex();
const gateIds = new WeakMap<readonly RegExp[], number[] | null>();

/** The ids of a list's gate words in the shared literal index (null: the list has no gate). */
function gateIdsOf(patterns: readonly RegExp[]): number[] | null {
  let ids = gateIds.get(patterns);
  if (ids === undefined) {
    const gate = gateOf(patterns);
    ids = gate ? gate.map((word) => literals.id(word)) : null;
    gateIds.set(patterns, ids);
  }
  return ids;
}

/**
 * A case-insensitive pattern as a case-sensitive one for lower-cased text, or null where that could
 * change what it matches (capitals or case properties in the source, no `i` flag). V8 compiles and
 * runs a pattern without `i` about twice as fast: it need not fold the case of every character.
 */
const lowerCache = new WeakMap<RegExp, RegExp | null>();
const CASE_PROPERTY = /^(?:Lu|Ll|Lt|LC|Uppercase|Lowercase|Cased_Letter|Titlecase_Letter|Uppercase_Letter|Lowercase_Letter|gc=L[ultC]|General_Category=L[ultC])$/u;

/** Whether a source matches the same on lower-cased text without `i`: no capital outside an escape, no case property. */
function caseFree(src: string): boolean {
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 92) {
      const e = src.charCodeAt(i + 1);
      if ((e === 112 || e === 80) && src.charCodeAt(i + 2) === 123) {
        const close = src.indexOf('}', i + 3);
        if (close < 0 || CASE_PROPERTY.test(src.slice(i + 3, close))) return false;
        i = close;
      } else i++;
    } else if ((c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c))) return false;
  }
  return true;
}

function lowerOf(re: RegExp): RegExp | null {
  let low = lowerCache.get(re);
  if (low === undefined) {
    low = re.flags.includes('i') && !re.global && !re.sticky && caseFree(re.source) ? new RegExp(re.source, re.flags.replace('i', '')) : null;
    lowerCache.set(re, low);
  }
  return low;
}

let lastText: string | undefined;
let lastLower: string | undefined;
/** The text in lower case when that keeps every offset ("İ" lower-cases to two code units), else undefined. */
function lowerText(text: string): string | undefined {
  if (text !== lastText) {
    const lower = text.toLowerCase();
    lastText = text;
    lastLower = lower.length === text.length ? lower : undefined;
  }
  return lastLower;
}

/** Whether any of the patterns matches the text (a list's gate words are checked first). */
export function anyMatch(patterns: readonly RegExp[], text: string): boolean {
  if (patterns.length === 0) return false;
  const ids = gateIdsOf(patterns);
  if (ids) {
    const present = literals.present(text);
    let any = false;
    for (const id of ids) {
      if (present[id] === 1) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  let seen = answers.get(patterns);
  if (!seen) answers.set(patterns, (seen = new Map()));
  const known = seen.get(text);
  if (known !== undefined) return known;
  if (seen.size >= ANSWERS) seen.clear();
  const lower = lowerText(text);
  for (const re of patterns) {
    const low = lower === undefined ? null : lowerOf(re);
    if (low ? low.test(lower!) : re.test(text)) {
      seen.set(text, true);
      return true;
    }
  }
  seen.set(text, false);
  return false;
}

/**
 * The answers of a list for the texts asked last: several rules ask the same list about the same
 * sentence (a processing cue, a legal basis), and the text is handed out as the same string.
 */
const answers = new WeakMap<readonly RegExp[], Map<string, boolean>>();
const ANSWERS = 1024;

const singleGates = new WeakMap<RegExp, string[] | null>();

/** Whether one pattern may match a text, by its gate words alone (`lowerText`: the text in lower case). */
export function mayMatch(re: RegExp, lowerText: string): boolean {
  let gate = singleGates.get(re);
  if (gate === undefined) {
    gate = gateOf([re]);
    singleGates.set(re, gate);
  }
  return gate === null || gate.some((word) => lowerText.includes(word));
}

/** The same without the gate: what a gate must never change. */
export const anyMatchUngated = (patterns: readonly RegExp[], text: string): boolean => patterns.some((re) => re.test(text));
