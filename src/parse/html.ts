/**
 * HTML -> blocks of plain text with source positions, through rehype-parse.
 *
 * What a visitor does not read as the policy is left out: script, style,
 * noscript, template, hidden elements, navigation, and the page's own header
 * and footer (site chrome that often carries an address which is not part of
 * the policy text).
 */
import type { Element, Nodes, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { BlockKind } from './text-builder.js';
import { TextBuilder } from './text-builder.js';

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'math', 'iframe', 'object', 'embed',
  'canvas', 'video', 'audio', 'select', 'option', 'datalist', 'textarea', 'input', 'button', 'img', 'picture',
  'map', 'dialog',
]);

const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

const BLOCK_KIND: Record<string, BlockKind> = {
  p: 'paragraph', div: 'paragraph', section: 'paragraph', article: 'paragraph', main: 'paragraph', aside: 'paragraph',
  header: 'paragraph', footer: 'paragraph', address: 'paragraph', blockquote: 'paragraph', figure: 'paragraph',
  figcaption: 'paragraph', form: 'paragraph', fieldset: 'paragraph', legend: 'paragraph', details: 'paragraph',
  summary: 'paragraph', body: 'paragraph', html: 'paragraph', center: 'paragraph', caption: 'paragraph',
  ul: 'paragraph', ol: 'paragraph', dl: 'paragraph', table: 'paragraph', thead: 'paragraph', tbody: 'paragraph',
  tfoot: 'paragraph', tr: 'paragraph', hr: 'paragraph',
  li: 'list-item', dt: 'list-item', dd: 'list-item',
  td: 'cell', th: 'cell',
  pre: 'preformatted',
};

const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search']);
/**
 * The cookie banner or consent dialog of the page (id or class "cookie-banner", "cookieConsentBar",
 * "cc-window", "consent-modal"): the site's interface, not its policy. A policy section about
 * cookies or consent ("cookies", "cookie-consent", "einwilligung") names no banner, bar or dialog.
 */
const CONSENT_WIDGET = /(?:^|[\s_-])(?:cookie|cookies|cookiebot|onetrust|consent|gdpr|dsgvo|cc|cmp)[_-]?(?:consent[_-]?)?(?:banner|bar|popup|pop-up|modal|dialog|overlay|layer|toast|window|box)(?:$|[\s_-])/i;

function isConsentWidget(node: Element): boolean {
  const names = `${prop(node, 'id') ?? ''} ${prop(node, 'className') ?? ''}`;
  // camelCase ("cookieBanner") is read as "cookie-banner".
  return CONSENT_WIDGET.test(names.replace(/([a-z])([A-Z])/g, '$1-$2'));
}
/** The comments anywhere under a node (iteratively: deep trees cannot overflow the stack). */
function collectComments(root: Nodes, base: number, out: SourceComment[]): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'comment') {
      const pos = node.position;
      if (pos?.start.offset !== undefined && pos.end.offset !== undefined) out.push({ value: node.value, start: base + pos.start.offset, end: base + pos.end.offset });
    } else if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
    }
  }
}

/** Elements inside which a header or footer belongs to the content rather than to the page. */
const SECTIONING = new Set(['main', 'article', 'section', 'aside']);

export interface ParsedHtml {
  text: string;
  map: import('./text-builder.js').OffsetMap;
  blocks: import('./text-builder.js').Block[];
  comments: SourceComment[];
  resources: PageResource[];
  links: PageLink[];
  /** The page's declared language (<html lang>), if it is a real language tag. */
  declaredLanguage?: string;
  tree: Root;
}

function prop(node: Element, name: string): string | undefined {
  const v = node.properties?.[name];
  if (v === undefined || v === null || v === false) return undefined;
  return Array.isArray(v) ? v.join(' ') : String(v);
}

