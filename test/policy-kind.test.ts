/**
 * What counts as a privacy policy when a directory walk, a glob or the pre-commit hook
 * meets other pages: names that say so, and pages whose title or words read as one.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPolicyName, looksLikePolicy } from '../src/document/policy-kind.js';
import { PolicyDocument } from '../src/document/document.js';
import { CORPUS_DOCS, FIXTURES, HAS_SHARED, cli, itShared } from './helpers.js';

const KIND = join(FIXTURES, 'policy-kind');
const reads = (file: string): boolean => {
  const doc = new PolicyDocument({ path: file, source: readFileSync(file, 'utf8'), format: file.endsWith('.html') ? 'html' : 'markdown' });
  const t = doc.titleRange();
  return looksLikePolicy(doc.text, doc.slice(t.start, t.end));
};

describe('policy names', () => {
  it.each(['datenschutz.md', 'content/Datenschutzerklaerung.html', 'dsgvo.html', 'privacy.txt', 'legal/privacy-policy.md', 'docs/data-protection.md', 'public/privacy-policy/index.html', 'de/datenschutzhinweise.htm'])('%s says it is a policy', (p) => {
    expect(isPolicyName(p)).toBe(true);
  });
  it.each(['README.md', 'blog/launch.md', 'content/impressum.md', 'legal/terms.md', 'public/index.html', 'public/about/index.html'])('%s does not', (p) => {
    expect(isPolicyName(p)).toBe(false);
  });
});

describe('policy content', () => {
  it.each(readdirSync(join(KIND, 'policies')))('%s reads as a policy', (f) => {
    expect(reads(join(KIND, 'policies', f))).toBe(true);
  });
  it.each(readdirSync(join(KIND, 'not-policies')))('%s (README, blog post, imprint, terms) does not', (f) => {
    expect(reads(join(KIND, 'not-policies', f))).toBe(false);
  });
});

describe('the labelled corpus', () => {
  itShared('every labelled policy reads as one, whatever its file is called', () => {
    const files = HAS_SHARED ? readdirSync(CORPUS_DOCS).map((f) => join(CORPUS_DOCS, f)) : [];
    expect(files.length).toBeGreaterThan(60);
    expect(files.filter((f) => !reads(f))).toEqual([]);
  });
});

describe('directory walks and the hook', () => {
  const site = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-kind-'));
    mkdirSync(join(dir, 'public'));
    cpSync(join(KIND, 'not-policies'), join(dir, 'public'), { recursive: true });
    cpSync(join(FIXTURES, 'cli', 'missing-controller-de.md'), join(dir, 'public', 'datenschutz.md'));
    cpSync(join(KIND, 'policies', 'seite.md'), join(dir, 'public', 'seite.md'));
    return dir;
  };

  it('a walk audits the policies only, and says in verbose mode what it skipped', async () => {
    const dir = site();
    const r = await cli(['public', '--format', 'json', '--verbose'], { cwd: dir });
    const files = (JSON.parse(r.stdout) as Array<{ filePath: string }>).map((f) => f.filePath.replace(/^.*public\//u, ''));
    expect(files).toEqual(['datenschutz.md', 'seite.md']);
    expect(r.stderr).toContain('public/README.md: skipped, not a privacy policy');
    expect(r.stderr).toContain('public/impressum.md: skipped');
    expect((await cli(['public', '--format', 'json'], { cwd: dir })).stderr).toBe('');
  });

  it('--all-files audits every file found; a file named on the command line is always audited', async () => {
    const dir = site();
    const all = JSON.parse((await cli(['public', '--format', 'json', '--all-files'], { cwd: dir })).stdout) as unknown[];
    expect(all).toHaveLength(7);
    const named = JSON.parse((await cli(['public/README.md', '--format', 'json'], { cwd: dir })).stdout) as Array<{ messages: unknown[] }>;
    expect(named).toHaveLength(1);
    expect(named[0]!.messages.length).toBeGreaterThan(0);
  });

  it('a walk that finds no policy says so and exits 2; the hook (--policies-only) passes quietly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-kind-'));
    cpSync(join(KIND, 'not-policies'), join(dir, 'docs'), { recursive: true });
    const r = await cli(['docs'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy-audit: none of the 5 files found reads as a privacy policy/u);
    const hook = await cli(['--policies-only', 'docs/README.md', 'docs/blog-post.md'], { cwd: dir });
    expect(hook).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
