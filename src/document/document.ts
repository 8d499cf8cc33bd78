/**
 * The document model every rule works on: sections (heading, level, range,
 * parent), paragraphs and sentences, all as offsets into the plain text, and a
 * way back to line and column in the ORIGINAL source.
 */
import { location } from 'vfile-location';
import type { PageLink, PageResource, SourceComment } from '../parse/html.js';
import { parseHtml } from '../parse/html.js';
import { parseMarkdown, tableCells } from '../parse/markdown.js';
import type { Block, BlockKind, OffsetMap } from '../parse/text-builder.js';
import { parseText } from '../parse/text.js';
import type { Language, Place, Point, SourceFormat } from '../types.js';
import { UserError } from '../types.js';
import { detectLanguage } from './language.js';
import { splitSentences } from './sentences.js';

export interface Section {
  index: number;
  /** Heading text; undefined for the root (text before the first heading). */
  heading?: string;
  /** 0 for the root, 1-6 for headings. */
  level: number;
  /** Plain-text range of the heading itself. */
  headingStart: number;
  headingEnd: number;
  /** Whole section including subsections. */
  start: number;
  end: number;
  /** End of the section's own text, before its first subsection. */
  bodyEnd: number;
  parent?: number;
  children: number[];
}

export interface Paragraph {
  index: number;
  kind: BlockKind;
  start: number;
  end: number;
  section: number;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  paragraph: number;
  section: number;
  /** True for the sentence that is a heading. */
  heading: boolean;
}

export interface DocumentInput {
  path: string;
  source: string;
  format: SourceFormat;
  encoding?: string;
  /** Force the language instead of detecting it. */
  language?: Language;
}

/** Most Markdown table cells policy-audit reads in one document (a long policy's tables hold a few thousand). */
const MAX_TABLE_CELLS = 200_000;

/** Deepest Markdown container nesting policy-audit parses as Markdown (block quotes, lists). */
const MAX_MARKDOWN_DEPTH = 200;

function tooDeepForMarkdown(source: string): boolean {
  // Quote and list markers at a line's start, bullets and ordered ("1.", "2)") alike.
  for (const m of source.matchAll(/^(?:[ \t>*+-]|\d{1,9}[.)]){200,}/gmu)) {
    const depth = (m[0].match(/[>*+-]|\d{1,9}[.)]/gu) ?? []).length;
    if (depth > MAX_MARKDOWN_DEPTH) return true;
  }
  // Lists nested by indentation: each level is indented two or more columns past the one above it.
  return /^[ \t]{400,}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/mu.test(source);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', '!doctype']);
/** Deepest element nesting policy-audit builds a syntax tree for (real pages stay far below). */
const MAX_HTML_DEPTH = 2000;

/** A quick count of open elements: the HTML parser's work grows with the square of the depth. */
function tooDeepForHtml(source: string): boolean {
  let depth = 0;
  for (const m of source.matchAll(/<(\/?)([a-zA-Z!][\w:-]*)[^>]*?(\/?)>/gu)) {
    const name = m[2]!.toLowerCase();
    if (VOID.has(name) || m[3] === '/') continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > MAX_HTML_DEPTH) return true;
  }
  return false;
}

const COMMENT_END = /-->/gu;
const SCRIPT_END = /<\/script\s*>/giu;
const STYLE_END = /<\/style\s*>/giu;
const TAG_END = />/gu;

/**
 * Where each closing mark is next found from a place, remembered: a text with thousands of
 * unclosed "<!--" or "<" asks the same question from each, and is read once, not once each.
 */
class NextMark {
  private readonly known = new Map<RegExp, { from: number; at: number; end: number }>();
  find(re: RegExp, from: number): number {
    const k = this.known.get(re);
    if (k && from >= k.from && (k.at < 0 || from <= k.at)) return k.end;
    re.lastIndex = from;
    const m = re.exec(this.text);
    const found = m ? { from, at: m.index, end: m.index + m[0].length } : { from, at: -1, end: -1 };
    this.known.set(re, found);
    return found.end;
  }
  constructor(private readonly text: string) {}
}

/**
 * Tags, comments and Markdown markers replaced by spaces of the same length. A comment runs to
 * its "-->", a script or style element to its end tag, any other tag to its ">"; what is not
 * closed is left as text.
 */
function blankMarkup(source: string): string {
  const marks = new NextMark(source);
  const out: string[] = [];
  let copied = 0;
  for (let i = source.indexOf('<'); i >= 0; ) {
    let end = source.startsWith('<!--', i) ? marks.find(COMMENT_END, i + 4) : -1;
    if (end < 0) {
      const element = /^<(script|style)\b/iu.exec(source.slice(i, i + 8));
      if (element) end = marks.find(element[1]!.toLowerCase() === 'script' ? SCRIPT_END : STYLE_END, i + element[0].length);
    }
    if (end < 0) end = marks.find(TAG_END, i + 1);
    if (end < 0) break;
    out.push(source.slice(copied, i), source.slice(i, end).replace(/[^\n]/gu, ' '));
    copied = end;
    i = source.indexOf('<', end);
  }
  out.push(source.slice(copied));
  return out.join('').replace(/^[ \t>*+-]{2,}/gmu, (m) => ' '.repeat(m.length));
}

