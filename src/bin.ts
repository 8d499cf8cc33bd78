#!/usr/bin/env node
/**
 * The `policy-audit` command (built to dist/cli.js). It runs the bundled
 * command, dist/cli.cjs, through V8's code cache: the first run after a build
 * stores the compiled code of the bundle (with every function that run used)
 * beside it, in dist/cli.cjs.cache, and later runs skip compiling it. A
 * pre-commit hook starts in about half the time. A cache that V8 rejects (a
 * new Node version) is written again; where dist/ cannot be written, the
 * command simply runs without one.
 */
import { accessSync, constants, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

// TurboFan inlined so much into the large check functions that it spent more time
// compiling than the audit ran (10 s of compiling for 9 s of a 300-file run), on the
// core a second worker would use. Less inlining: the same speed in one thread and a
// free core for --jobs. (The flag is process-wide, so the workers have it too.)
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'cli.cjs');
const cacheFile = `${bundle}.cache`;

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const module = { exports: {} as { main?: () => Promise<void> } };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dir);

const writable = (): boolean => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};
if ((!cachedData || script.cachedDataRejected) && writable()) {
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only installation runs without a cache.
    }
  });
}
await module.exports.main!();
