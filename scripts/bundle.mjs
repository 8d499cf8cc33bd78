// Bundles the command (src/cli.ts and everything it imports, dependencies included)
// into one file, dist/cli.cjs, started by dist/cli.js (src/bin.ts), and the batch
// worker into dist/worker.js. Node then
// loads one module instead of about three hundred: a pre-commit run starts in a
// fraction of the time. The library (dist/index.js) stays as tsc emits it.
//
// It also stores every YAML file of rules/ parsed in dist/builtin-data.json, with
// a hash of the file's text (see src/load/data-file.ts).
import { build } from 'esbuild';
import yaml from 'js-yaml';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none', minify: true };
// The command, as CommonJS so that dist/cli.js can run it through V8's code cache (src/bin.ts).
await build({
  ...common,
  entryPoints: [join(root, 'src', 'cli.ts')],
  outfile: join(root, 'dist', 'cli.cjs'),
  format: 'cjs',
  // import.meta.url (package-root.ts) is the bundle's own URL.
  define: { 'import.meta.url': '__policyAuditUrl' },
  banner: { js: "var __policyAuditUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...common, entryPoints: [join(root, 'src', 'bin.ts')], outfile: join(root, 'dist', 'cli.js'), format: 'esm' });
// The worker of --jobs: an ES module; dependencies written as CommonJS call require(), so it gets one.
await build({
  ...common,
  entryPoints: [join(root, 'src', 'worker.ts')],
  outfile: join(root, 'dist', 'worker.js'),
  format: 'esm',
  banner: { js: "import { createRequire as __policyAuditRequire } from 'node:module';\nconst require = __policyAuditRequire(import.meta.url);" },
});
rmSync(join(root, 'dist', 'cli.cjs.cache'), { force: true });
chmodSync(join(root, 'dist', 'cli.js'), 0o755);

// The key and hash as the loader computes them (tsc has emitted it before this script runs).
const { snapshotKey, textHash } = await import(join(root, 'dist', 'load', 'data-file.js'));
const snapshot = {};
// YAML dates (law-stand: 2026-11-22) become the same 'YYYY-MM-DD' text the loaders make of them.
function dates(key, value) {
  const raw = this[key];
  return raw instanceof Date ? (raw.toISOString().endsWith('T00:00:00.000Z') ? raw.toISOString().slice(0, 10) : raw.toISOString()) : value;
}
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith('.yaml')) {
      const text = readFileSync(file, 'utf8');
      let data;
      try {
        data = yaml.load(text, { filename: file });
      } catch {
        continue; // a broken file is left to the run, which reports it
      }
      snapshot[snapshotKey(file)] = { sha1: textHash(text), json: JSON.stringify(data, dates) };
    }
  }
};
walk(join(root, 'rules'));
const dataFile = join(root, 'dist', 'builtin-data.json');
writeFileSync(dataFile, JSON.stringify(snapshot));

// The gate literals of every built-in pattern (knowledge/gate.ts), read off the sources once here
// instead of on each run's start: auditing the example policies (every format) loads every rule,
// lexicon and vendor pattern, and the table holds what that reading computed.
const gate = await import(join(root, 'dist', 'knowledge', 'gate.js'));
const { audit } = await import(join(root, 'dist', 'audit.js'));
const examples = [
  ['markdown', '# Datenschutz\n\nVerantwortlich: Muster GmbH, Hauptstr. 1, 10115 Berlin. Wir nutzen Google Analytics.\n'],
  ['html', '<h1>Privacy</h1><p>We use YouTube. Controller: Example Ltd, 1 Main St, Dublin.</p><script src="https://www.googletagmanager.com/gtag/js"></script>'],
  ...readdirSync(join(root, 'fixtures', 'real')).map((f) => ['text', readFileSync(join(root, 'fixtures', 'real', f), 'utf8')]),
];
for (const [format, text] of examples) audit(text, { format });
const { GATES_KEY } = await import(join(root, 'dist', 'load', 'data-file.js'));
snapshot[GATES_KEY] = { sha1: `v${gate.GATE_VERSION}`, json: JSON.stringify(gate.gateTable()) };
writeFileSync(dataFile, JSON.stringify(snapshot));
