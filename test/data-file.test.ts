import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { loadDataFile, SNAPSHOT_FILE, snapshotKey } from '../src/load/data-file.js';
import { packagePath } from '../src/package-root.js';

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));

// YAML dates are read as 'YYYY-MM-DD' text by every loader; the snapshot stores them so.
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, function (this: Record<string, unknown>, key, value: unknown) {
  const raw = this[key];
  return raw instanceof Date ? raw.toISOString().slice(0, 10) : value;
}));

describe('built-in data snapshot (dist/builtin-data.json)', () => {
  const snapshot = JSON.parse(readFileSync(packagePath(...SNAPSHOT_FILE), 'utf8')) as Record<string, unknown>;
  const files = yamlFiles(packagePath('rules'));

  it('holds every YAML file of rules/', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => !(snapshotKey(f) in snapshot))).toEqual([]);
  });

  it('gives the same data as parsing the YAML', () => {
    for (const f of files) expect([f, loadDataFile(f)]).toEqual([f, plain(yaml.load(readFileSync(f, 'utf8')))]);
  });

  it('reads a file the snapshot does not hold as YAML, and throws on broken YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-data-'));
    const file = join(dir, 'x.yaml');
    writeFileSync(file, 'a: [1, 2]\nb: 2026-01-02\n');
    expect(loadDataFile(file)).toEqual({ a: [1, 2], b: new Date('2026-01-02') });
    writeFileSync(file, 'a: [\n');
    expect(() => loadDataFile(file)).toThrow(yaml.YAMLException);
  });
});
