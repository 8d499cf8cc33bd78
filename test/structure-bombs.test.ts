/**
 * Structure bombs for each parser, generated at test time: each is audited beside a good file in
 * one run, under the default budgets. Either it is audited, or it is one line saying it is too
 * complex; never a stack, a V8 dump or a lost result for the good file, and never more time than
 * the budget plus start-up, or more memory than a bound in proportion to the input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './helpers.js';

const CLI = join(ROOT, 'dist', 'cli.js');
const PEAK = join(ROOT, 'test', 'peak-memory.mjs');
const GOOD = readFileSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), 'utf8');
/** The default --max-time, and what start-up and writing the report may add to it. */
const BUDGET_MS = 30_000;
const SLACK_MS = 15_000;
/** Memory: a fixed base for the process and the worker that audits a file above 256 KB (two V8 heaps), and 100 MB per MB of input. */
const BASE_MB = 200;
const PER_MB = 100;

const HEAD = '# Datenschutzerklärung\n\nVerantwortlich ist die Muster GmbH, Musterweg 1, 12345 Musterstadt, info@muster.de.\n\n';
const SERVICES = ['Google Analytics', 'Facebook Pixel', 'Hotjar', 'Cloudflare', 'Mailchimp', 'YouTube', 'Google Maps', 'Vimeo', 'Stripe', 'PayPal', 'HubSpot', 'Intercom', 'Zendesk', 'Salesforce', 'LinkedIn Insight Tag', 'TikTok Pixel', 'Microsoft Clarity', 'Matomo', 'Google Tag Manager', 'Amazon Web Services'];

function nestedInline(levels: number): string {
  const tags = ['b', 'i', 'u', 'em', 'strong', 's'];
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    const t = tags[i % tags.length]!;
    open += `<${t}>`;
    close = `</${t}>${close}`;
  }
  return `<html><body><p>${open}Datenschutz: Wir speichern Daten.${close}</p></body></html>`;
}

const BOMBS: Array<[string, string, () => string, string[]?]> = [
  ['a 10 MB Markdown list', 'list.md', () => HEAD + '- Wir speichern Ihre Daten für kurze Zeit.\n'.repeat(250_000)],
  ['a 1000 × 1000 Markdown table', 'table.md', () => `${HEAD}|${'c|'.repeat(1000)}\n|${'-|'.repeat(1000)}\n${`|${'x|'.repeat(1000)}\n`.repeat(1000)}`],
  ['6,000 nested inline formatting elements in HTML', 'inline.html', () => nestedInline(6000)],
  ['the same with --jobs 2', 'inline-jobs.html', () => nestedInline(6000), ['--jobs', '2']],
  ['200,000 Markdown headings', 'headings.md', () => Array.from({ length: 200_000 }, (_, i) => `# Abschnitt ${i}\n\nWir speichern Cookies.\n\n`).join('')],
  ['200,000 Markdown headings, reported by stylish', 'headings-stylish.md', () => Array.from({ length: 200_000 }, (_, i) => `# Abschnitt ${i}\n\nWir speichern Cookies.\n\n`).join(''), ['-f', 'stylish']],
  ['50,000 HTML comments in Markdown', 'comments.md', () => HEAD + Array.from({ length: 50_000 }, (_, i) => `<!-- Kommentar ${i} -->\nText ${i} über Cookies.\n`).join('\n')],
  ['50,000 HTML comments in Markdown, reported as Markdown', 'comments-md.md', () => HEAD + Array.from({ length: 50_000 }, (_, i) => `<!-- Kommentar ${i} -->\nText ${i} über Cookies.\n`).join('\n'), ['-f', 'markdown']],
  ['Markdown lists nested 100,000 deep', 'nested.md', () => `${HEAD}${'- '.repeat(100_000)}x\n`],
  ['ordered lists nested 100,000 deep', 'nested-ordered.md', () => `${HEAD}${'1. '.repeat(100_000)}x\n`],
  ['lists and quotes nested 100,000 deep, mixed', 'nested-mixed.md', () => `${HEAD}${'- 1. > * '.repeat(25_000)}x\n`],
  ['3,000 indented list levels', 'indented.md', () => HEAD + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')],
  ['one million &amp; entities', 'amp.html', () => `<html><body><p>Datenschutz ${'&amp;'.repeat(1_000_000)}</p></body></html>`],
  ['2,000 sections each naming twenty services', 'services.md', () => Array.from({ length: 2000 }, (_, i) => `## Dienst ${i}\n\nWir nutzen ${SERVICES.join(', ')} auf Grundlage von Art. 6 Abs. 1 lit. f DSGVO.\n\n`).join('')],
];

describe('structure bombs', () => {
  it.each(BOMBS)('%s: audited or one line, within the time and memory bounds', (_what, name, make, extra = []) => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-bomb-'));
    writeFileSync(join(dir, name), make());
    writeFileSync(join(dir, 'good.md'), GOOD);
    const peakFile = join(dir, 'peak');
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', PEAK, CLI, name, 'good.md', '--max-file-size', '20', ...(extra.includes('-f') ? [] : ['-f', 'unix']), ...extra], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', POLICY_AUDIT_TEST_PEAK: peakFile },
      timeout: 120_000,
      maxBuffer: 1 << 30,
    });
    const ms = performance.now() - t0;
    expect(r.stderr).not.toMatch(/\n\s+at |Last few GCs|FATAL ERROR|internal error|JavaScript heap/u);
    expect([0, 1, 2]).toContain(r.status);
    const lines = r.stderr.trim() === '' ? [] : r.stderr.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(1);
    if (lines.length === 1) expect(lines[0]).toMatch(new RegExp(`^policy-audit: ${name.replace('.', '\\.')}: too complex to audit(?: within \\d+ (?:s|MB of memory) \\(--max-(?:time|memory) raises the limit\\)|: .+)$`, 'u'));
    expect(r.stdout).toMatch(/good\.md/u);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    const sizeMb = statSync(join(dir, name)).size / (1024 * 1024);
    const peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
    expect(peakMb).toBeLessThan(BASE_MB + PER_MB * sizeMb);
  }, 120_000);
});
