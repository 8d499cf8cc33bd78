/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Every result
 * has exactly one physical location with a full region; paths are relative
 * to the repository root under %SRCROOT%; fingerprints are built from what a
 * finding says and the text it points at, not from line numbers, so they stay
 * the same when unrelated lines are added above.
 */
import { findingKey } from './fingerprint.js';
import { pathToFileURL } from 'node:url';
import type { AuditResult } from '../audit.js';
import type { RuleDefinition } from '../analyse/rule-schema.js';
import type { Finding, Language, Level, Place } from '../types.js';
import { relativeTo, repositoryRoot } from './paths.js';

export interface SarifOptions {
  rules: readonly RuleDefinition[];
  version: string;
  informationUri: string;
  cwd?: string;
  /** Repository root for relative URIs; default: found from cwd. */
  root?: string;
  /** Language of rule texts and messages already chosen by the engine. */
  lang?: Language;
  /** Include suppressed findings (marked as suppressed in source). */
  includeSuppressed?: boolean;
  lawStand?: string;
}

const LEVEL: Record<Level, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
export const FINGERPRINT_KEY = 'policyAudit/v1';

type Json = Record<string, unknown>;

/** Brackets in message text would read as embedded links (SARIF 3.11.6): escape them. */
const escapeLinks = (s: string): string => s.replace(/[[\]\\]/gu, (c) => `\\${c}`);

function region(place: Place): Json {
  return {
    startLine: place.start.line,
    startColumn: place.start.column,
    endLine: place.end.line,
    endColumn: Math.max(place.end.column, place.end.line === place.start.line ? place.start.column + 1 : 1),
    charOffset: place.start.offset,
    charLength: Math.max(0, place.end.offset - place.start.offset),
  };
}

/** Stable identity of a finding: rule, vendor, section and the text it points at, plus its occurrence. */
export function fingerprint(f: Finding, seen: Map<string, number>): string {
  const hash = findingKey(f);
  const n = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, n);
  return `${hash}:${n}`;
}

function ruleDescriptor(r: RuleDefinition, lang: Language): Json {
  return {
    id: r.id,
    name: r.id
      .split('-')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: r.title[lang] },
    fullDescription: { text: r.description[lang] },
    help: {
      text: `${r.description[lang]}\n\n${r.fix[lang]}\n\n${r.reference.cite[lang]}`,
      markdown: `**${r.title[lang]}** (${r.reference.cite[lang]})\n\n${r.description[lang]}\n\n**${lang === 'de' ? 'So beheben Sie es' : 'How to fix'}:** ${r.fix[lang]}`,
    },
    helpUri: r.helpUri,
    defaultConfiguration: { level: LEVEL[r.level] },
    // "problem.severity" is the key GitHub code scanning reads for a quality tool's severity.
    properties: { tags: ['privacy', 'gdpr', ...r.tags], precision: r.precision, 'problem.severity': PROBLEM_SEVERITY[r.level] },
  };
}
const PROBLEM_SEVERITY: Record<Level, 'error' | 'warning' | 'recommendation'> = { error: 'error', warning: 'warning', info: 'recommendation' };

export function toSarif(results: readonly AuditResult[], options: SarifOptions): Json {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? repositoryRoot(cwd);
  const lang = options.lang ?? 'en';
  const index = new Map(options.rules.map((r, i) => [r.id, i]));
  const artifactLocation = (path: string): Json => {
    const rel = relativeTo(root, path, cwd);
    return rel !== undefined ? { uri: encodeURI(rel), uriBaseId: '%SRCROOT%' } : { uri: pathToFileURL(path).href };
  };
  const sarifResults: Json[] = [];
  for (const r of results) {
    if (r.fatal !== undefined) continue;
    const seen = new Map<string, number>();
    const findings: Array<{ f: Finding; suppressed?: { justification?: string; kind: 'inSource' | 'external' }; state?: 'new' | 'unchanged' }> = [
      ...r.findings.map((f) => ({ f, ...(r.baseline ? { state: 'new' as const } : {}) })),
      ...(options.includeSuppressed
        ? [
            ...(r.suppressed ?? []).map((s) => ({ f: s.finding, suppressed: { kind: s.external ? ('external' as const) : ('inSource' as const), ...(s.justification ? { justification: s.justification } : {}) } })),
            ...(r.baseline?.unchanged ?? []).map((f) => ({ f, suppressed: { kind: 'external' as const, justification: 'in the baseline' }, state: 'unchanged' as const })),
          ]
        : []),
    ];
    for (const { f, suppressed, state } of findings) {
      const related = [...(f.related ?? []), ...(f.evidence ?? []).filter((e) => e.kind !== 'mention').map((e) => ({ message: e.message, place: e.place }))];
      // Embedded links to the related places, so a viewer (GitHub) shows them from the message.
      const word = lang === 'de' ? 'Beleg' : 'evidence';
      const links = related.length ? ` (${related.map((_, i) => `[${word} ${i + 1}](${i + 1})`).join(', ')})` : '';
      const print = fingerprint(f, seen);
      const result: Json = {
        ruleId: f.ruleId,
        level: LEVEL[f.level],
        message: { text: `${escapeLinks(f.message)}${f.vendor !== undefined ? ` \\[${escapeLinks(f.vendor)}\\]` : ''}${links}` },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.filePath), region: region(f.place) } }],
        // The same identity under GitHub's own key: built from the text, not the line number, it survives edits above.
        partialFingerprints: { [FINGERPRINT_KEY]: print, primaryLocationLineHash: print },
      };
      const ruleIndex = index.get(f.ruleId);
      if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
      if (related.length) {
        result.relatedLocations = related.map((rel, i) => ({
          id: i + 1,
          message: { text: rel.message },
          physicalLocation: { artifactLocation: artifactLocation(r.filePath), region: region(rel.place) },
        }));
      }
      const properties: Json = {};
      if (f.vendor !== undefined) properties.vendor = f.vendor;
      if (f.section !== undefined) properties.section = f.section;
      if (Object.keys(properties).length) result.properties = properties;
      if (suppressed !== undefined) result.suppressions = [suppressed];
      if (state !== undefined) result.baselineState = state;
      sarifResults.push(result);
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'policy-audit',
            semanticVersion: options.version,
            informationUri: options.informationUri,
            rules: options.rules.map((r) => ruleDescriptor(r, lang)),
            ...(options.lawStand ? { properties: { lawStand: options.lawStand } } : {}),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

export function formatSarif(results: readonly AuditResult[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(results, options), null, 2)}\n`;
}