function isHidden(node: Element): boolean {
  if (node.properties?.hidden !== undefined && node.properties.hidden !== false) return true;
  if (prop(node, 'ariaHidden') === 'true') return true;
  const style = prop(node, 'style');
  return style !== undefined && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Whether the tree has a main content landmark, so that chrome around it can be dropped. */
function hasMainLandmark(root: Root): boolean {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'element') {
      if (node.tagName === 'main' || node.tagName === 'article' || prop(node, 'role') === 'main') return true;
      if (SKIP.has(node.tagName)) continue;
    }
    if ('children' in node) for (const c of node.children) stack.push(c as Nodes);
  }
  return false;
}

/** An address or contact line in bold is no heading ("Musterweg 1, 12345 Musterstadt"). */
export const ADDRESS_LIKE = /@|\b\d{4,5}\s+\p{Lu}|,\s*\d|\+\d{2}/u;

/** A paragraph whose whole text is bold and short reads as a heading ("<p><strong>Cookies</strong></p>"). */
/** Class names page builders give a paragraph set as a heading ("<p class=\"small-sub-title\">", Elementor's "elementor-heading-title"). */
const TITLE_CLASS = /^(?:(?:small|section|page|entry|block|content|elementor-heading)-)?(?:sub-?)?(?:title|heading|headline)$|^small-sub-title$/u;

function isPseudoHeading(node: Element, text: string): boolean {
  if (node.tagName !== 'p' && node.tagName !== 'div') return false;
  // "Rechtsgrundlage:" in bold is a label over its content, not a heading.
  if (text.length === 0 || text.length > 100 || /[.;,:]$/.test(text) || ADDRESS_LIKE.test(text)) return false;
  if ((prop(node, 'className') ?? '').split(/\s+/u).some((c) => TITLE_CLASS.test(c)) && !/\n/u.test(text.trim())) return true;
  const meaningful = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === '') && !(c.type === 'element' && c.tagName === 'br'));
  if (meaningful.length !== 1) return false;
  const only = meaningful[0]!;
  return only.type === 'element' && (only.tagName === 'strong' || only.tagName === 'b');
}

/**
 * A bold run-in title closed by a line break ("<p><strong>Kontaktaufnahme</strong><br>Wenn Sie ...")
 * reads as a heading over the rest of the paragraph. Returns the <br> that ends it.
 */
function runInBreak(node: Element): Element | undefined {
  if (node.tagName !== 'p' && node.tagName !== 'div') return undefined;
  const meaningful = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === '') && c.type !== 'comment');
  const [first, second] = meaningful;
  if (!first || !second || first.type !== 'element' || (first.tagName !== 'strong' && first.tagName !== 'b')) return undefined;
  if (second.type !== 'element' || second.tagName !== 'br' || meaningful.length < 3) return undefined;
  const title = textOf(first).trim();
  if (title.length === 0 || title.length > 100 || /[.;,]$/u.test(title)) return undefined;
  // Only over running text: a bold name over address lines ("<b>Erika Muster</b><br>Hauptstr. 1<br>...") is no heading.
  const rest: string[] = [];
  for (const c of meaningful.slice(2)) {
    if (c.type === 'element' && c.tagName === 'br') break;
    rest.push(textOf(c as Nodes));
  }
  return isRunningText(rest.join('')) ? second : undefined;
}

/** Text that reads as prose rather than a line of an address or a list. */
export function isRunningText(text: string): boolean {
  const t = text.replace(/\s+/gu, ' ').trim();
  return t.length >= 60 || (/[.!?:]$/u.test(t) && t.split(' ').length >= 5);
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((c) => textOf(c as Nodes)).join('') : '';
}

type Frame =
  | { type: 'enter'; node: Nodes; inSectioning: boolean; pre?: boolean }
  | { type: 'exit'; node: Element; kind: BlockKind; level?: number };

/** Something the page loads or runs: a script, a stylesheet, a frame, an image, inline code. */
export interface PageResource {
  /** The element, e.g. "script", "link", "iframe", "img", or "inline-script". */
  tag: string;
  /** The URL it loads, or the code of an inline script. */
  value: string;
  /** Source offsets of the element's start tag (or of the inline code). */
  start: number;
  end: number;
}

