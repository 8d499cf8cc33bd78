/** `policy-audit vendors`: the vendor catalog as a table, and one entry explained. */
import type { Knowledge, Vendor } from '../knowledge/vendor-catalog.js';
import type { Language } from '../types.js';
import type { RuleDefinition } from '../analyse/rule-schema.js';

const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - s.length));

const dpfText = (v: Vendor): string => (v.dpf ? (v.dpf.certified === true ? 'yes' : v.dpf.certified === false ? 'no' : '?') : '-');
const consentText = (v: Vendor): string => (v.consent.required === true ? (v.consent.level === 'warning' ? 'yes (warn)' : 'yes') : v.consent.required === false ? 'no' : 'depends');

export function formatVendorTable(k: Knowledge, lang: Language): string {
  const head = lang === 'de' ? ['Kennung', 'Dienst', 'Kategorie', 'Land', 'DPF', 'Einwilligung'] : ['id', 'service', 'category', 'country', 'DPF', 'consent'];
  const rows = [...k.vendors]
    .sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name))
    .map((v) => [v.id, v.name, v.category, v.country, dpfText(v), consentText(v)]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  '));
  const legend =
    lang === 'de'
      ? 'DPF: ja = nach dem EU-US Data Privacy Framework zertifiziert (laut Unternehmen oder DPF-Liste, mit Datum), nein = nicht zertifiziert, ? = nicht geprüft, - = keine Übermittlung in die USA. Einwilligung: ja (warn) = als Warnung gemeldet.'
      : 'DPF: yes = certified under the EU-US Data Privacy Framework (by the company\'s statement or the DPF list, with a date), no = not certified, ? = not verified, - = no transfer to the US. consent: yes (warn) = reported as a warning.';
  const footer = lang === 'de' ? `${k.vendors.length} Dienste, Rechtsstand ${k.lawStand}` : `${k.vendors.length} services, law as of ${k.lawStand}`;
  return `${lines.join('\n')}\n\n${legend}\n${footer}\n`;
}

/** One catalog entry with every fact and its sources, for `vendors --format json`. */
export function vendorJson(v: Vendor): Record<string, unknown> {
  const { file: _file, ...facts } = v;
  return facts;
}

/** One rule for `rules --format json`: its level, law, tags and texts. */
export function ruleJson(r: RuleDefinition): Record<string, unknown> {
  return { id: r.id, level: r.level, title: r.title, reference: r.reference, tags: r.tags, precision: r.precision, helpUri: r.helpUri, message: r.message, description: r.description, fix: r.fix };
}

/** Find an entry by id, name or alias (case-insensitive). */
export function findVendor(k: Knowledge, query: string): Vendor | undefined {
  const q = query.trim().toLowerCase();
  return (
    k.vendors.find((v) => v.id === q || v.name.toLowerCase() === q) ??
    k.vendors.find((v) => v.aliases.some((a) => a.toLowerCase() === q)) ??
    k.vendors.find((v) => v.name.toLowerCase().includes(q))
  );
}

export function formatVendor(v: Vendor, k: Knowledge, lang: Language): string {
  const de = lang === 'de';
  const adequacy = k.eea.has(v.country)
    ? de ? 'EWR (kein Drittland)' : 'EEA (not a third country)'
    : v.country === 'US'
      ? de ? 'USA: Angemessenheit nur für DPF-zertifizierte Unternehmen (10.07.2023)' : 'US: adequacy only for DPF-certified organisations (10 July 2023)'
      : k.adequacy.has(v.country)
        ? `${de ? 'Angemessenheitsbeschluss' : 'adequacy decision'} ${k.adequacy.get(v.country)!.date}`
        : de ? 'Drittland ohne Angemessenheitsbeschluss' : 'third country without adequacy decision';
  const dpf = v.dpf
    ? `${v.dpf.certified === true ? (de ? 'zertifiziert' : 'certified') : v.dpf.certified === false ? (de ? 'nicht zertifiziert' : 'not certified') : de ? 'nicht geprüft' : 'not verified'}${v.dpf.entity ? ` (${v.dpf.entity})` : ''}${v.dpf.asOf ? `, ${de ? 'Stand' : 'as of'} ${v.dpf.asOf}` : ''}`
    : '-';
  const sig = [...v.signatures.hosts, ...v.signatures.paths, ...v.signatures.inline];
  const rows: Array<[string, string]> = [
    [de ? 'Kennung' : 'id', v.id],
    [de ? 'Kategorie' : 'category', v.category],
    [de ? 'Auch genannt' : 'also written', v.aliases.join(', ')],
    [de ? 'Unternehmen' : 'company', v.company],
    [de ? 'Konzern' : 'group', `${v.group} (${v.country})`],
    ...(v.euEntity ? [[de ? 'EU-Vertragspartner' : 'EU entity', v.euEntity] as [string, string]] : []),
    [de ? 'Drittland' : 'third country', adequacy],
    ['EU-US DPF', dpf],
    [de ? 'Einwilligung' : 'consent', `${consentText(v)}: ${v.consent.basis}`],
    ...(sig.length ? [[de ? 'Erkennungsmerkmale' : 'signatures', sig.join(', ')] as [string, string]] : []),
    ...(v.selfHostable ? [[de ? 'Selbst hostbar' : 'self-hostable', de ? 'ja (dann kein Drittanbieter)' : 'yes (then no third party)'] as [string, string]] : []),
    [de ? 'Quellen' : 'sources', v.source.join('\n  ')],
  ];
  const w = Math.max(...rows.map(([a]) => a.length));
  return `${v.name}\n\n${rows.map(([a, b]) => `${pad(`${a}:`, w + 1)} ${b}`).join('\n')}\n\n${de ? 'Rechtsstand' : 'law as of'} ${k.lawStand}\n`;
}
