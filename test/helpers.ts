import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli.js';
import { run } from '../src/cli.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const SEEDS = join(ROOT, '..', 'shared', 'seeds');
export const CORPUS_DOCS = join(ROOT, '..', 'shared', 'corpus', 'docs');

/** The seed policies and the labelled corpus lie beside the checkout (../shared) in the workplace and in CI, not in a user's clone. */
export const HAS_SHARED = existsSync(SEEDS) && existsSync(CORPUS_DOCS);
const WHY = 'skipped: needs ../shared (the seed policies and the labelled corpus), which is not beside this checkout';

/** A test that reads ../shared: run where it is present, else skipped with the reason in its name. */
export const itShared = (name: string, fn: () => unknown, timeout?: number): void => {
  if (HAS_SHARED) it(name, fn as jest.ProvidesCallback, timeout);
  else it.skip(`${name} (${WHY})`, () => undefined);
};

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output. */
export async function cli(args: string[], options: { stdin?: Uint8Array; env?: Record<string, string>; colorLevel?: 0 | 1 | 2 | 3; cwd?: string; stderrIsTTY?: boolean; stdoutIsTTY?: boolean; stderrColumns?: number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: async () => options.stdin ?? new Uint8Array(),
    colorLevel: options.colorLevel ?? 0,
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stderrColumns: options.stderrColumns ?? 100,
    stdoutIsTTY: options.stdoutIsTTY ?? false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
