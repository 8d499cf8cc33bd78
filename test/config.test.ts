import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResolver, readConfigFile } from '../src/load/config.js';
import { ruleIds } from '../src/analyse/rules.js';
import { UserError } from '../src/types.js';
import { ROOT, cli } from './helpers.js';

// A policy complete but for its controller: controller-identity is its only finding.
const POLICY = readFileSync(join(ROOT, 'fixtures', 'cli', 'missing-controller-de.md'), 'utf8');

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-audit-config-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'site', 'legal'), { recursive: true });
  mkdirSync(join(dir, 'site', 'drafts'), { recursive: true });
  writeFileSync(join(dir, 'site', 'legal', 'datenschutz.md'), POLICY);
  writeFileSync(join(dir, 'site', 'drafts', 'old.md'), POLICY);
  return dir;
}

describe('configuration', () => {
  const known = new Set(ruleIds());

  it('the example file documents only valid keys and rule ids', () => {
    const config = readConfigFile(join(ROOT, '.auditrc.example'), known)!;
    expect(config.language).toBe('auto');
    expect(config.rules['controller-identity']).toBe('error');
  });

  it('is found by searching upward, nearest first, stopping at the repository root', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'rules:\n  controller-identity: warning\n');
    const r = await cli(['site', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as Array<{ messages: Array<{ level: string }> }>;
    expect(json.flatMap((f) => f.messages.map((m) => m.level))).toEqual(['warning', 'warning']);
    expect(r.code).toBe(0);

    writeFileSync(join(dir, 'site', 'legal', '.auditrc.json'), '{"rules": {"controller-identity": "off"}}');
    const nearer = JSON.parse((await cli(['site', '--format', 'json'], { cwd: dir })).stdout) as Array<{ filePath: string; messages: unknown[] }>;
    expect(nearer.map((f) => [f.filePath.split('/').pop(), f.messages.length])).toEqual([
      ['old.md', 1],
      ['datenschutz.md', 0],
    ]);
  });

  it('reads package.json#policyAudit and .auditrc.yaml', () => {
    const dir = tree();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', policyAudit: { language: 'en' } }));
    const resolver = new ConfigResolver(known);
    expect(resolver.forFile(join(dir, 'site', 'legal', 'datenschutz.md'))).toMatchObject({ language: 'en', file: `${join(dir, 'package.json')}#policyAudit` });
    writeFileSync(join(dir, 'site', '.auditrc.yaml'), 'language: de\n');
    expect(new ConfigResolver(known).forFile(join(dir, 'site', 'legal', 'datenschutz.md')).language).toBe('de');
  });

  it('--rule beats the configuration, --config replaces the search', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'rules:\n  controller-identity: off\n');
    writeFileSync(join(dir, 'other.yaml'), 'rules:\n  controller-identity: info\n');
    const file = join('site', 'legal', 'datenschutz.md');
    expect((await cli([file], { cwd: dir })).code).toBe(0);
    expect((await cli([file, '--rule', 'controller-identity=error'], { cwd: dir })).code).toBe(1);
    const viaConfig = JSON.parse((await cli([file, '-c', 'other.yaml', '--format', 'json'], { cwd: dir })).stdout);
    expect(viaConfig[0].messages[0].level).toBe('info');
  });

  it('ignores paths matched by "ignore"', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'ignore:\n  - "site/drafts/**"\n');
    const json = JSON.parse((await cli(['site', '--format', 'json'], { cwd: dir })).stdout) as Array<{ filePath: string }>;
    expect(json.map((f) => f.filePath.split('/').pop())).toEqual(['datenschutz.md']);
  });

  it('--print-config shows the configuration that applies to a file', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'language: de\n');
    const r = await cli(['--print-config', 'site/legal/datenschutz.md', '--rule', 'controller-identity=info'], { cwd: dir });
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { rules: Record<string, string> };
    expect(printed).toMatchObject({ language: 'de', jurisdiction: 'auto', ignore: [], suppressions: [], vendors: { uses: [], ignore: [] } });
    // Every rule with its effective level: the override, else the default.
    expect(printed.rules['controller-identity']).toBe('info');
    expect(printed.rules['dpo-contact']).toBe('info');
    expect(printed.rules['third-country-transfer']).toBe('error');
    expect(Object.keys(printed.rules).length).toBeGreaterThan(30);
    // It is a valid configuration file: saved and used, it gives the same configuration.
    writeFileSync(join(dir, 'site', '.auditrc'), r.stdout);
    const again = await cli(['--print-config', 'site/legal/datenschutz.md'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(printed);
  });

  it('warns about a file named on the command line that an ignore pattern leaves out; --no-ignore audits it', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'ignore:\n  - "site/legal/**"\n');
    const r = await cli(['site/legal/datenschutz.md'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe('policy-audit: site/legal/datenschutz.md: file ignored because of a matching ignore pattern (--no-ignore audits it)\n');
    const audited = await cli(['site/legal/datenschutz.md', '--no-ignore', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(audited.stdout)).toHaveLength(1);
  });

  it.each([
    ['unknown key', 'colour: red\n', 'key "colour" is not a known key'],
    ['unknown rule', 'rules:\n  no-such-rule: error\n', 'key "rules.no-such-rule" names an unknown rule'],
    ['bad level', 'rules:\n  controller-identity: loud\n', 'key "rules.controller-identity" must be off, info, warning or error'],
    ['bad language', 'language: fr\n', 'key "language" must be auto, de or en'],
    ['broken YAML', 'rules: [\n', 'invalid configuration:'],
  ])('rejects a %s with exit 2 and one line naming file and key; other files still audited', async (_name, text, message) => {
    const dir = tree();
    writeFileSync(join(dir, 'site', 'drafts', '.auditrc'), text);
    const r = await cli(['site', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // Named relative to the working directory, as the policies are.
    expect(r.stderr).toContain(`policy-audit: ${join('site', 'drafts', '.auditrc')}: `);
    expect(r.stderr).toContain(message);
    const json = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null }> }>;
    expect(json.find((f) => f.filePath.endsWith('datenschutz.md'))!.messages[0]!.ruleId).toBe('controller-identity');
  });

  it('rejects a broken --config before auditing anything', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'bad.json'), '{"rules": 3}');
    const r = await cli(['site', '-c', 'bad.json'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `policy-audit: ${join(dir, 'bad.json')}: invalid configuration: key "rules" must map rule ids to off, info, warning or error\n` });
    expect(() => readConfigFile(join(dir, 'missing.yaml'), known)).toThrow(UserError);
  });
});

