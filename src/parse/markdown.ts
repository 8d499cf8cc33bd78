/**
 * Markdown -> blocks of plain text with source positions, through remark-parse.
 * Front matter (YAML or TOML) is not policy text. HTML blocks inside Markdown
 * (generator output pasted into a static site) are parsed as HTML.
 */
import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import type { Processor } from 'unified';
import { unified } from 'unified';
import type { PageLink, PageResource, SourceComment } from './html.js';
import { ADDRESS_LIKE, collectResources, EXTERNAL_HREF, isRunningText, parseHtmlTree, walkHtml } from './html.js';
import type { Block, BlockKind, OffsetMap } from './text-builder.js';
import { TextBuilder } from './text-builder.js';

/**
 * Of GitHub's Markdown, tables and strikethrough: they change what is text. Its
 * autolinks ("www.example.de" as a link), footnotes and task lists do not, and
 * the autolink scan alone cost a third of the parse.
 */
function gfmTablesAndStrikethrough(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable(), gfmStrikethrough());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown());
}

/** The Markdown parser policy-audit uses (the benchmark times it alone, as the floor of an audit). */
export const markdownProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(gfmTablesAndStrikethrough);

export interface ParsedMarkdown {
  text: string;
  map: OffsetMap;
  blocks: Block[];
  comments: SourceComment[];
  resources: PageResource[];
  links: PageLink[];
}

/** A source line at least this long was wrapped by its author's editor, not ended (addresses are short lines). */
const WRAPPED_LINE = 50;

/**
 * A text's line ends, with those of hard-wrapped prose read as spaces: a line end after a long line
 * that does not end in a colon is where an editor wrapped a sentence ("… in the United⏎States"),
 * one after a short line ends an address line or a list of names. `at`: the text's offset in `source`.
 */
function unwrap(value: string, source: string, at: number): string {
  if (!value.includes('\n')) return value;
  let out = '';
  let from = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) {
    const end = at + i;
    const lineStart = source.lastIndexOf('\n', end - 1) + 1;
    const raw = source.slice(lineStart, end);
    const line = raw.trimEnd();
    // Two trailing blanks or a backslash are Markdown's own hard break: kept.
    if (line.length >= WRAPPED_LINE && !line.endsWith(':') && !/ {2}$|\\$/u.test(raw)) {
      out += `${value.slice(from, i)} `;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}

type Frame = { type: 'enter'; node: Nodes; inList: boolean; parent: string; runIn?: boolean } | { type: 'exit'; kind: BlockKind; level?: number; pseudo?: boolean };

/** Indented code that is HTML markup: it opens with a comment or a block or text element. */
const INDENTED_HTML = /^\s*<(?:!--|\/?(?:p|div|h[1-6]|ul|ol|li|br|strong|b|em|i|a|section|article|span|table|tr|td|th|header|footer|main|nav|blockquote|address)[\s/>])/iu;

const BLOCK_CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'footnoteDefinition']);

function isPseudoHeading(node: Nodes): boolean {
  if (node.type !== 'paragraph') return false;
  const kids = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return kids.length === 1 && kids[0]!.type === 'strong';
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}

/** Documents at least this long are parsed in parts (see `parseMarkdownTree`). */
export const CHUNKED_FROM = 256 * 1024;
/** The smallest part: cuts come no closer together than this. */
const CHUNK = 64 * 1024;
/** A link reference definition ("[1]: https://…"): it may be used anywhere, so every part gets them all. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:.*$/gmu;

/** A line after a blank line that starts a new top-level block: not indented, no quote, no list item. */
const TOP_LEVEL_START = /^(?:[-*+](?![ \t]|$)|\d(?!\d{0,8}[.)](?:[ \t]|$))|[^\s>\-*+\d])/u;
/** A bullet item at the left margin, with its marker. */
const BULLET = /^([-*+])[ \t]+\S/u;

/**
 * Where a long document may be cut into parts that parse alone exactly as they parse together,
 * outside fenced code and outside the HTML blocks that run past blank lines (comments,
 * processing instructions, declarations, CDATA, <pre>, <script>, <style>, <textarea>):
 * - before an ATX heading, or any line that starts a top-level block, after a blank line (a blank
 *   line followed by a line at the left margin ends every open quote, list and paragraph);
 * - between two items of a top-level bullet list with the same marker (the second is the first's
 *   sibling whether the list is cut there or not), so that a list of thousands of items is parsed
 *   in parts too.
 */
export function cutPoints(source: string): number[] {
  return cutPlan(source).map((c) => c.at);
}

