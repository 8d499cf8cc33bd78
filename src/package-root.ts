/**
 * Where policy-audit's own files (rules/, package.json) lie. The modules run
 * from src/ (tests), from dist/ (the library) and bundled into dist/cli.cjs
 * and dist/worker.js (the command), each at a different depth, so the root is found by walking
 * up from the running module to the directory that holds rules/law.yaml.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'rules', 'law.yaml'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('policy-audit: its rules directory (rules/law.yaml) is missing from the installation');
    dir = up;
  }
}

/** A path inside the package, e.g. packagePath('rules', 'lexicons'). */
export const packagePath = (...parts: string[]): string => join(packageRoot(), ...parts);