describe('vendors and init', () => {
  it('vendors.uses makes a policy name the service; vendors.ignore leaves its findings out', async () => {
    const dir = tree();
    writeFileSync(join(dir, '.auditrc'), 'vendors:\n  uses: ["Hotjar"]\n');
    const used = JSON.parse((await cli(['site/legal/datenschutz.md', '--format', 'json'], { cwd: dir })).stdout);
    expect(used[0].messages.map((m: { ruleId: string; vendor?: string }) => [m.ruleId, m.vendor])).toContainEqual(['undisclosed-tracker', 'Hotjar']);
    writeFileSync(join(dir, '.auditrc'), 'vendors:\n  uses: ["Hotjar"]\n  ignore: ["hotjar"]\n');
    const ignored = JSON.parse((await cli(['site/legal/datenschutz.md', '--format', 'json'], { cwd: dir })).stdout);
    expect(ignored[0].messages.map((m: { vendor?: string }) => m.vendor)).not.toContain('Hotjar');
    writeFileSync(join(dir, '.auditrc'), 'vendors:\n  uses: ["No Such Service"]\n');
    expect((await cli(['site/legal/datenschutz.md'], { cwd: dir })).stderr).toContain('key "vendors.uses" names "No Such Service"');
  });

  it('policy-audit init writes a starter .auditrc that validates, and keeps an existing one', async () => {
    const dir = tree();
    const r = await cli(['init'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'wrote .auditrc\n' });
    expect(readConfigFile(join(dir, '.auditrc'), new Set(ruleIds()))).toMatchObject({ language: 'auto', vendors: { uses: [], ignore: [] } });
    expect((await cli(['init'], { cwd: dir })).code).toBe(2);
  });
});