export class PolicyDocument {
  readonly path: string;
  readonly source: string;
  readonly format: SourceFormat;
  readonly encoding: string;
  readonly language: Language;
  readonly text: string;
  readonly blocks: readonly Block[];
  /** True when the markup was too deeply nested to parse and the text was read without it. */
  readonly parsedWithoutMarkup: boolean;
  /** Comments in the source (HTML and Markdown), with source offsets. */
  readonly comments: readonly SourceComment[];
  /** What the page loads (scripts, stylesheets, frames, images, inline code), with source offsets. */
  readonly resources: readonly PageResource[];
  /** Hyperlinks to other sites (HTML and Markdown), in source order. */
  readonly links: readonly PageLink[];
  readonly sections: Section[] = [];
  readonly paragraphs: Paragraph[] = [];
  readonly sentences: Sentence[] = [];
  private readonly map: OffsetMap;
  private readonly loc: ReturnType<typeof location>;

  constructor(input: DocumentInput) {
    this.path = input.path;
    this.source = input.source;
    this.format = input.format;
    this.encoding = input.encoding ?? 'utf-8';
    let declared: string | undefined;
    let parsed: { text: string; map: OffsetMap; blocks: Block[]; comments?: SourceComment[]; resources?: PageResource[]; links?: PageLink[] };
    let fallback = false;
    try {
      if (input.format === 'html') {
        if (tooDeepForHtml(input.source)) throw new RangeError('nesting too deep');
        const html = parseHtml(input.source);
        declared = html.declaredLanguage;
        parsed = html;
      } else if (input.format === 'markdown') {
        if (tooDeepForMarkdown(input.source)) throw new RangeError('nesting too deep');
        const cells = tableCells(input.source, MAX_TABLE_CELLS);
        if (cells > MAX_TABLE_CELLS) throw new UserError(`too complex to audit: tables of ${cells.toLocaleString('en')} cells, more than the ${MAX_TABLE_CELLS.toLocaleString('en')} policy-audit reads`);
        parsed = parseMarkdown(input.source);
      } else parsed = parseText(input.source);
    } catch (error) {
      // Markup nested beyond what a syntax tree can hold (100,000 <div>s, 20,000 ">"): read
      // the text with the markup blanked out, so that every offset stays where it was.
      if (!(error instanceof RangeError) || input.format === 'text') throw error;
      parsed = parseText(blankMarkup(input.source));
      fallback = true;
    }
    this.parsedWithoutMarkup = fallback;
    this.text = parsed.text;
    this.map = parsed.map;
    this.blocks = parsed.blocks;
    this.comments = parsed.comments ?? [];
    this.resources = parsed.resources ?? [];
    this.links = parsed.links ?? [];
    this.loc = location(input.source);
    this.language = input.language ?? detectLanguage(this.text, declared);
    this.build();
  }

  private build(): void {
    const root: Section = { index: 0, level: 0, headingStart: 0, headingEnd: 0, start: 0, end: this.text.length, bodyEnd: this.text.length, children: [] };
    this.sections.push(root);
    const open: Section[] = [root];
    const closeUntil = (level: number, at: number): void => {
      while (open.length > 1 && open[open.length - 1]!.level >= level) {
        const s = open.pop()!;
        s.end = at;
      }
    };
    for (const block of this.blocks) {
      if (block.kind === 'heading') {
        const level = block.level ?? 2;
        closeUntil(level, block.start);
        const parent = open[open.length - 1]!;
        const section: Section = {
          index: this.sections.length,
          heading: this.text.slice(block.start, block.end).replace(/\s+/gu, ' '),
          level,
          headingStart: block.start,
          headingEnd: block.end,
          start: block.start,
          end: this.text.length,
          bodyEnd: this.text.length,
          parent: parent.index,
          children: [],
        };
        parent.children.push(section.index);
        this.sections.push(section);
        open.push(section);
        this.sentences.push({ index: this.sentences.length, start: block.start, end: block.end, paragraph: -1, section: section.index, heading: true });
        continue;
      }
      const section = open[open.length - 1]!;
      const paragraph: Paragraph = { index: this.paragraphs.length, kind: block.kind, start: block.start, end: block.end, section: section.index };
      this.paragraphs.push(paragraph);
      for (const [s, e] of splitSentences(this.text.slice(block.start, block.end))) {
        this.sentences.push({ index: this.sentences.length, start: block.start + s, end: block.start + e, paragraph: paragraph.index, section: section.index, heading: false });
      }
    }
    closeUntil(1, this.text.length);
    // A section's own text ends where its first subsection starts, else with the section.
    for (const s of this.sections) {
      const first = s.children[0];
      s.bodyEnd = first === undefined ? s.end : this.sections[first]!.start;
    }
  }

