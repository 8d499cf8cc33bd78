/**
 * Plain text -> blocks, with a heading heuristic built for what scraped and
 * pasted policies look like: numbered headings ("1 Verantwortlicher",
 * "3. Datenerfassung auf unserer Website"), all-caps headings ("COOKIES"),
 * short title-like lines followed by prose, and list bullets standing alone on
 * their own line ("-" then "Browsertyp ...").
 */
import type { Block, OffsetMap } from './text-builder.js';
import { TextBuilder } from './text-builder.js';
import { ure } from '../unicode-regexp.js';

export interface ParsedText {
  text: string;
  map: OffsetMap;
  blocks: Block[];
}

interface Line {
  /** Offsets of the trimmed content in the source. */
  start: number;
  end: number;
  text: string;
}

const BULLET_ALONE = /^[-–—•*·▪▫◦►▶✓✔☑➤→]$/u;
const BULLET = /^(?:[-–—•*·▪▫◦►▶✓✔☑➤→]\s*|\(?[a-z]\)\s+|\(?\d{1,2}\)\s+)(?=\S)/u;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$/u;
const POLICY_TITLE =
  ure(/^(datenschutz(erklärung|erklaerung|hinweise|information(en)?|bestimmungen|richtlinie|-?grundsätze)?|privacy( policy| notice| statement)?|data protection( policy| notice| declaration)?)\b/iu);
const STREET = ure(/\b(straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|square|street|road|avenue|ave\.?|lane|drive)\b/iu);
const LABEL_VALUE = /^[^:]{1,40}:\s+\S/u;
const CONTACT_LINE = ure(/(@|https?:\/\/|www\.|^(e-?mail|tel|telefon|phone|fax|mobil|web)\b)/iu);
/** Space, tab, line ends, no-break space, zero-width space, BOM. */
const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x200b || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let pos = 0;
  for (;;) {
    const m = re.exec(source);
    const lineEnd = m ? m.index : source.length;
    // Trimmed by hand: a /\s+$/ on a long line of blanks takes quadratic time.
    let a = pos;
    let b = lineEnd;
    while (a < b && isBlank(source.charCodeAt(a))) a++;
    while (b > a && isBlank(source.charCodeAt(b - 1))) b--;
    lines.push({ start: a, end: b, text: source.slice(a, b) });
    if (!m) break;
    pos = m.index + m[0].length;
  }
  return lines;
}

function letters(s: string): { upper: number; lower: number } {
  let upper = 0;
  let lower = 0;
  for (const ch of s) {
    if (ch.toUpperCase() !== ch.toLowerCase()) {
      if (ch === ch.toUpperCase()) upper++;
      else lower++;
    }
  }
  return { upper, lower };
}

/** A line that stops on an article, conjunction or preposition runs on: "… Ihr Name, Ihre IP-Adresse oder". */
const ENDS_IN_FUNCTION_WORD = ure(/\s(?:und|oder|sowie|bzw\.|wenn|dass|die|der|das|den|dem|des|ein|eine|einer|einen|mit|von|vom|zu|zur|zum|für|in|im|an|am|auf|bei|über|nach|aus|the|and|or|of|to|for|with|in|on|at|by|a|an|that|which|if)$/iu);
const wordCount = (s: string): number => s.split(/\s+/u).filter(Boolean).length;

/** A line that reads as running text: long enough, or a full sentence. */
function isProse(line: Line | undefined): boolean {
  if (!line || line.text === '') return false;
  if (BULLET.test(line.text) || BULLET_ALONE.test(line.text)) return false;
  if (line.text.length >= 60) return true;
  return /[.!?:]$/u.test(line.text) && wordCount(line.text) >= 4;
}

function isAllCaps(text: string): boolean {
  const { upper, lower } = letters(text);
  return upper >= 3 && lower <= upper * 0.1;
}

