/**
 * The library reads a file as the command line does: the same configuration, the same
 * formatters, and bad input as a result, never an exception.
 */
import { mkdirSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lib from '../src/index.js';
import { FIXTURES, cli } from './helpers.js';

const MISSING_CONTROLLER = join(FIXTURES, 'cli', 'missing-controller-de.md');

describe('the library', () => {
  it('exports every formatter and the configuration loader', () => {
    for (const name of ['formatJson', 'formatStylish', 'formatUnix', 'formatSarif', 'formatGithub', 'formatMarkdown', 'loadConfig', 'audit', 'auditFile', 'auditBytes'] as const) {
      expect(typeof lib[name]).toBe('function');
    }
  });

  it('never throws for bad input: empty text is a result with fatal set', () => {
    const r = lib.audit('');
    expect(r.fatal).toBe('the file is empty');
    expect(r.findings).toEqual([]);
  });

  it('auditFile with config: true reads the .auditrc the command line reads, and agrees with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-lib-'));
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'datenschutz.md'), readFileSync(MISSING_CONTROLLER, 'utf8'));
    writeFileSync(join(dir, '.auditrc'), 'rules:\n  controller-identity: off\n  dpo-contact: warning\n');
    const plain = await lib.auditFile(join(dir, 'site', 'datenschutz.md'));
    const configured = await lib.auditFile(join(dir, 'site', 'datenschutz.md'), { config: true });
    expect(plain.findings.map((f) => f.ruleId)).toContain('controller-identity');
    expect(configured.findings.map((f) => f.ruleId)).not.toContain('controller-identity');
    const viaCli = JSON.parse((await cli(['site/datenschutz.md', '--format', 'json'], { cwd: dir })).stdout) as Array<{ messages: Array<{ ruleId: string; level: string }> }>;
    expect(viaCli[0]!.messages.map((m) => `${m.ruleId}:${m.level}`)).toEqual(configured.findings.map((f) => `${f.ruleId}:${f.level}`));
    expect(lib.loadConfig(join(dir, 'site', 'datenschutz.md')).rules).toEqual({ 'controller-identity': 'off', 'dpo-contact': 'warning' });
  });

  it('a broken configuration is a result with fatal set, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-lib-'));
    writeFileSync(join(dir, 'datenschutz.md'), readFileSync(MISSING_CONTROLLER, 'utf8'));
    writeFileSync(join(dir, '.auditrc'), 'rules: [\n');
    const r = await lib.auditFile(join(dir, 'datenschutz.md'), { config: true });
    expect(r.fatal).toMatch(/^invalid configuration/u);
  });
});

describe('vendors.uses', () => {
  it('cites the line of the configuration that names the service, relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-uses-'));
    writeFileSync(join(dir, 'datenschutz.md'), readFileSync(MISSING_CONTROLLER, 'utf8'));
    writeFileSync(join(dir, '.auditrc'), '# services the site loads\nvendors:\n  uses:\n    - "Google Fonts"\n');
    const r = await cli(['datenschutz.md', '--format', 'json'], { cwd: dir });
    const finding = (JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string; vendor?: string; message: string }> }>)[0]!.messages.find((m) => m.ruleId === 'undisclosed-tracker');
    expect(finding?.vendor).toBe('Google Fonts');
    expect(finding?.message).toContain('.auditrc:4');
    expect(finding?.message).not.toContain(dir);
  });
});
