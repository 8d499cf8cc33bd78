import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { AuditResult } from '../src/audit.js';
import { auditFile } from '../src/audit.js';
import { builtinRules } from '../src/analyse/rules.js';
import { toSarif } from '../src/report/sarif.js';
import { FIXTURES, ROOT, cli } from './helpers.js';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
// ajv-draft-04 is CommonJS; the SARIF 2.1.0 schema is JSON Schema draft 04.
type Validator = ((data: unknown) => boolean) & { errors?: unknown };
const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as new (opts: object) => { compile(schema: object): Validator };
const addFormats = require('ajv-formats') as (ajv: unknown) => void;
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);
const MULTITOOL = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

function allFixtures(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFixtures(join(dir, e.name)) : /\.(md|html|txt)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

type Sarif = { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<Record<string, any>> }> };

async function sarifOf(files: string[], cwd = ROOT): Promise<Sarif> {
  const r = await cli(['--format', 'sarif', ...files], { cwd });
  return JSON.parse(r.stdout) as Sarif;
}

describe('SARIF output', () => {
  const files = allFixtures().sort();

  it('validates against the SARIF 2.1.0 JSON schema for every fixture', async () => {
    for (const f of files) {
      const log = await sarifOf([f]);
      const ok = validate(log);
      expect({ file: f, errors: ok ? [] : validate.errors }).toEqual({ file: f, errors: [] });
    }
  }, 120_000);

  it('passes the SARIF multitool validator, GitHub rules included, with no error or warning', async () => {
    const log = await sarifOf(files);
    const file = join(mkdtempSync(join(tmpdir(), 'policy-audit-sarif-')), 'all.sarif');
    writeFileSync(file, JSON.stringify(log));
    const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Ghas;Sarif', '--level', 'Error;Warning', file], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Analysis completed successfully');
    expect(run.stdout).not.toMatch(/: (error|warning) SARIF/);
  }, 120_000);

  it('describes every rule and links each result to its rule by index', async () => {
    const log = await sarifOf([join(FIXTURES, 'cli', 'missing-controller-de.md')]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(builtinRules().map((r) => r.definition.id));
    const rule = run.tool.driver.rules.find((r) => r.id === 'controller-identity') as Record<string, any>;
    expect(rule).toMatchObject({
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.any(String), markdown: expect.any(String) },
      helpUri: expect.stringContaining('docs/rules/controller-identity.md'),
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['art-13']), precision: 'high' },
    });
    expect(run.results).toHaveLength(1);
    const result = run.results[0]!;
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(result.locations).toHaveLength(1);
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'fixtures/cli/missing-controller-de.md', uriBaseId: '%SRCROOT%' });
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 1, startColumn: 3, endLine: 1, endColumn: 23 });
  });

  it('makes absolute input paths (as lint-staged passes them) relative to the repository root', async () => {
    const abs = join(FIXTURES, 'cli', 'missing-controller-de.md');
    const log = await sarifOf([abs], join(ROOT, 'test'));
    expect(log.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation.uri).toBe('fixtures/cli/missing-controller-de.md');
  });

  it('keeps fingerprints when an unrelated line is inserted above', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-fp-'));
    const original = readFileSync(join(FIXTURES, 'rules', 'rights', 'not-ok-de-old-template.md'), 'utf8');
    const file = join(dir, 'policy.md');
    writeFileSync(file, original);
    const before = (await sarifOf([file], dir)).runs[0]!.results.map((r) => [r.ruleId, r.partialFingerprints, r.locations[0].physicalLocation.region.startLine]);
    writeFileSync(file, original.replace('# Datenschutzerklärung\n', '# Datenschutzerklärung\n\nStand: 1. Januar 2027\n'));
    const after = (await sarifOf([file], dir)).runs[0]!.results.map((r) => [r.ruleId, r.partialFingerprints, r.locations[0].physicalLocation.region.startLine]);
    expect(before.length).toBeGreaterThan(2);
    expect(after.map((r) => [r[0], r[1]])).toEqual(before.map((r) => [r[0], r[1]]));
    // The lines did move, so the fingerprints do not depend on them.
    expect(after.map((r) => r[2])).not.toEqual(before.map((r) => r[2]));
  });

  it('is byte-identical across runs', async () => {
    const a = await cli(['--format', 'sarif', ...files.slice(0, 6)]);
    const b = await cli(['--format', 'sarif', ...files.slice(0, 6)]);
    expect(a.stdout).toBe(b.stdout);
  });

  it('carries related places (contradiction evidence) as relatedLocations', async () => {
    const base = await auditFile(join(FIXTURES, 'cli', 'missing-controller-de.md'));
    const f = base.findings[0]!;
    const withEvidence: AuditResult = { ...base, findings: [{ ...f, related: [{ message: 'evidence', place: f.place }] }] };
    const log = toSarif([withEvidence], { rules: builtinRules().map((r) => r.definition), version: '1.0.0', informationUri: 'https://example.org', cwd: ROOT }) as unknown as Sarif;
    expect(log.runs[0]!.results[0]!.relatedLocations).toEqual([
      { id: 1, message: { text: 'evidence' }, physicalLocation: { artifactLocation: { uri: 'fixtures/cli/missing-controller-de.md', uriBaseId: '%SRCROOT%' }, region: expect.any(Object) } },
    ]);
    expect(validate(log)).toBe(true);
  });

  it('links the related places from the message text, as GitHub shows them', async () => {
    const base = await auditFile(join(FIXTURES, 'cli', 'missing-controller-de.md'));
    const f = base.findings[0]!;
    const two: AuditResult = { ...base, findings: [{ ...f, message: 'Says [x] but names Stripe.', related: [{ message: 'a', place: f.place }, { message: 'b', place: f.place }] }] };
    const log = toSarif([two], { rules: builtinRules().map((r) => r.definition), version: '1.0.0', informationUri: 'https://example.org', cwd: ROOT, lang: 'en' }) as unknown as Sarif;
    const result = log.runs[0]!.results[0]!;
    // Brackets of the message itself are escaped so they are not read as links.
    expect(result.message.text).toBe('Says \\[x\\] but names Stripe. ([evidence 1](1), [evidence 2](2))');
    expect(result.relatedLocations.map((r: { id: number }) => r.id)).toEqual([1, 2]);
    expect(validate(log)).toBe(true);
  });

  it('gives GitHub its keys: primaryLocationLineHash and each rule\'s problem.severity', async () => {
    const log = await sarifOf([join(FIXTURES, 'cli', 'missing-controller-de.md')]);
    const result = log.runs[0]!.results[0]!;
    expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:\d+$/u);
    const rules = log.runs[0]!.tool.driver.rules as Array<{ id: string; properties: Record<string, string> }>;
    expect(rules.find((r) => r.id === 'controller-identity')!.properties['problem.severity']).toBe('error');
    expect(rules.find((r) => r.id === 'dpo-contact')!.properties['problem.severity']).toBe('recommendation');
  });

  it('marks a suppression from the configuration as external, a comment as inSource', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-sarif-'));
    const policy = readFileSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), 'utf8');
    writeFileSync(join(dir, 'datenschutz.md'), policy);
    writeFileSync(join(dir, 'privacy-club.md'), `<!-- policy-audit-disable-file controller-identity -- club of five -->\n${policy}`);
    writeFileSync(join(dir, '.auditrc'), 'suppressions:\n  - rules: [controller-identity]\n    files: [datenschutz.md]\n    reason: "named in the imprint"\n');
    const log = await sarifOf(['datenschutz.md', 'privacy-club.md', '--include-suppressed'], dir);
    const byFile = Object.fromEntries(
      log.runs[0]!.results.filter((r) => r.suppressions).map((r) => [r.locations[0].physicalLocation.artifactLocation.uri.replace(/^.*\//u, ''), r.suppressions[0]]),
    );
    expect(byFile['datenschutz.md']).toEqual({ kind: 'external', justification: 'named in the imprint' });
    expect(byFile['privacy-club.md']).toEqual({ kind: 'inSource', justification: 'club of five' });
  });
});
