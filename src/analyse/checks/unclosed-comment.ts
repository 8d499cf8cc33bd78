/**
 * Check kind `unclosed-comment`: an HTML comment ("<!--") that is never closed hides everything
 * after it from the page's visitors. Browsers, and the Markdown renderers that pass HTML through,
 * show nothing past it, and policy-audit reads the page as they do; without this finding the
 * reader would only see items reported missing that the source plainly holds.
 */
import { defineCheck } from '../check.js';

/** Fewer hidden words than this are a stray marker, not lost policy text. */
const HIDDEN_WORDS = 30;

export const unclosedCommentCheck = defineCheck<Record<string, never>>({
  compile() {
    return {};
  },

  run(doc, _p, _rule, lang) {
    const source = doc.source;
    // A browser ends a comment at the first "-->" after it, wherever that stands; the first comment with
    // none after it hides the rest of the page (any later one lies inside what it hides).
    const c = doc.comments.find((x) => source.indexOf('-->', x.start + 4) < 0);
    if (!c) return [];
    const words = source.slice(c.start).replace(/<[^<>]{0,2000}>/gu, ' ').match(/\p{L}{2,}/gu)?.length ?? 0;
    if (words < HIDDEN_WORDS) return [];
    return [{ start: c.start, end: Math.min(c.end, c.start + 4), inSource: true, params: { words: words.toLocaleString(lang === 'de' ? 'de-DE' : 'en') } }];
  },
});
