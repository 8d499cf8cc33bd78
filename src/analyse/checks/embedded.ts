/**
 * Third-party services a page itself loads: script, stylesheet, frame and
 * image hosts, inline snippets (fbq(, gtag(, _paq), and markers left in
 * scraped text ("fbpx"), matched against the vendor catalog's signatures.
 */
import type { PolicyDocument } from '../../document/document.js';
import type { PageResource } from '../../parse/html.js';
import type { Vendor } from '../../knowledge/vendor-catalog.js';
import { knowledge } from '../../knowledge/vendor-catalog.js';

export interface Embedded {
  vendor: Vendor;
  /** Offsets: in the source (`inSource`) for page elements, in the plain text for markers in the text. */
  start: number;
  end: number;
  inSource: boolean;
  /** How it is loaded: "script src=https://…", "inline fbq(", "text fbpx". */
  how: string;
}

interface SignatureIndex {
  hosts: Array<{ host: string; vendor: Vendor }>;
  paths: Array<{ path: string; vendor: Vendor }>;
  inline: Array<{ code: string; vendor: Vendor }>;
  /** Identifier-like markers that may survive in scraped text. */
  markers: Map<string, Vendor>;
}

let index: SignatureIndex | undefined;

function buildIndex(): SignatureIndex {
  const idx: SignatureIndex = { hosts: [], paths: [], inline: [], markers: new Map() };
  for (const v of knowledge().vendors) {
    for (const h of v.signatures.hosts) idx.hosts.push({ host: h.toLowerCase(), vendor: v });
    for (const p of v.signatures.paths) idx.paths.push({ path: p.toLowerCase().replace(/^https?:\/\//u, ''), vendor: v });
    for (const c of v.signatures.inline) {
      idx.inline.push({ code: c, vendor: v });
      if (/^[a-z][a-z0-9]{3,}$/u.test(c)) idx.markers.set(c, v);
    }
  }
  // Longer, more specific paths first.
  idx.paths.sort((a, b) => b.path.length - a.path.length);
  return idx;
}

/** The catalog entry behind a URL, by path prefix first, then by host or a parent domain of it. */
export function vendorForUrl(url: string): Vendor | undefined {
  index ??= buildIndex();
  let parsed: URL;
  try {
    parsed = new URL(url.trim(), 'https://first-party.invalid/');
  } catch {
    return undefined;
  }
  if (parsed.hostname === 'first-party.invalid' || !/^https?:$/u.test(parsed.protocol)) return undefined;
  const host = parsed.hostname.toLowerCase();
  const hostPath = `${host}${parsed.pathname}${parsed.search}`.toLowerCase();
  const noWww = hostPath.replace(/^www\./u, '');
  for (const p of index.paths) if (hostPath.startsWith(p.path) || noWww.startsWith(p.path.replace(/^www\./u, ''))) return p.vendor;
  for (const h of index.hosts) if (host === h.host || host.endsWith(`.${h.host}`)) return h.vendor;
  return undefined;
}

const memo = new WeakMap<PolicyDocument, Embedded[]>();

export function embeddedVendors(doc: PolicyDocument): Embedded[] {
  const hit = memo.get(doc);
  if (hit) return hit;
  index ??= buildIndex();
  const out: Embedded[] = [];
  const seen = new Set<string>();
  const add = (e: Embedded): void => {
    if (seen.has(e.vendor.id)) return;
    seen.add(e.vendor.id);
    out.push(e);
  };
  for (const r of doc.resources as PageResource[]) {
    if (r.tag === 'inline-script') {
      for (const s of index.inline) {
        const at = r.value.indexOf(s.code);
        if (at >= 0) add({ vendor: s.vendor, start: r.start, end: r.start + 8, inSource: true, how: `inline ${s.code}` });
      }
      continue;
    }
    const v = vendorForUrl(r.value);
    if (v) add({ vendor: v, start: r.start, end: r.end, inSource: true, how: `${r.tag} ${r.value.slice(0, 80)}` });
  }
  // Markers in the text itself: a scraped page that kept "fbpx".
  for (const m of doc.text.matchAll(/[a-z][a-z0-9]{3,}/gu)) {
    const v = index.markers.get(m[0]);
    if (v) add({ vendor: v, start: m.index!, end: m.index! + m[0].length, inSource: false, how: `text ${m[0]}` });
  }
  memo.set(doc, out);
  return out;
}
