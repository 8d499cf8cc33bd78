/**
 * `--site DIR`: the third-party services a whole built website loads, checked
 * against the policy. Each service the policy never names is an
 * `undisclosed-tracker` finding at the policy's title, naming the page and line
 * where the service is embedded.
 */
import type { PolicyDocument } from '../document/document.js';
import { collectResources, parseHtmlTree } from '../parse/html.js';
import type { SiteFile } from '../load/site.js';
import type { Finding, Language, Level } from '../types.js';
import { vendorForUrl } from './checks/embedded.js';
import type { Vendor } from '../knowledge/vendor-catalog.js';
import { knowledge } from '../knowledge/vendor-catalog.js';
import { vendorMentions } from '../statements/mentions.js';

export interface SiteEmbed {
  vendor: Vendor;
  page: string;
  line: number;
  how: string;
}

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

/** Quoted URLs in a script bundle: where SDKs and trackers are loaded from. */
const URL_IN_CODE = /["'`](https?:)?\/\/([a-z0-9.-]+\.[a-z]{2,})(\/[^"'`\s]*)?["'`]/giu;

export function scanSite(files: readonly SiteFile[]): SiteEmbed[] {
  const k = knowledge();
  const inline = k.vendors.flatMap((v) => v.signatures.inline.filter((c) => c.length >= 4).map((code) => ({ code, vendor: v })));
  const found = new Map<string, SiteEmbed>();
  const add = (e: SiteEmbed): void => {
    if (!found.has(e.vendor.id)) found.set(e.vendor.id, e);
  };
  for (const f of files) {
    if (f.kind === 'html') {
      for (const r of collectResources(parseHtmlTree(f.text))) {
        if (r.tag === 'inline-script') {
          for (const s of inline) if (r.value.includes(s.code)) add({ vendor: s.vendor, page: f.path, line: lineAt(f.text, r.start), how: `inline ${s.code}` });
          continue;
        }
        const v = vendorForUrl(r.value);
        if (v) add({ vendor: v, page: f.path, line: lineAt(f.text, r.start), how: `${r.tag} ${r.value.slice(0, 80)}` });
      }
    } else {
      for (const m of f.text.matchAll(URL_IN_CODE)) {
        const v = vendorForUrl(`https://${m[2]}${m[3] ?? '/'}`);
        if (v) add({ vendor: v, page: f.path, line: lineAt(f.text, m.index!), how: `script ${m[2]}` });
      }
      for (const s of inline) {
        if (!/\($/u.test(s.code)) continue; // calls such as fbq( and gtag( only: names alone are too common in bundles
        const at = f.text.indexOf(s.code);
        if (at >= 0) add({ vendor: s.vendor, page: f.path, line: lineAt(f.text, at), how: `call ${s.code}` });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.vendor.name.localeCompare(b.vendor.name));
}

export function siteFindings(doc: PolicyDocument, embeds: readonly SiteEmbed[], level: Level, lang: Language): Finding[] {
  const mentions = vendorMentions(doc);
  const title = doc.titleRange();
  const out: Finding[] = [];
  for (const e of embeds) {
    const v = e.vendor;
    if (mentions.some((m) => m.vendor.id === v.id || (m.vendor.group === v.group && m.vendor.category === v.category))) continue;
    const where = `${e.page}:${e.line}`;
    out.push({
      ruleId: 'undisclosed-tracker',
      level,
      vendor: v.name,
      message:
        lang === 'de'
          ? `Die Website lädt ${v.name} (${where}, ${e.how}), die Datenschutzerklärung nennt den Dienst aber nicht.`
          : `The website loads ${v.name} (${where}, ${e.how}), but the privacy policy does not name it.`,
      place: doc.place(title.start, title.end),
      excerpt: `${v.name} ${where}`,
    });
  }
  return out;
}
