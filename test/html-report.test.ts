/**
 * The HTML report (`--format html`): self-contained, escaped, with the verdict, the Art. 13
 * checklist and the services; a batch into a folder gets one page per policy and an index.
 * The page is also opened in a real browser (Debian's chromium, driven by playwright-core;
 * .ci/run installs it): the DOM, an accessibility check with axe-core, and a screenshot
 * for people to look at (test-results/html-report.png).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DOCS, FIXTURES, HAS_SHARED, ROOT, SEEDS, cli } from './helpers.js';

const HOSTILE = join(FIXTURES, 'report', 'hostile-de.txt');

interface JsonFile {
  messages: Array<{ ruleId: string; level: 'error' | 'warning' | 'info' }>;
}

/** The errors the JSON report gives for a file: what the HTML verdict must say. */
async function errorCount(file: string): Promise<number> {
  const json = JSON.parse((await cli(['--format', 'json', file])).stdout) as JsonFile[];
  return json[0]!.messages.filter((x) => x.level === 'error').length;
}

describe('--format html', () => {
  it('escapes every piece of policy text: no script, handler or link from the policy survives', async () => {
    const r = await cli(['--format', 'html', HOSTILE]);
    expect(r.code).toBe(1);
    const html = r.stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/u);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script/iu);
    expect(html).not.toMatch(/<(?:img|svg onload|iframe|object)\b/iu);
    // No element carries an event handler (the handler text stands escaped inside text).
    expect(html).not.toMatch(/<[a-z][^<>]*\son[a-z]+\s*=/iu);
    expect(html).not.toMatch(/href="javascript:/iu);
    // The hostile text is there, as text.
    expect(html).toContain('&#60;script&#62;window.__pwned = 1&#60;/script&#62;');
    expect(html).toContain('onerror=&#34;window.__pwned = 2&#34;');
    // Nothing is loaded from elsewhere.
    expect(html).not.toMatch(/\s(?:src|href)="(?:https?:)?\/\//iu);
  });

  it('gives the verdict, the Art. 13 checklist with what passed and where, and the services', async () => {
    const html = (await cli(['--format', 'html', HOSTILE])).stdout;
    const errors = await errorCount(HOSTILE);
    expect(errors).toBeGreaterThan(0);
    expect(html).toContain(`${errors} Fehler`);
    // The checklist: the right of access stated (with its line), the complaint right missing.
    const row = (title: string): string => new RegExp(`<tr><td>${title.replace(/[()]/gu, '\\$&')}</td>.*?</tr>`, 'u').exec(html)?.[0] ?? '';
    expect(row('Recht auf Auskunft (Art. 15 DSGVO)')).toMatch(/vorhanden<\/td><td>Zeile 15/u);
    expect(row('Beschwerderecht bei einer Aufsichtsbehörde (Art. 77 DSGVO)')).toContain('fehlt');
    expect(row('Name und Kontaktdaten des Verantwortlichen')).toMatch(/vorhanden<\/td><td>Zeile 3/u);
    expect(row('Widerruf der Einwilligung')).toContain('trifft nicht zu');
    // The service with the catalog's facts and the findings on it.
    expect(html).toMatch(/<tr><td>Google Analytics<br><span class="meta">genannt in Zeile 9.*?Google LLC.*?Vereinigte Staaten.*?zertifiziert.*?third-country-transfer/u);
    expect(html).toContain('keine Rechtsberatung');
  });

  it('is written in the language asked for', async () => {
    const html = (await cli(['--format', 'html', '--lang', 'en', HOSTILE])).stdout;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Information required by Art. 13 GDPR');
    expect(html).toContain('Right of access (Art. 15 GDPR)');
    expect(html).not.toContain('Pflichtangaben');
  });

  it('writes one page per policy and an index that compares them into a folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pa-html-')), 'report');
    const other = join(FIXTURES, 'cli', 'missing-controller-de.md');
    const r = await cli(['--format', 'html', '-o', `${dir}/`, HOSTILE, other]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('index.html');
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const f of files.filter((x) => x !== 'index.html')) expect(index).toContain(`href="${f}"`);
    // Severity per policy and per rule as pictures, the checklist as a grid.
    expect(index.match(/<svg role="img"/gu)).toHaveLength(2);
    expect(index).toContain('Pflichtangaben im Vergleich');
    expect(index.match(/<th scope="row">/gu)).toHaveLength(2);
  });
});

// ---- In a real browser -------------------------------------------------------------------

