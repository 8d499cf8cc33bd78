/**
 * A built website (dist/, public/, _site/, out/): every HTML page and
 * JavaScript bundle in it, read for the third-party services they load.
 */
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { UserError } from '../types.js';
import { describeFsError } from './inputs.js';

export interface SiteFile {
  /** Path relative to the site directory. */
  path: string;
  kind: 'html' | 'script';
  text: string;
}

const PAGE = new Set(['.html', '.htm']);
const SCRIPT = new Set(['.js', '.mjs', '.cjs']);
const SKIP = new Set(['node_modules', '.git']);
/** Bundles larger than this are read only this far (vendor bundles repeat, and memory stays bounded). */
const MAX_BYTES = 8 * 1024 * 1024;

export async function readSite(dir: string): Promise<SiteFile[]> {
  const out: SiteFile[] = [];
  const stack = [dir];
  try {
    while (stack.length > 0) {
      const current = stack.pop()!;
      for (const e of await readdir(current, { withFileTypes: true })) {
        const full = join(current, e.name);
        if (e.isDirectory()) {
          if (!SKIP.has(e.name)) stack.push(full);
          continue;
        }
        const ext = extname(e.name).toLowerCase();
        const kind = PAGE.has(ext) ? 'html' : SCRIPT.has(ext) ? 'script' : undefined;
        if (!kind || !e.isFile()) continue;
        const buf = await readFile(full);
        out.push({ path: relative(dir, full).split('\\').join('/'), kind, text: buf.subarray(0, MAX_BYTES).toString('utf8') });
      }
    }
  } catch (error) {
    throw new UserError(`cannot read the site: ${describeFsError(error)}`, dir);
  }
  if (out.length === 0) throw new UserError('the site directory holds no .html or .js files', dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
