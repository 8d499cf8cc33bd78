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

type Frame = { type: 'enter'; node: Nodes; inList: boolean; parent: string; runIn?: boolean } | { type: 'exit'; kind: BlockKind; level?: number; pseudo?: boolean };

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

export function parseMarkdown(source: string): ParsedMarkdown {
  const tree = markdownProcessor.parse(source) as Root;
  const builder = new TextBuilder(source);
  const comments: SourceComment[] = [];
  const resources: PageResource[] = [];
  const links: PageLink[] = [];
  let lastHeadingLevel = 1;
  const stack: Frame[] = [{ type: 'enter', node: tree, inList: false, parent: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.type === 'exit') {
      if (frame.kind === 'heading') {
        const text = builder.currentText();
        const level = frame.pseudo ? Math.min(6, lastHeadingLevel + 1) : frame.level;
        // A bold label ("**Rechtsgrundlage:**") is no heading.
        if (frame.pseudo && (text.length > 100 || /[.;,:]$/.test(text) || ADDRESS_LIKE.test(text))) builder.endBlock('paragraph');
        else {
          builder.endBlock('heading', level);
          if (!frame.pseudo && level !== undefined) lastHeadingLevel = level;
        }
      } else builder.endBlock(frame.kind);
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
          builder.text(node.value, start, end);
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
          builder.endBlock('paragraph');
          builder.text(node.value, start, end);
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
  builder.endBlock('paragraph');
  return { ...builder.finish(), comments, resources, links: links.sort((a, b) => a.start - b.start) };
}