/** A table's delimiter row ("| --- | :-: |"). */
const TABLE_DELIMITER = /^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*$/u;
/** A line that would start another block, not continue a table. */
const OTHER_BLOCK = /^ {0,3}(?:[>#]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3}|<)/u;

/** Whether `line` is the delimiter row under the header row `previous` that opens a table (after a blank line). */
const opensTable = (previous: string, blankBeforePrevious: boolean, line: string): boolean =>
  blankBeforePrevious && previous.includes('|') && !OTHER_BLOCK.test(previous) && TABLE_DELIMITER.test(line);
/** Whether `line` ends the table it follows: a blank line or the start of another block. */
const endsTable = (line: string): boolean => line.trim() === '' || OTHER_BLOCK.test(line);

/**
 * The number of cells in the document's tables (by their pipes), counted only when the document
 * has more than `limit` pipes at all; else 0. Each cell is a block of its own to the parser and
 * the text, and a table of a million cells needs gigabytes.
 */
export function tableCells(source: string, limit: number): number {
  let pipes = 0;
  for (let k = source.indexOf('|'); k >= 0 && pipes <= limit; k = source.indexOf('|', k + 1)) pipes++;
  if (pipes <= limit) return 0;
  let cells = 0;
  let inTable = false;
  let previous = '';
  let blankBeforePrevious = true;
  let blankBefore = true;
  for (let at = 0; at < source.length; ) {
    let next = source.indexOf('\n', at);
    if (next < 0) next = source.length;
    const line = source.slice(at, next);
    if (inTable && endsTable(line)) inTable = false;
    if (inTable) for (let k = line.indexOf('|'); k >= 0; k = line.indexOf('|', k + 1)) cells++;
    else if (opensTable(previous, blankBeforePrevious, line)) inTable = true;
    blankBeforePrevious = blankBefore;
    blankBefore = line.trim() === '';
    previous = line;
    at = next + 1;
  }
  return cells;
}

interface Cut {
  at: number;
  /** Text the part is parsed after and that is then dropped: a cut table's header and delimiter rows. */
  prefix: string;
}

/**
 * The cuts of `cutPoints`, and one more kind: between two rows of a long table, where the part
 * after the cut is parsed after the table's header and delimiter rows, so that its rows are rows
 * of the same table (the repeated header row is dropped again).
 */
function cutPlan(source: string): Cut[] {
  const cuts: Cut[] = [];
  /** The header and delimiter rows of the table the line is in, if it is in one. */
  let table: string | undefined;
  let previous = '';
  let blankBeforePrevious = true;
  /** The line that closes the open fenced block, if one is open. */
  let fence: RegExp | undefined;
  let html: RegExp | undefined;
  let blankBefore = true;
  /** The marker of the bullet item the line before opened, if it opened one at the left margin. */
  let bullet: string | undefined;
  let last = 0;
  let at = 0;
  while (at < source.length) {
    let next = source.indexOf('\n', at);
    if (next < 0) next = source.length;
    const line = source.slice(at, next).replace(/\r$/u, '');
    if (fence) {
      if (fence.test(line)) fence = undefined;
    } else if (html) {
      if (html.test(line)) html = undefined;
    } else {
      const open = /^ {0,3}(`{3,}|~{3,})/u.exec(line);
      if (open) fence = new RegExp(`^ {0,3}${open[1]![0] === '`' ? '`' : '~'}{${open[1]!.length},}\\s*$`, 'u');
      else html = htmlBlockEnd(line);
      if (table !== undefined && endsTable(line)) table = undefined;
      if (fence || html) table = undefined;
      else if (at - last >= CHUNK && ((blankBefore && TOP_LEVEL_START.test(line)) || (bullet !== undefined && BULLET.exec(line)?.[1] === bullet))) {
        cuts.push({ at, prefix: '' });
        last = at;
      } else if (table !== undefined && at - last >= CHUNK && line.includes('|')) {
        cuts.push({ at, prefix: table });
        last = at;
      }
      if (table === undefined && !fence && !html && opensTable(previous, blankBeforePrevious, line)) {
        table = `${previous}\n${line}\n`;
      }
    }
    blankBeforePrevious = blankBefore;
    previous = line;
    blankBefore = line.trim() === '';
    bullet = fence || html ? undefined : BULLET.exec(line)?.[1];
    at = next + 1;
  }
  return cuts;
}

/**
 * The end of the HTML block the line opens, if that block may run past blank lines (CommonMark's
 * kinds 1 to 5) and does not end on the same line.
 */
function htmlBlockEnd(line: string): RegExp | undefined {
  const open = /^ {0,3}<(!--|\?|![A-Za-z]|!\[CDATA\[|(?:pre|script|style|textarea)(?=[\s>]|$))/iu.exec(line);
  if (!open) return undefined;
  const kind = open[1]!.toLowerCase();
  const end = kind === '!--' ? /-->/u : kind === '?' ? /\?>/u : kind === '![cdata[' ? /\]\]>/u : kind.startsWith('!') ? />/u : /<\/(?:pre|script|style|textarea)>/iu;
  return end.test(line.slice(open.index + open[0].length)) ? undefined : end;
}

type Positioned = { position?: { start: { line: number; column: number; offset?: number }; end: { line: number; column: number; offset?: number } }; children?: Positioned[] };

/** Moves a part's positions to where the part stands in the whole document. */
function shift(node: Positioned, offset: number, lines: number): void {
  const stack: Positioned[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.position) {
      for (const point of [n.position.start, n.position.end]) {
        point.line += lines;
        if (point.offset !== undefined) point.offset += offset;
      }
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
}

/**
 * The Markdown trees of a document's parts, one after another, with positions in the whole
 * document. A long document is parsed in parts cut between its top-level blocks: the parser's
 * cost grows faster than the length of what it parses at once (it copies its event list as it
 * goes), the parts' costs add up in proportion to the whole, and a part's tree can be read and
 * let go before the next part is parsed.
 */
export function* markdownParts(source: string, chunked = source.length >= CHUNKED_FROM): Generator<Root> {
  const cuts = chunked ? cutPlan(source) : [];
  if (cuts.length === 0) {
    yield markdownProcessor.parse(source) as Root;
    return;
  }
  const bounds = [0, ...cuts.map((c) => c.at), source.length];
  // The document's link reference definitions, after each part, so that "[text][ref]" resolves as in the whole.
  const definitions = source.match(REFERENCE_DEFINITION) ?? [];
  const suffix = definitions.length > 0 ? `\n\n${definitions.join('\n')}\n` : '';
  let lines = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = source.slice(bounds[i], bounds[i + 1]);
    const prefix = i > 0 ? cuts[i - 1]!.prefix : '';
    const tree = markdownProcessor.parse(prefix + part + suffix) as Root;
    // What the appended definitions produced is not part of the text.
    tree.children = tree.children.filter((c) => (c.position?.start.offset ?? 0) < prefix.length + part.length);
    if (prefix !== '') {
      // The repeated header row of a cut table is dropped; its rows stand where they stood.
      const first = tree.children[0];
      if (first?.type === 'table') first.children.shift();
    }
    shift(tree as unknown as Positioned, bounds[i]! - prefix.length, lines - 2 * Number(prefix !== ''));
    yield tree;
    for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) lines++;
  }
}

/** The Markdown tree of a whole document (parsed in parts if long, see `markdownParts`). */
export function parseMarkdownTree(source: string, chunked?: boolean): Root {
  const root: Root = { type: 'root', children: [] };
  let parts = 0;
  for (const tree of markdownParts(source, chunked)) {
    if (parts++ === 0) root.position = tree.position;
    for (const c of tree.children) root.children.push(c);
  }
  if (parts > 1) {
    const end = root.children[root.children.length - 1]?.position?.end;
    root.position = { start: { line: 1, column: 1, offset: 0 }, end: end ?? { line: 1, column: 1, offset: 0 } };
  }
  return root;
}

export function parseMarkdown(source: string, chunked?: boolean): ParsedMarkdown {
  const builder = new TextBuilder(source);
  const comments: SourceComment[] = [];
  const resources: PageResource[] = [];
  const links: PageLink[] = [];
  let lastHeadingLevel = 1;
  // The last block was a paragraph that leads into what follows ("… ist der Betreiber dieser Website:"):
  // a bold line after it is the detail it announces ("**David A. Reiss**"), not a heading.
  let afterLeadIn = false;
  // Each part's tree is read into the text and dropped before the next is parsed.
  for (const tree of markdownParts(source, chunked)) {
    const stack: Frame[] = [{ type: 'enter', node: tree, inList: false, parent: '' }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      if (frame.type === 'exit') {
        const text = builder.currentText();
        if (frame.kind === 'heading') {
          const level = frame.pseudo ? Math.min(6, lastHeadingLevel + 1) : frame.level;
          // A bold label ("**Rechtsgrundlage:**") is no heading.
          if (frame.pseudo && (afterLeadIn || text.length > 100 || /[.;,:]$/.test(text) || ADDRESS_LIKE.test(text))) builder.endBlock('paragraph');
          else {
            builder.endBlock('heading', level);
            if (!frame.pseudo && level !== undefined) lastHeadingLevel = level;
          }
        } else builder.endBlock(frame.kind);
        if (text.trim() !== '') afterLeadIn = frame.kind === 'paragraph' && /:\s*$/u.test(text);
        continue;
      }
      const node = frame.node;
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      switch (node.type) {
        case 'yaml':
        case 'toml' as string:
        case 'definition':
        case 'image':
        case 'imageReference':
        case 'thematicBreak':
          continue;
        case 'text':
        case 'inlineCode':
          // A line end in Markdown source is kept: addresses are written one item per line.
          // The sentence splitter decides whether it ends a sentence.
          if (start !== undefined && end !== undefined) {
            builder.preserveNewlines = true;
            builder.text(source.slice(start, end) === node.value ? unwrap(node.value, source, start) : node.value, start, end);
            builder.preserveNewlines = false;
          }
          continue;
        case 'break':
          if (frame.runIn) builder.endBlock('heading', Math.min(6, lastHeadingLevel + 1));
          else builder.hardBreak(start ?? builder.sourceEnd);
          continue;
        case 'html': {
          if (start === undefined || end === undefined) continue;
          if (/^<br\s*\/?>$/i.test(node.value.trim())) {
            builder.hardBreak(start);
            continue;
          }
          // HTML in Markdown may load things too (an embedded video, a script).
          if (source.slice(start, end) === node.value && /<(?:script|iframe|img|link|embed|object|video|audio|source)\b/iu.test(node.value)) {
            for (const r of collectResources(parseHtmlTree(node.value, true), start, links)) resources.push(r);
          }
          // Inline tags inside a paragraph carry no text of their own, but may be comments.
          if (!BLOCK_CONTAINERS.has(frame.parent)) {
            if (source.slice(start, end) === node.value) {
              for (const m of node.value.matchAll(/<!--([\s\S]*?)-->/gu)) {
                comments.push({ value: m[1]!, start: start + m.index!, end: start + m.index! + m[0].length });
              }
            }
            continue;
          }
          const fragment = parseHtmlTree(node.value, true);
          builder.endBlock(frame.inList ? 'list-item' : 'paragraph');
          walkHtml(fragment, builder, { base: start, fragment: true, comments });
          continue;
        }
        case 'code':
          if (start !== undefined && end !== undefined) {
            // HTML indented by a tab or four spaces after a blank line is code to CommonMark, but the
            // site's generator (kramdown, for one) publishes it as HTML: a policy pasted as indented
            // markup is read as the page shows it, with its headings, entities and comments.
            const raw = source.slice(start, end);
            if (!/^[ \t]*(?:`{3,}|~{3,})/u.test(raw) && INDENTED_HTML.test(node.value) && /<\/[a-z]|-->/iu.test(node.value)) {
              if (/<(?:script|iframe|img|link|embed|object|video|audio|source)\b/iu.test(raw)) {
                for (const r of collectResources(parseHtmlTree(raw, true), start, links)) resources.push(r);
              }
              builder.endBlock(frame.inList ? 'list-item' : 'paragraph');
              walkHtml(parseHtmlTree(raw, true), builder, { base: start, fragment: true, comments });
              continue;
            }
            // Its lines stay lines, as in a <pre> block: an address indented by four spaces
            // ("    Pascal Krauss\n    Reiherweg 33") is read line by line, as the page shows it.
            builder.endBlock('paragraph');
            builder.preserveNewlines = true;
            builder.text(node.value, start, end);
            builder.preserveNewlines = false;
            builder.endBlock('preformatted');
          }
          continue;
        case 'link':
          if (start !== undefined && end !== undefined && EXTERNAL_HREF.test(node.url)) links.push({ href: node.url, start, end });
          break;
        default:
          break;
      }
      const inList = frame.inList || node.type === 'listItem';
      if (node.type === 'heading') {
        builder.endBlock('paragraph');
        stack.push({ type: 'exit', kind: 'heading', level: node.depth });
      } else if (node.type === 'paragraph') {
        builder.endBlock('paragraph');
        if (isPseudoHeading(node)) stack.push({ type: 'exit', kind: 'heading', pseudo: true });
        else stack.push({ type: 'exit', kind: frame.inList ? 'list-item' : 'paragraph' });
      } else if (node.type === 'tableCell') {
        builder.endBlock('paragraph');
        stack.push({ type: 'exit', kind: 'cell' });
      } else if (BLOCK_CONTAINERS.has(node.type)) {
        builder.endBlock(frame.inList ? 'list-item' : 'paragraph');
      }
      if ('children' in node) {
        // "**Kontaktaufnahme**" closed by a hard break opens its paragraph as a run-in heading.
        const kids = node.children as Nodes[];
        const runIn =
          node.type === 'paragraph' &&
          kids.length > 2 &&
          kids[0]!.type === 'strong' &&
          kids[1]!.type === 'break' &&
          !/[.;,]$/u.test(plainText(kids[0]!).trim()) &&
          isRunningText(kids.slice(2).map(plainText).join('').split('\n')[0]!);
        for (let i = kids.length - 1; i >= 0; i--) {
          stack.push({ type: 'enter', node: kids[i]!, inList, parent: node.type, ...(runIn && i === 1 ? { runIn: true } : {}) });
        }
      }
    }
  }
  builder.endBlock('paragraph');
  return { ...builder.finish(), comments, resources, links: links.sort((a, b) => a.start - b.start) };
}
