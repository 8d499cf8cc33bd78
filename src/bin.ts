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
import vm from 'node:vm';
import { applyV8Flags } from './v8-flags.js';

applyV8Flags();

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