/** Title-like: short, starts with a capital, no final punctuation, not a label or contact line. */
function isTitleLike(text: string): boolean {
  if (text.length > 100 || text.length < 2) return false;
  if (!/^[\p{Lu}\d„"'(]/u.test(text)) return false;
  if (CONTACT_LINE.test(text) || LABEL_VALUE.test(text)) return false;
  if (/\?$/u.test(text)) return wordCount(text) <= 14 && (text.match(/\?/g)?.length ?? 0) === 1;
  if (/[.,;:!]$/u.test(text)) return false;
  return text.length <= 80 && wordCount(text) <= 10;
}

interface HeadingGuess {
  level: number;
  numbered: boolean;
}

export function parseText(source: string): ParsedText {
  const lines = splitLines(source);
  const nonBlank = lines.filter((l) => l.text !== '');
  // Hard-wrapped text (most lines near one width) joins lines into paragraphs.
  const mid = nonBlank.filter((l) => l.text.length >= 55 && l.text.length <= 100).length;
  const wrapped = nonBlank.length >= 8 && mid / nonBlank.length >= 0.5 && nonBlank.every((l) => l.text.length <= 120);

  const nextNonBlank = (i: number): Line | undefined => {
    for (let k = i + 1; k < lines.length; k++) if (lines[k]!.text !== '') return lines[k];
    return undefined;
  };

  let structuralLevel = 0; // level of the last numbered or all-caps heading
  let seenTitle = false;
  let nonBlankSeen = 0;

  const guessHeading = (i: number): HeadingGuess | undefined => {
    const text = lines[i]!.text;
    const next = nextNonBlank(i);
    if (text.length > 120 || BULLET_ALONE.test(text)) return undefined;
    if (!seenTitle && nonBlankSeen <= 5 && POLICY_TITLE.test(text) && text.length <= 60 && !/[.,;:]$/u.test(text)) {
      return { level: 1, numbered: false };
    }
    const numbered = NUMBERED.exec(text);
    if (numbered) {
      const rest = numbered[2]!;
      const depth = numbered[1]!.split('.').length;
      if (/^[\p{Lu}„"]/u.test(rest) && rest.length <= 100 && !/[.,;]$/u.test(rest) && wordCount(rest) <= 12 && !STREET.test(rest) && !CONTACT_LINE.test(rest) && next) {
        return { level: Math.min(6, 1 + depth), numbered: true };
      }
      return undefined;
    }
    if (BULLET.test(text)) return undefined;
    if (isAllCaps(text) && text.length <= 100 && !/[,:;]$/u.test(text) && !CONTACT_LINE.test(text) && next) {
      return { level: 2, numbered: true };
    }
    if (isTitleLike(text) && isProse(next)) {
      return { level: Math.min(6, (structuralLevel || 1) + 1), numbered: false };
    }
    return undefined;
  };

  const builder = new TextBuilder(source);
  type Open = 'paragraph' | 'list-item' | undefined;
  let open: Open;
  let lastLine: Line | undefined;
  let pendingBullet = false;
  const close = (): void => {
    if (open) builder.endBlock(open);
    open = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text === '') {
      close();
      continue;
    }
    nonBlankSeen++;
    if (BULLET_ALONE.test(line.text)) {
      // A bullet on a line of its own introduces the next line as a list item.
      close();
      pendingBullet = true;
      continue;
    }
    if (pendingBullet) {
      pendingBullet = false;
      builder.text(line.text, line.start, line.end);
      open = 'list-item';
      lastLine = line;
      continue;
    }
    // In hard-wrapped text a line inside a paragraph (the one before it runs on) is never a heading,
    // nor is a paragraph's first line that fills the width and runs on into the next.
    const midParagraph = wrapped && open === 'paragraph' && lastLine !== undefined && !/[.!?:]$/u.test(lastLine.text);
    const runsOn = wrapped && line.text.length >= 55 && lines[i + 1] !== undefined && lines[i + 1]!.text !== '' && !/[.!?:]$/u.test(line.text);
    const heading = midParagraph || runsOn || ENDS_IN_FUNCTION_WORD.test(line.text) ? undefined : guessHeading(i);
    if (heading) {
      close();
      builder.text(line.text, line.start, line.end);
      builder.endBlock('heading', heading.level);
      if (heading.level === 1) seenTitle = true;
      if (heading.numbered) structuralLevel = heading.level;
      lastLine = undefined;
      continue;
    }
    const bullet = BULLET.exec(line.text);
    if (bullet) {
      close();
      const skip = bullet[0].length;
      builder.text(line.text.slice(skip), line.start + skip, line.end);
      open = 'list-item';
      lastLine = line;
      continue;
    }
    const continues =
      open !== undefined &&
      lastLine !== undefined &&
      (/^[\p{Ll}]/u.test(line.text) || (wrapped && !/[.!?:]$/u.test(lastLine.text)) || /[-,]$/u.test(lastLine.text) && wrapped);
    if (continues) {
      builder.char(' ', lastLine!.end, lastLine!.end);
    } else {
      close();
      open = 'paragraph';
    }
    builder.text(line.text, line.start, line.end);
    lastLine = line;
  }
  close();
  return builder.finish();
}