  /** The innermost section that contains plain-text offset `offset`. */
  sectionAt(offset: number): Section {
    let best = this.sections[0]!;
    for (const s of this.sections) if (s.start <= offset && offset < s.end && s.level >= best.level) best = s;
    return best;
  }

  /** Text of a plain-text range. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private readonly sentenceTexts: string[] = [];

  /**
   * Text of a sentence, the same string each time: the checks read every
   * sentence dozens of times, and what is kept for a string (its lower case,
   * the gate words in it) is then found at once.
   */
  sentenceText(index: number): string {
    let t = this.sentenceTexts[index];
    if (t === undefined) {
      const s = this.sentences[index]!;
      t = this.text.slice(s.start, s.end);
      this.sentenceTexts[index] = t;
    }
    return t;
  }

  /** Sentences of a section; with `deep`, its subsections' too. */
  sentencesIn(section: Section, deep = true): Sentence[] {
    return this.sentencesBetween(section.start, deep ? section.end : section.bodyEnd);
  }

  private bySection?: Sentence[][];
  private paragraphsBySection?: Paragraph[][];

  /** The paragraphs of one section's own text. */
  paragraphsOfSection(index: number): readonly Paragraph[] {
    if (!this.paragraphsBySection) {
      this.paragraphsBySection = this.sections.map(() => []);
      for (const p of this.paragraphs) this.paragraphsBySection[p.section]!.push(p);
    }
    return this.paragraphsBySection[index] ?? [];
  }
  private byParagraph?: Sentence[][];

  /** The sentences of one section's own text and heading (not its subsections'). */
  sentencesOfSection(index: number): readonly Sentence[] {
    if (!this.bySection) {
      this.bySection = this.sections.map(() => []);
      for (const s of this.sentences) this.bySection[s.section]!.push(s);
    }
    return this.bySection[index] ?? [];
  }

  /** The sentences of one paragraph. */
  sentencesOfParagraph(index: number): readonly Sentence[] {
    if (!this.byParagraph) {
      this.byParagraph = this.paragraphs.map(() => []);
      for (const s of this.sentences) if (s.paragraph >= 0) this.byParagraph[s.paragraph]!.push(s);
    }
    return this.byParagraph[index] ?? [];
  }

  /** Sentences that lie within [start, end) of the plain text (binary search: sentences are in order). */
  sentencesBetween(start: number, end: number): Sentence[] {
    let lo = 0;
    let hi = this.sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sentences[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    const out: Sentence[] = [];
    for (let i = lo; i < this.sentences.length && this.sentences[i]!.start < end; i++) {
      if (this.sentences[i]!.end <= end) out.push(this.sentences[i]!);
    }
    return out;
  }

  /** The document's title: its first level-1 heading, else its first heading, else its first text. */
  titleRange(): { start: number; end: number } {
    const h1 = this.sections.find((s) => s.level === 1) ?? this.sections[1];
    if (h1) return { start: h1.headingStart, end: h1.headingEnd };
    const first = this.blocks[0];
    return first ? { start: first.start, end: first.end } : { start: 0, end: 0 };
  }

  point(sourceOffset: number): Point {
    const p = this.loc.toPoint(sourceOffset);
    if (p) return { line: p.line, column: p.column, offset: sourceOffset };
    // The end of the file (vfile-location answers only inside it).
    const lines = this.source.split(/\r\n|\n|\r/);
    return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1, offset: this.source.length };
  }

  /** Place of a range of the original source (a comment, say). */
  sourcePlace(start: number, end: number): Place {
    return { start: this.point(start), end: this.point(end) };
  }

  /** The hyperlink whose text holds the plain-text range, if any (binary search: links are in order). */
  linkAt(start: number, end: number): PageLink | undefined {
    if (this.links.length === 0 || this.text.length === 0) return undefined;
    const s = this.map.start(start);
    const e = this.map.end(end);
    let lo = 0;
    let hi = this.links.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.links[mid]!.start <= s) lo = mid;
      else hi = mid - 1;
    }
    const link = this.links[lo]!;
    return link.start <= s && e <= link.end ? link : undefined;
  }

  /** Place in the original source of a plain-text range. */
  place(start: number, end: number): Place {
    if (this.text.length === 0) return { start: this.point(0), end: this.point(0) };
    const s = this.map.start(start);
    const e = Math.max(s, end > start ? this.map.end(end) : s);
    return { start: this.point(s), end: this.point(e) };
  }
}