describe("rule-dirs: a user's own rules", () => {
  const rule = (id: string, patterns: string[]): string =>
    [
      `id: ${id}`,
      'level: warning',
      'reference: { law: GDPR, article: 13, cite: { de: Art. 13 DSGVO, en: Art. 13 GDPR } }',
      `title: { de: "Hauskontakt genannt", en: "House contact named" }`,
      `message: { de: "Die Erklärung nennt die Hauspost nicht.", en: "The policy does not name the house mail." }`,
      `description: { de: "Eigene Regel.", en: "Own rule." }`,
      `fix: { de: "Nennen Sie die Hauspost.", en: "Name the house mail." }`,
      'tags: [own]',
      'precision: high',
      'check:',
      '  kind: presence',
      '  patterns:',
      ...patterns.map((p) => `    - '${p}'`),
    ].join('\n');

  function project(patterns: string[]): string {
    const dir = tree();
    mkdirSync(join(dir, 'policy-rules'));
    writeFileSync(join(dir, 'policy-rules', 'house-mail.yaml'), rule('house-mail', patterns));
    writeFileSync(join(dir, 'site', 'legal', '.auditrc'), 'rule-dirs: [../../policy-rules]\nrules:\n  house-mail: error\n');
    return dir;
  }

  it('run beside the built-in rules, with levels from the configuration, and go into SARIF', async () => {
    const dir = project(['hauspost']);
    const r = await cli([join(dir, 'site'), '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const results = sarif.runs[0]!.results;
    const own = results.filter((x) => x.ruleId === 'house-mail');
    // Only the file the configuration governs gets the rule.
    expect(own.map((x) => [x.level, x.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([['error', 'site/legal/datenschutz.md']]);
    expect(sarif.runs[0]!.tool.driver.rules.map((x) => x.id)).toContain('house-mail');
  });

  it('fail with one line naming the rule file when a pattern is invalid; files under other configurations are still audited', async () => {
    const dir = project(['haus(post']);
    const r = await cli([join(dir, 'site'), '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: \S+house-mail\.yaml: invalid rule file: key "check\.patterns\[0\]" is not a valid regular expression: [^\n]+\n$/);
    const json = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null }> }>;
    expect(json.find((f) => f.filePath.endsWith('old.md'))!.messages.map((m) => m.ruleId)).toEqual(['controller-identity']);
  });

  it('fail the same way when a pattern backtracks catastrophically, in bounded time', async () => {
    const dir = project(['(?:[a-z]+\\s?)+impressum']);
    const t0 = performance.now();
    const r = await cli([join(dir, 'site', 'legal')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: \S+house-mail\.yaml: invalid rule file: key "check\.patterns\[0\]" backtracks catastrophically: it took more than 1000 ms on 100 KB of [^\n]+\n$/);
    expect(performance.now() - t0).toBeLessThan(30_000);
  }, 60_000);

  it('may not take a built-in rule id, and must be a list of directories that exist', async () => {
    const dir = project(['hauspost']);
    writeFileSync(join(dir, 'policy-rules', 'house-mail.yaml'), rule('dpo-contact', ['hauspost']));
    expect((await cli([join(dir, 'site', 'legal')], { cwd: dir })).stderr).toMatch(/house-mail\.yaml: invalid rule file: key "id" repeats the built-in rule id "dpo-contact"\n$/);
    writeFileSync(join(dir, 'site', 'legal', '.auditrc'), 'rule-dirs: [../nope]\n');
    expect((await cli([join(dir, 'site', 'legal')], { cwd: dir })).stderr).toMatch(/nope: cannot read the rule directory: no such directory\n$/);
    writeFileSync(join(dir, 'site', 'legal', '.auditrc'), 'rule-dirs: ../nope\n');
    expect((await cli([join(dir, 'site', 'legal')], { cwd: dir })).stderr).toMatch(/\.auditrc: invalid configuration: key "rule-dirs" must be a list of directories/);
  });
});
