import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, ROOT, SEEDS, cli, itShared } from './helpers.js';

const seed = (n: string): string => join(SEEDS, n);
// A complete policy, and the same policy without its controller section: one finding.
const CLEAN = join(FIXTURES, 'cli', 'complete-de.md');
const MISSING_CONTROLLER = join(FIXTURES, 'cli', 'missing-controller-de.md');
const SEED_004 = seed('004_4a12eb166355a894.txt');

describe('exit codes', () => {
  it('0 when nothing is found, with no output', async () => {
    const r = await cli([CLEAN]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('1 when an error-level finding is reported', async () => {
    const r = await cli([MISSING_CONTROLLER]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('controller-identity');
  });

  it('0 with warnings only, 1 once they exceed --max-warnings', async () => {
    const args = [MISSING_CONTROLLER, '--rule', 'controller-identity=warning'];
    expect((await cli(args)).code).toBe(0);
    expect((await cli([...args, '--max-warnings', '1'])).code).toBe(0);
    const over = await cli([...args, '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings');
  });

  it('0 when the rule is switched off', async () => {
    expect((await cli([MISSING_CONTROLLER, '--rule', 'controller-identity=off'])).code).toBe(0);
  });

  it('2 for a usage error, with one line and no stack trace', async () => {
    for (const args of [['--format', 'xml', CLEAN], ['--no-such-option', CLEAN], [], [CLEAN, '--rule', 'nope=error'], [CLEAN, '--rule', 'controller-identity=loud']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^policy-audit: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  itShared('2 when a file among several cannot be read, the others still audited', async () => {
    const r = await cli(['missing-policy.html', SEED_004, CLEAN, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policy-audit: missing-policy.html: no such file or directory\n');
    const json = JSON.parse(r.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; fatal?: boolean }> }>;
    expect(json).toHaveLength(3);
    const of = (name: string) => json.find((f) => f.filePath.endsWith(name))!.messages;
    expect(of('missing-policy.html')[0]).toMatchObject({ ruleId: null, fatal: true });
    expect(of('004_4a12eb166355a894.txt').map((m) => m.ruleId)).toContain('controller-identity');
    expect(of('complete-de.md')).toEqual([]);
    // Files are reported in path order, whatever the order of the operands.
    expect(json.map((f) => f.filePath)).toEqual([...json.map((f) => f.filePath)].sort());
  });

  it('2 for binary data named .html, with the file named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-cli-'));
    const bin = join(dir, 'logo.html');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
    const r = await cli([bin, CLEAN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`policy-audit: ${bin}: binary data, not a text policy (NUL or control bytes)\n`);
  });

  it('0 for --help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings');
    expect(help.stdout).toContain('Examples:');
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim().split(' ')[0]).toBe(JSON.parse(readFileSync(join(FIXTURES, '..', 'package.json'), 'utf8')).version);
  });
});

describe('options', () => {
  it('reads "-" from stdin, named and typed by --stdin-filename', async () => {
    const html = Buffer.from('<h1>Datenschutz</h1><h2>Verantwortlicher</h2><p>Siehe Impressum.</p>');
    const r = await cli(['-', '--stdin-filename', 'web/datenschutz.html', '--format', 'json'], { stdin: html });
    expect(r.code).toBe(1);
    const [file] = JSON.parse(r.stdout) as Array<{ filePath: string; format: string; messages: Array<{ ruleId: string; line: number; column: number }> }>;
    expect(file!.filePath).toMatch(/web\/datenschutz\.html$/);
    expect(file!.format).toBe('html');
    expect(file!.messages.find((m) => m.ruleId === 'controller-identity')).toMatchObject({ line: 1, column: 25 });
  });

  it('writes the report to --output-file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'policy-audit-out-')), 'report.json');
    const r = await cli([MISSING_CONTROLLER, '--format', 'json', '-o', out]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['controller-identity']);
  });

  it('--quiet leaves out warnings and infos', async () => {
    const r = await cli([MISSING_CONTROLLER, '--rule', 'controller-identity=warning', '--quiet']);
    expect(r.stdout).toBe('');
  });

  it('--lang chooses the language of messages', async () => {
    const de = await cli([MISSING_CONTROLLER]);
    const en = await cli([MISSING_CONTROLLER, '--lang', 'en']);
    expect(de.stdout).toContain('Der Verantwortliche wird nicht');
    expect(en.stdout).toContain('The controller is not named');
  });

  it('colours only when asked or on a terminal, and never with NO_COLOR or --no-color', async () => {
    const esc = '\u001b[';
    expect((await cli([MISSING_CONTROLLER])).stdout).not.toContain(esc);
    expect((await cli([MISSING_CONTROLLER], { colorLevel: 1 })).stdout).toContain(esc);
    expect((await cli([MISSING_CONTROLLER], { colorLevel: 1, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli([MISSING_CONTROLLER, '--no-color'], { colorLevel: 3 })).stdout).not.toContain(esc);
    expect((await cli([MISSING_CONTROLLER, '--color'])).stdout).toContain(esc);
  });
});

describe('--fail-on', () => {
  it('sets the lowest level that fails the run', async () => {
    const warningOnly = [MISSING_CONTROLLER, '--rule', 'controller-identity=warning'];
    expect((await cli(warningOnly)).code).toBe(0);
    expect((await cli([...warningOnly, '--fail-on', 'warning'])).code).toBe(1);
    const infoOnly = [MISSING_CONTROLLER, '--rule', 'controller-identity=info'];
    expect((await cli([...infoOnly, '--fail-on', 'warning'])).code).toBe(0);
    expect((await cli([...infoOnly, '--fail-on', 'info'])).code).toBe(1);
    expect((await cli([MISSING_CONTROLLER, '--fail-on', 'never'])).code).toBe(0);
  });
});

describe('batch runs', () => {
  const corpus = join(SEEDS, '..', 'corpus', 'docs');

  itShared('--format jsonl writes one JSON object per file, as each is audited', async () => {
    const r = await cli([CLEAN, MISSING_CONTROLLER, 'missing.md', '--format', 'jsonl']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { filePath: string; messages: Array<{ ruleId: string | null }> });
    expect(lines).toHaveLength(3);
    expect(lines[1]!.messages.map((m) => m.ruleId)).toEqual(['controller-identity']);
    expect(lines[2]!.messages[0]!.ruleId).toBeNull();
    expect(r.code).toBe(2);
  });

  itShared('--shard K/N splits the inputs into disjoint parts that together are all of them', async () => {
    const parts = await Promise.all(
      [1, 2, 3].map(async (k) => (JSON.parse((await cli([corpus, '--format', 'json', '--shard', `${k}/3`])).stdout) as Array<{ filePath: string }>).map((f) => f.filePath)),
    );
    const all = (JSON.parse((await cli([corpus, '--format', 'json'])).stdout) as Array<{ filePath: string }>).map((f) => f.filePath);
    expect(parts.flat().sort()).toEqual([...all].sort());
    expect(new Set(parts.flat()).size).toBe(all.length);
    expect(parts.every((p) => p.length > 0)).toBe(true);
    expect((await cli([corpus, '--shard', '4/3'])).code).toBe(2);
  }, 60_000);
});

describe('many files', () => {
  const MANY = [join(FIXTURES, 'real'), join(FIXTURES, 'cli'), join(FIXTURES, 'rules', 'controller-identity'), 'no-such-file.md'];

  it('gives byte-identical JSON and SARIF whatever the number of jobs and the order of the operands', async () => {
    for (const format of ['json', 'sarif', 'jsonl']) {
      const one = await cli([...MANY, '--format', format, '--jobs', '1']);
      expect(one.code).toBe(2);
      expect(one.stdout.length).toBeGreaterThan(1000);
      for (const args of [[...MANY, '--jobs', '2'], [...[...MANY].reverse(), '--jobs', '3'], [...[...MANY].reverse()]]) {
        const other = await cli([...args, '--format', format]);
        expect(other).toEqual(one);
      }
    }
  }, 60_000);

  it('rejects a --jobs that is not a whole number of at least 1', async () => {
    for (const jobs of ['0', '-2', '1.5', 'many']) {
      const r = await cli([CLEAN, '--jobs', jobs]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^policy-audit: --jobs takes a whole number of at least 1, got "[^"]*"\n$/);
    }
  });

  it('draws a progress line on a terminal stderr for more than a few files, and clears it', async () => {
    const r = await cli([...MANY, '--format', 'json', '--jobs', '1'], { stderrIsTTY: true });
    expect(r.stderr).toContain('\r\x1b[2Kpolicy-audit: ');
    expect(r.stderr).toMatch(/files \(100%\)/);
    // Cleared before the fatal line of the missing file, which stands on a line of its own.
    expect(r.stderr).toMatch(/\r\x1b\[2Kpolicy-audit: no-such-file\.md: no such file or directory\n$/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    // Not on a pipe, and not for a few files.
    expect((await cli([...MANY, '--format', 'json'])).stderr).not.toContain('\r');
    expect((await cli([CLEAN, MISSING_CONTROLLER], { stderrIsTTY: true })).stderr).toBe('');
  });

  it('draws none beside JSON Lines streamed to the same terminal, and cuts no word when narrow', async () => {
    const streamed = await cli([...MANY, '--format', 'jsonl', '--jobs', '1'], { stderrIsTTY: true, stdoutIsTTY: true });
    expect(streamed.stderr).not.toContain('\r');
    const narrow = await cli([...MANY, '--format', 'json', '--jobs', '1'], { stderrIsTTY: true, stderrColumns: 30 });
    const lines = narrow.stderr.split('\r\x1b[2K').filter((l) => l.startsWith('policy-audit: ') && !l.includes('no such file'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(29);
      // Whole words only: the line ends where one of its words ends.
      expect(l).toMatch(/(?:files|\(\d+%\)|files\/s|left)$/u);
    }
  });
});

describe('usage errors name the option, the value and the choices', () => {
  it.each([
    [['--format', 'xml'], 'policy-audit: --format: "xml" is not one of stylish, unix, json, jsonl, sarif, github, markdown, html'],
    [['--fail-on', 'bogus'], 'policy-audit: --fail-on: "bogus" is not one of error, warning, info, never'],
    [['--lang', 'fr'], 'policy-audit: --lang: "fr" is not one of de, en'],
    [['--jobs', 'abc'], 'policy-audit: --jobs takes a whole number of at least 1, got "abc"'],
    [['--max-warnings', 'abc'], 'policy-audit: --max-warnings takes a whole number (-1: no limit), got "abc"'],
    [['--max-file-size', 'big'], 'policy-audit: --max-file-size takes a size in MB above 0 and at most 500, got "big"'],
    [['--bogus-flag'], 'policy-audit: unknown option --bogus-flag'],
  ])('%j', async (args, line) => {
    const r = await cli([...args, CLEAN]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(line);
    expect(r.stdout).toBe('');
  });
});

describe('a reader that closes the pipe early', () => {
  it('ends the run quietly, with no stack trace', () => {
    const bin = join(ROOT, 'dist', 'cli.js');
    const dir = join(FIXTURES, 'cli');
    for (const format of ['jsonl', 'stylish', 'unix']) {
      const run = spawnSync('bash', ['-c', `node "${bin}" "${dir}" "${dir}" --format ${format} --all-files | head -c 10 >/dev/null`], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
    }
  });
});

describe('report files', () => {
  it('-o makes the report folder when it does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-out-'));
    const out = join(dir, 'reports', 'ci', 'policy.json');
    const r = await cli([MISSING_CONTROLLER, '--format', 'json', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length).toBe(1);
  });

  it('a file that cannot be read is named once, on stderr, not again in the stylish report', async () => {
    const r = await cli(['missing-policy.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policy-audit: missing-policy.md: no such file or directory\n');
    expect(r.stdout).not.toContain('missing-policy.md');
  });
});