const RESOURCE_ATTRS: Record<string, string[]> = {
  script: ['src'],
  link: ['href'],
  iframe: ['src', 'dataSrc'],
  img: ['src', 'dataSrc'],
  source: ['src', 'srcSet'],
  embed: ['src'],
  object: ['data'],
  video: ['src', 'poster'],
  audio: ['src'],
};

/** Everything a page loads, wherever it stands (head, body, noscript). Iterative walk. */
export function collectResources(root: Root, base = 0, links?: PageLink[]): PageResource[] {
  const out: PageResource[] = [];
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'element') {
      const pos = node.position;
      const start = base + (pos?.start.offset ?? 0);
      const end = base + (pos?.end.offset ?? 0);
      for (const attr of RESOURCE_ATTRS[node.tagName] ?? []) {
        const v = prop(node, attr);
        if (v) out.push({ tag: node.tagName, value: v, start, end: Math.min(end, start + 1 + (node.tagName.length + 200)) });
      }
      if (links && node.tagName === 'a') {
        const href = prop(node, 'href');
        if (href && EXTERNAL_HREF.test(href)) links.push({ href, start, end });
      }
      if (node.tagName === 'script' && !prop(node, 'src')) {
        const code = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        if (code.trim()) out.push({ tag: 'inline-script', value: code, start, end });
      }
      if (node.tagName === 'template' && 'content' in node) stack.push(node.content as unknown as Nodes);
    }
    if ('children' in node) for (const c of node.children) stack.push(c as Nodes);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A hyperlink to another site: a service named in its text is only linked, not used. */
export interface PageLink {
  href: string;
  /** Source offsets of the whole element (its text lies inside). */
  start: number;
  end: number;
}

/** A link to another site (absolute or protocol-relative). */
export const EXTERNAL_HREF = /^(?:https?:)?\/\//iu;

/** A comment in the source, e.g. a policy-audit suppression directive. */
export interface SourceComment {
  value: string;
  start: number;
  end: number;
}

export interface HtmlWalkOptions {
  /** Offset of the fragment inside the whole source (HTML embedded in Markdown). */
  base?: number;
  /** Where to collect comments. */
  comments?: SourceComment[];
  /** Treat the input as a fragment (no chrome handling). */
  fragment?: boolean;
}

