import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRules, loadRuleFile } from '../src/analyse/rules.js';
import { ruleDocPage } from '../src/report/rule-docs.js';
import { UserError } from '../src/types.js';
import { ROOT, cli } from './helpers.js';

const VALID = readFileSync(join(ROOT, 'rules', 'right-access.yaml'), 'utf8');

function ruleFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-audit-rule-')), 'r.yaml');
  writeFileSync(file, text);
  return file;
}

describe('rule files', () => {
  it('every rule loads, with both languages and a legal reference', () => {
    const rules = builtinRules();
    expect(rules.length).toBeGreaterThanOrEqual(16);
    for (const { definition: d } of rules) {
      if (d.tags.includes('meta')) continue; // rules about policy-audit's own directives cite no law
      expect(d.message.de.trim()).not.toBe('');
      expect(d.message.en.trim()).not.toBe('');
      expect(d.description.de.length).toBeGreaterThan(100);
      expect(d.description.en.length).toBeGreaterThan(100);
      expect(d.reference.cite.de).toMatch(/DSGVO|BDSG|TDDDG|DDG/);
      expect(d.reference.cite.en).toMatch(/GDPR|BDSG|TDDDG|DDG/);
      expect(d.helpUri).toMatch(new RegExp(`/docs/rules/${d.id}\\.md$`));
    }
  });

  it('each help page in docs/rules/ is generated from the current rule file', () => {
    const pages = readdirSync(join(ROOT, 'docs', 'rules')).sort();
    expect(pages).toEqual(builtinRules().map((r) => `${r.definition.id}.md`).sort());
    for (const { definition } of builtinRules()) {
      expect(readFileSync(join(ROOT, 'docs', 'rules', `${definition.id}.md`), 'utf8')).toBe(ruleDocPage(definition));
    }
  });

  it.each([
    ['an unknown key', VALID.replace('tags:', 'colour: red\ntags:'), 'key "colour" is not a known rule key'],
    ['a bad level', VALID.replace('level: error', 'level: loud'), 'key "level" must be one of error, warning, info'],
    ['a missing language', VALID.replace(/message:\n  de: /u, 'message:\n  fr: '), 'key "message.de" must be a non-empty string'],
    ['a broken pattern', VALID.replace("- 'auskunftsrecht'", "- 'auskunfts(recht'"), 'key "check.patterns[0]" is not a valid regular expression'],
    ['an unknown check kind', VALID.replace('kind: presence', 'kind: telepathy'), 'unknown check kind "telepathy"'],
    ['an unknown lexicon entry', VALID.replace("- 'auskunftsrecht'", "- '@legal-bases/nothing'"), 'unknown lexicon entry @legal-bases/nothing'],
    ['broken YAML', 'id: [', 'invalid rule file:'],
  ])('rejects %s, naming the file and the key', (_name, text, message) => {
    const file = ruleFile(text);
    expect(() => loadRuleFile(file)).toThrow(UserError);
    try {
      loadRuleFile(file);
    } catch (error) {
      expect((error as UserError).file).toBe(file);
      expect((error as UserError).message).toContain(message);
    }
  });
});

describe('policy-audit rules and explain', () => {
  it('prints the rule table', async () => {
    const r = await cli(['rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rule\s+level\s+reference\s+title$/);
    expect(lines).toHaveLength(builtinRules().length + 1);
    expect(r.stdout).toMatch(/right-restriction\s+error\s+Art\. 13\(2\)\(b\) and Art\. 18 GDPR/);
    expect((await cli(['rules', '--lang', 'de'])).stdout).toContain('Art. 13 Abs. 2 lit. b i. V. m. Art. 18 DSGVO');
  });

  it('explains a rule: what it checks, the law, how to fix it, where to read more', async () => {
    const r = await cli(['explain', 'right-complaint']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Art. 13(2)(d) and Art. 77 GDPR');
    expect(r.stdout).toContain('What it checks:');
    expect(r.stdout).toContain('How to fix the text:');
    expect(r.stdout).toContain('docs/rules/right-complaint.md');
    // Where its findings are placed, so a suppression comment can be put above it.
    expect(r.stdout).toMatch(/Where findings are placed:\n  on the heading of the section the missing statement belongs in[^\n]*else on the title/u);
    expect((await cli(['explain', 'undisclosed-tracker'])).stdout).toMatch(/on the page element that loads the service[^\n]*disable-line/u);
    const unknown = await cli(['explain', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "nope"');
  });
});

describe('machine-readable catalog and rules, and suggestions', () => {
  it('rules --format json lists every rule with level, reference and tags', async () => {
    const r = await cli(['rules', '--format', 'json']);
    const rules = JSON.parse(r.stdout) as Array<{ id: string; level: string; reference: { cite: { en: string } }; tags: string[] }>;
    expect(rules.length).toBeGreaterThan(30);
    expect(rules.find((x) => x.id === 'right-complaint')).toMatchObject({ level: 'error', reference: { cite: { en: 'Art. 13(2)(d) and Art. 77 GDPR' } } });
    expect(rules.every((x) => x.tags.length > 0)).toBe(true);
  });

  it('vendors --format json gives every fact and source; one entry with --vendor', async () => {
    const all = JSON.parse((await cli(['vendors', '--format', 'json'])).stdout) as { lawStand: string; vendors: Array<Record<string, unknown>> };
    expect(all.vendors.length).toBeGreaterThan(200);
    const one = JSON.parse((await cli(['vendors', '--vendor', 'Vimeo', '--format', 'json'])).stdout) as Record<string, unknown>;
    expect(one).toMatchObject({ id: 'vimeo', company: 'Vimeo.com, Inc.', processingCountry: 'US', dpf: { certified: true } });
    expect((one.source as string[]).length).toBeGreaterThan(0);
  });

  it('the vendor table explains its DPF column', async () => {
    expect((await cli(['vendors'])).stdout).toMatch(/DPF: yes = certified under the EU-US Data Privacy Framework[^\n]*\? = not verified/u);
  });

  it.each([
    [['explain', 'right-acess'], 'did you mean "right-access"?'],
    [['vendors', '--vendor', 'Goggle Analytic'], 'did you mean "Google Analytics"'],
    [['x.md', '--rule', 'dpo-contakt=off'], 'did you mean "dpo-contact"?'],
    [['x.md', '--formt', 'json'], 'unknown option --formt (did you mean --format?)'],
  ])('suggests the nearest name: %j', async (args, hint) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(hint);
  });
});
