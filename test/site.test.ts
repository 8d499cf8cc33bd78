import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanSite } from '../src/analyse/site.js';
import { readSite } from '../src/load/site.js';
import { FIXTURES, cli } from './helpers.js';

const SITE = join(FIXTURES, 'site', 'dist');

describe('--site', () => {
  it('finds the services pages and bundles load, with page and line', async () => {
    const embeds = scanSite(await readSite(SITE));
    expect(embeds.map((e) => [e.vendor.id, e.page, e.line])).toEqual([
      ['google-fonts', 'index.html', 6],
      ['hotjar', 'assets/app.js', 3],
      ['youtube', 'blog/post.html', 5],
    ]);
  });

  it('reports each service the policy does not name, at the policy', async () => {
    const r = await cli([join(FIXTURES, 'cli', 'complete-de.md'), '--site', SITE, '--format', 'json']);
    expect(r.code).toBe(1);
    const messages = JSON.parse(r.stdout)[0].messages as Array<{ ruleId: string; vendor: string; message: string }>;
    expect(messages.map((m) => [m.ruleId, m.vendor])).toEqual([
      ['undisclosed-tracker', 'Google Fonts'],
      ['undisclosed-tracker', 'Hotjar'],
      ['undisclosed-tracker', 'YouTube'],
    ]);
    expect(messages[1]!.message).toContain('assets/app.js:3');
  });

  it('is silent for services the policy names', async () => {
    const r = await cli([join(FIXTURES, 'rules', 'undisclosed-tracker', 'ok-de-named.html'), '--site', SITE, '--format', 'json', '--rule', 'dpo-contact=off']);
    const vendors = (JSON.parse(r.stdout)[0].messages as Array<{ ruleId: string; vendor?: string }>).filter((m) => m.ruleId === 'undisclosed-tracker').map((m) => m.vendor);
    expect(vendors).not.toContain('Google Fonts');
  });

  it('rejects a site directory without pages, with exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'policy-audit-site-'));
    const r = await cli([join(FIXTURES, 'cli', 'complete-de.md'), '--site', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no \.html or \.js files|no such/u);
  });
});