/** Walk a hast tree and feed its visible text into `builder`. Iterative: deep nesting cannot overflow the stack. */
export function walkHtml(root: Root, builder: TextBuilder, options: HtmlWalkOptions = {}): void {
  const base = options.base ?? 0;
  const dropChrome = !options.fragment;
  const mainExists = dropChrome && hasMainLandmark(root);
  let lastHeadingLevel = 1;
  // Bold paragraphs used as headings nest by their numbering: "3. Datenerfassung" over "Kontaktaufnahme".
  let numberedPseudoLevel = 0;
  const pseudoLevel = (text: string): number => {
    const numbered = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s/u.exec(text);
    if (numbered) {
      numberedPseudoLevel = Math.min(6, lastHeadingLevel + numbered[1]!.split('.').length);
      return numberedPseudoLevel;
    }
    return Math.min(6, (numberedPseudoLevel || lastHeadingLevel) + 1);
  };
  // The last block was a paragraph that leads into what follows ("… ist der Betreiber dieser Website:"):
  // a bold line after it is the detail it announces ("<p><strong>David A. Reiss</strong></p>"), not a heading.
  let afterLeadIn = false;
  // The kinds of the block elements we are inside: pending text is flushed as the innermost one.
  const open: BlockKind[] = [];
  const flush = (): void => {
    builder.endBlock(open[open.length - 1] ?? 'paragraph');
  };
  const runInBreaks = new Set<Element>();
  const stack: Frame[] = [{ type: 'enter', node: root, inSectioning: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.type === 'exit') {
      const node = frame.node;
      open.pop();
      const text = builder.currentText();
      let kind: BlockKind | 'pseudo' = frame.kind;
      if (frame.kind === 'heading') {
        builder.endBlock('heading', frame.level);
        lastHeadingLevel = frame.level ?? lastHeadingLevel;
        numberedPseudoLevel = 0;
      } else if (!afterLeadIn && isPseudoHeading(node, text)) {
        builder.endBlock('heading', pseudoLevel(text));
        kind = 'pseudo';
      } else {
        builder.endBlock(frame.kind);
      }
      if (text.trim() !== '') afterLeadIn = kind === 'paragraph' && /:\s*$/u.test(text);
      continue;
    }
    const node = frame.node;
    if (node.type === 'comment') {
      const pos = node.position;
      if (options.comments && pos?.start.offset !== undefined && pos.end.offset !== undefined) {
        options.comments.push({ value: node.value, start: base + pos.start.offset, end: base + pos.end.offset });
      }
      continue;
    }
    if (node.type === 'text') {
      const pos = node.position;
      if (pos?.start.offset !== undefined && pos.end.offset !== undefined) {
        builder.preserveNewlines = frame.pre === true;
        builder.text(node.value, base + pos.start.offset, base + pos.end.offset);
        builder.preserveNewlines = false;
      } else {
        builder.synthetic(node.value, builder.sourceEnd);
      }
      continue;
    }
    if (node.type === 'root') {
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push({ type: 'enter', node: node.children[i] as Nodes, inSectioning: false });
      }
      continue;
    }
    if (node.type !== 'element') continue;
    const tag = node.tagName;
    if (SKIP.has(tag) || isHidden(node)) {
      // No text of the policy there, but a suppression comment may sit in <head> above a <script>.
      if (options.comments) collectComments(node, base, options.comments);
      continue;
    }
    if (dropChrome) {
      const role = prop(node, 'role');
      if (tag === 'nav' || (role && CHROME_ROLES.has(role))) continue;
      if (isConsentWidget(node)) continue;
      // A header or footer outside any sectioning element is the page's banner or
      // contentinfo: site chrome, whether or not the page marks its main content.
      if ((tag === 'header' || tag === 'footer') && !frame.inSectioning) continue;
      // With a main landmark, content is inside it: chrome-like blocks around it go too.
      if (mainExists && (tag === 'aside') && !frame.inSectioning) continue;
    }
    if (tag === 'br') {
      if (runInBreaks.has(node)) {
        builder.endBlock('heading', pseudoLevel(builder.currentText()));
        continue;
      }
      const at = base + (node.position?.start.offset ?? builder.sourceEnd - base);
      builder.hardBreak(at);
      continue;
    }
    const runIn = runInBreak(node);
    if (runIn) runInBreaks.add(runIn);
    const inSectioning = frame.inSectioning || SECTIONING.has(tag) || prop(node, 'role') === 'main';
    const level = HEADINGS[tag];
    const kind: BlockKind | undefined = level !== undefined ? 'heading' : BLOCK_KIND[tag];
    if (kind !== undefined) {
      flush();
      open.push(kind);
      stack.push(level !== undefined ? { type: 'exit', node, kind, level } : { type: 'exit', node, kind });
    }
    const pre = frame.pre === true || tag === 'pre';
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ type: 'enter', node: node.children[i] as Nodes, inSectioning, pre });
    }
  }
  flush();
}

const processor = unified().use(rehypeParse, { fragment: false });
const fragmentProcessor = unified().use(rehypeParse, { fragment: true });

export function parseHtmlTree(source: string, fragment = false): Root {
  return (fragment ? fragmentProcessor : processor).parse(source) as Root;
}

export function parseHtml(source: string): ParsedHtml {
  const tree = parseHtmlTree(source);
  const builder = new TextBuilder(source);
  const comments: SourceComment[] = [];
  walkHtml(tree, builder, { comments });
  const { text, map, blocks } = builder.finish();
  const htmlEl = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'html');
  const lang = htmlEl ? prop(htmlEl, 'lang') : undefined;
  const links: PageLink[] = [];
  const resources = collectResources(tree, 0, links);
  const result: ParsedHtml = { text, map, blocks, tree, comments, resources, links: links.sort((a, b) => a.start - b.start) };
  if (lang && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) result.declaredLanguage = lang.slice(0, 2).toLowerCase();
  return result;
}