function findBrowser(): string | undefined {
  for (const v of [process.env.PUPPETEER_EXECUTABLE_PATH, process.env.CHROME_PATH]) if (v && existsSync(v)) return v;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

const browserPath = findBrowser();
const why = browserPath ? '' : ' (skipped: no chromium on the PATH; .ci/run installs Debian\'s chromium)';
const itBrowser = browserPath ? it : it.skip;

/** Serious or critical accessibility problems axe-core finds on a page (WCAG 2.1 A and AA, best practice). */
async function axeProblems(page: import('playwright-core').Page, axeSource: string): Promise<Array<{ id: string; impact: string; nodes: number }>> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // In the page (no DOM types in the test's own program).
    const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } };
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe(`the HTML report in a browser${why}`, () => {
  const require = createRequire(import.meta.url);
  const axeSource = (): string => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // playwright-core drives the system's browser; it downloads nothing.
  const load = async (): Promise<typeof import('playwright-core')> => import('playwright-core');

  itBrowser('runs nothing from the policy, loads nothing from elsewhere, and has no serious accessibility problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-html-browser-'));
    const page1 = join(dir, 'hostile.html');
    expect((await cli(['--format', 'html', '-o', page1, HOSTILE])).code).toBe(1);
    const { chromium } = await load();
    const browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox'] });
    try {
      // As a reader opens it: the page's own Content-Security-Policy in force.
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      // No request may leave the machine: anything but the report itself is answered locally and counted.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.fulfill({ status: 404, body: '' });
      });
      await page.goto(pathToFileURL(page1).href);
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('img, iframe, object, embed').count()).toBe(0);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      // The DOM: the verdict, a checklist row per Art. 13 item, the hostile heading as text.
      expect(await page.locator('section.verdict p.bar').innerText()).toContain(`${await errorCount(HOSTILE)} Fehler`);
      const rows = await page.locator('h2:has-text("Pflichtangaben") + table tbody tr').count();
      expect(rows).toBeGreaterThanOrEqual(13);
      expect(await page.locator('main').innerText()).toContain('Kontakt <img src=x onerror="window.__pwned = 2">');

      // axe-core, injected past the page's policy in a second context.
      const axeContext = await browser.newContext({ bypassCSP: true });
      const axePage = await axeContext.newPage();
      await axePage.goto(pathToFileURL(page1).href);
      expect(await axeProblems(axePage, axeSource())).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  itBrowser(`leaves a screenshot of a seed's report for people to look at (test-results/html-report.png)${HAS_SHARED ? '' : '; the hostile fixture stands in: ../shared is not beside this checkout'}`, async () => {
    const seed = HAS_SHARED ? join(SEEDS, readdirSync(SEEDS).sort()[0]!) : HOSTILE;
    const out = join(ROOT, 'test-results');
    mkdirSync(out, { recursive: true });
    const page1 = join(out, 'html-report.html');
    await cli(['--format', 'html', '-o', page1, seed], { env: { SOURCE_DATE_EPOCH: '0' } });
    const { chromium } = await load();
    const browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(page1).href);
      await page.screenshot({ path: join(out, 'html-report.png'), fullPage: true });
      expect(readFileSync(join(out, 'html-report.png')).subarray(1, 4).toString()).toBe('PNG');
      expect(await page.locator('h1').innerText()).toBe('Prüfbericht Datenschutzerklärung');
    } finally {
      await browser.close();
    }
  }, 60_000);
  const itBatch = browserPath && HAS_SHARED ? it : it.skip;
  itBatch(`renders the five seeds and 20 corpus policies, each page and the index checked, and leaves a screenshot of the index (test-results/html-index.png)${HAS_SHARED ? '' : ' (skipped: needs ../shared, which is not beside this checkout)'}`, async () => {
    const seeds = readdirSync(SEEDS).sort().map((f) => join(SEEDS, f));
    const docs = readdirSync(CORPUS_DOCS).sort().slice(0, 20).map((f) => join(CORPUS_DOCS, f));
    const out = join(ROOT, 'test-results', 'batch');
    const r = await cli(['--format', 'html', '-o', `${out}/`, ...seeds, ...docs], { env: { SOURCE_DATE_EPOCH: '0' } });
    expect(r.code).toBe(1);
    const json = JSON.parse((await cli(['--format', 'json', ...seeds, ...docs])).stdout) as Array<JsonFile & { filePath: string }>;
    const pages = readdirSync(out).filter((f) => f !== 'index.html').sort();
    expect(pages).toHaveLength(25);
    const { chromium } = await load();
    const browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ bypassCSP: true });
      const requests: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.fulfill({ status: 404, body: '' });
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const problems: Record<string, unknown> = {};
      for (const name of ['index.html', ...pages]) {
        await page.goto(pathToFileURL(join(out, name)).href);
        const found = await axeProblems(page, axeSource());
        if (found.length) problems[name] = found;
      }
      expect(problems).toEqual({});
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      // Each policy's verdict says as many errors as the JSON report has.
      for (const file of json) {
        const name = pages.find((p) => p.endsWith(`_${file.filePath.split('/').pop()!.replace(/\.[a-z]+$/u, '')}.html`));
        expect(name).toBeDefined();
        await page.goto(pathToFileURL(join(out, name!)).href);
        const errors = file.messages.filter((m) => m.level === 'error').length;
        expect(await page.locator('section.verdict p.bar').innerText()).toMatch(new RegExp(`^${errors} (?:Fehler|Errors)\\b`, 'u'));
      }
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      expect(await page.locator('table').first().locator('tbody tr').count()).toBe(25);
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.screenshot({ path: join(ROOT, 'test-results', 'html-index.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
