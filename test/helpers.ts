import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli.js';
import { run } from '../src/cli.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const SEEDS = join(ROOT, '..', 'shared', 'seeds');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output. */
export async function cli(args: string[], options: { stdin?: Uint8Array; env?: Record<string, string>; colorLevel?: 0 | 1 | 2 | 3; cwd?: string; stderrIsTTY?: boolean } = {}): Promise<CliRun> {
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
    stderrColumns: 100,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
