/**
 * The command line. The only module that reads process.argv, writes to
 * stdout/stderr or sets the exit code; `run` returns the code so tests can
 * call it directly. Exit codes follow ESLint: 0 clean, 1 errors found (or more
 * warnings than --max-warnings), 2 usage, configuration, input or internal error.
 */
import type { JurisdictionId } from './knowledge/jurisdictions.js';
import { JURISDICTIONS } from './knowledge/jurisdictions.js';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join as joinPath, relative as relativePath, resolve as resolvePath, sep } from 'node:path';
import { packagePath } from './package-root.js';
import yargs from 'yargs';
import type { AuditResult } from './audit.js';
import { auditBytes, auditFile } from './audit.js';
import { builtinRules, loadedCustomRules, ruleIds } from './analyse/rules.js';
import type { SiteEmbed } from './analyse/site.js';
import { scanSite } from './analyse/site.js';
import { ConfigResolver } from './load/config.js';
import { optionsFromConfig } from './load/options.js';
import { readSite } from './load/site.js';
import { expandInputs, formatFromPath, readStdin } from './load/inputs.js';
import { applyBaseline, loadBaseline } from './load/baseline.js';
import { isPolicyName } from './document/policy-kind.js';
import { afterFile } from './memory.js';
import { AuditPool } from './pool.js';
import type { Budget } from './budget.js';
import { GUARDED_BYTES } from './budget.js';
import { formatGithub } from './report/github.js';
import { formatUnix } from './report/unix.js';
import { Progress } from './report/progress.js';
import { formatJson, toJsonObjects } from './report/json.js';
import { formatMarkdown } from './report/markdown.js';
import { formatHtml, htmlFiles } from './report/html.js';
import { formatSarif } from './report/sarif.js';
import { formatExplain, formatRuleTable } from './report/rule-docs.js';
import { findVendor, formatVendor, formatVendorTable, ruleJson, vendorJson } from './report/vendor-docs.js';
import { didYouMean } from './report/suggest.js';
import { knowledge } from './knowledge/vendor-catalog.js';
import { sanitizeLine } from './report/sanitize.js';
import { formatStylish } from './report/stylish.js';
import { countFindings } from './report/summary.js';
import type { RuleDefinition } from './analyse/rule-schema.js';
import type { Finding, Language, Level, RuleSetting } from './types.js';
import { UserError } from './types.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as bytes (for "-"), refused past `maxBytes`. */
  stdin: (maxBytes?: number) => Promise<Uint8Array>;
  /** Whether stdout is a colour terminal (0 = no colour). */
  colorLevel: 0 | 1 | 2 | 3;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is a terminal (a progress line is drawn on it for long runs). */
  stderrIsTTY?: boolean;
  stderrColumns?: number;
  /** The terminal's width when stdout is one (stylish keeps its rows within it; default 80). */
  stdoutColumns?: number;
  /** Whether stdout is a terminal (no progress line beside a report streamed to it). */
  stdoutIsTTY?: boolean;
}

/**
 * Runs of fewer files stay in one thread unless --jobs says otherwise: a worker starts
 * cold (its JIT and patterns warm up again), which costs more than it saves on short runs
 * (the benchmark: 29 files took 1.4–1.8 s in one thread and 1.8–2.2 s with two workers;
 * two workers win from about 300 files on).
 */
const POOL_MIN_FILES = 200;
/** Stand-ins for findings whose report is written already (--format jsonl): their level is all the exit code reads. */
const LEVEL_ONLY: Record<Level, Finding> = Object.fromEntries(
  (['error', 'warning', 'info'] as const).map((level) => [level, { ruleId: '', level, message: '', place: { start: { line: 0, column: 0, offset: 0 }, end: { line: 0, column: 0, offset: 0 } } }]),
) as Record<Level, Finding>;

/** At most this many workers per core, whatever --jobs says. */
const MAX_JOBS_PER_CORE = 4;

/** A progress line is drawn for runs of more files than this. */
const PROGRESS_MIN_FILES = 4;

const FORMATS = ['stylish', 'unix', 'json', 'jsonl', 'sarif', 'github', 'markdown', 'html'] as const;
type FormatName = (typeof FORMATS)[number];

export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

class UsageError extends Error {}

function parseRuleOverrides(values: readonly string[]): Record<string, RuleSetting> {
  const known = new Set(ruleIds());
  const out: Record<string, RuleSetting> = {};
  for (const v of values) {
    const m = /^([a-z0-9-]+)=(off|info|warning|error)$/u.exec(v.trim());
    if (!m) throw new UsageError(`--rule takes id=off|info|warning|error, got "${v}"`);
    if (!known.has(m[1]!)) throw new UsageError(`--rule names an unknown rule "${m[1]}"${didYouMean(m[1]!, [...known])} (see: policy-audit rules)`);
    out[m[1]!] = m[2] as RuleSetting;
  }
  return out;
}

function buildParser(argv: readonly string[]) {
  return yargs([...argv])
    .scriptName('policy-audit')
    .usage(
      [
        '$0 [options] <file|dir|glob|-> ...',
        '$0 rules                 list the rules',
        '$0 explain <rule-id>     what a rule checks, the law behind it, how to fix the text',
        '$0 vendors [--vendor N]  the vendor catalog, or what it knows of one service',
        '$0 init                  write a starter .auditrc',
        '',
        'Audits website privacy policies (HTML, Markdown, text) under the GDPR.',
      ].join('\n'),
    )
    .option('format', { alias: 'f', choices: FORMATS, default: 'stylish' as FormatName, describe: 'Output format' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of stdout (html: a folder ending in / gets one page per policy and index.html)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Show why each vendor finding was reported (stylish)' })
    .option('max-warnings', { type: 'string', default: '-1', describe: 'Exit 1 when there are more warnings than this (-1: no limit)' })
    .option('fail-on', { choices: ['error', 'warning', 'info', 'never'] as const, default: 'error' as const, describe: 'Lowest level of finding that makes the exit code 1' })
    .option('lang', { choices: ['de', 'en'] as const, describe: "Language of messages (default: the policy's language)" })
    .option('jurisdiction', { choices: JURISDICTIONS, describe: "Law to read the policy against: de, at, ch, uk, eu (default: from the controller's address and the law it names)" })
    .option('stdin-filename', { type: 'string', describe: 'Name (and format, by its extension) of text read from "-"' })
    .option('rule', { type: 'string', array: true, default: [] as string[], describe: 'Set a rule level for this run: id=off|info|warning|error' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (NO_COLOR is honoured)' })
    .option('jobs', { alias: 'j', type: 'string', describe: 'Worker threads for many files (default: the number of cores for 200 files or more, else one thread)' })
    .option('max-time', { type: 'string', default: '30', describe: 'Time one file may take to audit, in seconds (past it: one fatal line, the other files go on)' })
    .option('max-memory', { type: 'string', default: '1024', describe: 'Heap one large file may use, in MB (files above 256 KB are audited on a worker with this limit)' })
    .option('max-file-size', { type: 'string', default: '10', describe: 'Largest file to audit, in MB (a larger one is a fatal error; at most 500)' })
    .option('shard', { type: 'string', describe: 'Audit only the K-th of N deterministic parts of the inputs (K/N), to split a corpus across machines' })
    .option('ignore', { type: 'boolean', default: true, describe: 'Honour the configuration\'s ignore patterns (--no-ignore audits those files too)' })
    .option('all-files', { type: 'boolean', default: false, describe: 'Audit every .html/.md/.txt file a directory or glob finds, not only those that read as privacy policies' })
    .option('policies-only', { type: 'boolean', default: false, describe: 'Also of the files named on the command line, audit only those that read as privacy policies (the pre-commit hook)' })
    .option('baseline', { type: 'string', describe: 'An earlier --format json report: findings it holds do not fail the run, new ones do, and fixed ones are listed' })
    .option('include-suppressed', { type: 'boolean', default: false, describe: 'Also list suppressed findings (SARIF: marked as suppressed)' })
    .option('site', { type: 'string', describe: 'A built website (dist/, public/, _site/, out/): report every service its pages and bundles load that the policy does not name' })
    .option('vendor', { type: 'string', describe: 'With "vendors": explain one catalog entry (id, name or alias)' })
    .option('config', { alias: 'c', type: 'string', describe: 'Use this configuration file instead of searching for .auditrc' })
    .option('print-config', { type: 'string', describe: 'Print the configuration that applies to this file, then exit' })
    .example('$0 datenschutz.html', 'Audit one page')
    .example('$0 public/ --format json -o report.json', 'Audit every policy under a directory, as JSON')
    .example('curl -s https://example.de/datenschutz | $0 - --stdin-filename datenschutz.html', 'Audit standard input')
    .example('$0 "site/**/*.md" --rule dpo-contact=off', 'A glob, with a rule switched off')
    .example('$0 src/datenschutz.md --site dist/', 'Check that the policy names every service the built site loads')
    .version(false)
    .option('version', { alias: 'v', type: 'boolean', describe: 'Show the version and the date of the legal knowledge' })
    .help()
    .alias('h', 'help')
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw new UsageError(msg || err?.message || 'invalid arguments');
    });
}

/**
 * A parser complaint as one line that names the option, the value and the choices:
 * "Invalid values: Argument: format, Given: "xml", Choices: …" becomes
 * '--format: "xml" is not one of stylish, unix, …'; an unknown option is named once, as typed.
 */
export function usageMessage(msg: string, knownOptions: readonly string[] = []): string {
  const text = msg.replace(/\s+/gu, ' ').trim();
  const choices = [...text.matchAll(/Argument: ([\w-]+), Given: ("[^"]*"|\S+), Choices: (.+?)(?= Argument:|$)/gu)];
  if (choices.length > 0) return choices.map((m) => `--${m[1]}: ${m[2]} is not one of ${m[3]!.replace(/"/gu, '').trim()}`).join('; ');
  const unknown = /^Unknown arguments?: (.+)$/u.exec(text);
  if (unknown) {
    const names = unknown[1]!.split(/, /u);
    // The parser names a kebab-case option twice, also in camel case.
    const kebab = names.filter((n) => !names.some((o) => o !== n && o.includes('-') && o.replace(/-(\w)/gu, (_, c: string) => c.toUpperCase()) === n));
    const flag = (n: string): string => (n.length === 1 ? `-${n}` : `--${n}`);
    const long = knownOptions.filter((o) => o.length > 1);
    return `unknown option${kebab.length === 1 ? '' : 's'} ${kebab.map((n) => `${flag(n)}${didYouMean(n, long, flag)}`).join(', ')}`;
  }
  return text;
}

/** A number above 0 and at most `max` given to an option ("--max-time 1.5"); anything else quotes what was typed. */
function positiveNumber(option: string, raw: string, max: number, what: string): number {
  const n = /^\s*\d+(?:\.\d+)?\s*$/u.test(raw) ? Number(raw) : NaN;
  if (!(n > 0 && n <= max)) throw new UsageError(`--${option} takes ${what}, got "${raw}"`);
  return n;
}

/** A whole number given to an option ("--jobs 4"); anything else is a usage error that quotes it. */
function wholeNumber(option: string, raw: string | number | undefined, min: number, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const t = String(raw).trim();
  if (!/^-?\d+$/u.test(t) || Number(t) < min) throw new UsageError(`--${option} takes ${what}, got "${raw}"`);
  return Number(t);
}

const STARTER_CONFIG = `# policy-audit configuration (see .auditrc.example in the policy-audit package for every key)
rules:
  # dpo-contact: off        # no DPO needed (§ 38 BDSG)
language: auto
jurisdiction: auto          # de, at, ch, uk or eu; auto: from the controller's address and the law named
vendors:
  uses: []                   # services the site really uses, e.g. ["Google Fonts", "Stripe"]
  ignore: []                 # services whose findings to leave out
ignore:
  - "node_modules/**"
`;

const INFORMATION_URI = 'https://github.com/policy-audit/policy-audit';

function writeReport(file: string, text: string, append: boolean): void {
  try {
    // As ESLint does: the report's folder is made when it does not exist.
    if (!append) mkdirSync(dirname(resolvePath(file)), { recursive: true });
    if (append) appendFileSync(file, text);
    else writeFileSync(file, text);
  } catch (error) {
    throw new UserError(`cannot write the report: ${(error as Error).message.split('\n')[0]}`, file);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** "K/N" with 1 <= K <= N. */
function parseShard(spec: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/u.exec(spec.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard takes K/N with 1 <= K <= N, got "${spec}"`);
  return { k, n };
}

/** Whether a path belongs to shard K of N: a stable hash of the path (FNV-1a), the same on every machine. */
function inShard(path: string, shard: { k: number; n: number }): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shard.n === shard.k - 1;
}

function formatReport(
  format: FormatName,
  results: readonly AuditResult[],
  o: { cwd: string; lang: Language; colorLevel: 0 | 1 | 2 | 3; rules: RuleDefinition[]; includeSuppressed: boolean; verbose?: boolean; columns?: number; env: Record<string, string | undefined>; fixedLang?: boolean },
): string {
  const lawStand = knowledge().lawStand;
  switch (format) {
    case 'json':
    case 'jsonl':
      return formatJson(results, { cwd: o.cwd, lawStand });
    case 'sarif':
      return formatSarif(results, {
        rules: o.rules,
        version: packageVersion(),
        informationUri: INFORMATION_URI,
        cwd: o.cwd,
        lang: o.lang,
        includeSuppressed: o.includeSuppressed,
        lawStand,
      });
    case 'github':
      return formatGithub(results, { cwd: o.cwd });
    case 'markdown':
      return formatMarkdown(results, { rules: o.rules, lang: o.lang, version: packageVersion(), lawStand });
    case 'html':
      return formatHtml(results, { rules: o.rules, lang: o.lang, version: packageVersion(), lawStand, date: auditDate(o.env), cwd: o.cwd, fixedLang: o.fixedLang === true });
    case 'unix':
      return formatUnix(results, { cwd: o.cwd });
    default:
      return formatStylish(results, { colorLevel: o.colorLevel, lawStand, verbose: o.verbose === true, ...(o.columns ? { columns: o.columns } : {}) });
  }
}

/** The audit date a report prints: today, or the day SOURCE_DATE_EPOCH gives (reproducible reports). */
function auditDate(env: Record<string, string | undefined>): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH !== '' && env.SOURCE_DATE_EPOCH !== undefined ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}

/** The language the audited policies share (their findings are written in it), else English. */
function reportLanguage(results: readonly AuditResult[]): Language {
  const langs = new Set(results.map((r) => r.language).filter((l): l is Language => l !== undefined));
  return langs.size === 1 ? [...langs][0]! : 'en';
}

/** The width stylish keeps to: the terminal's, else $COLUMNS, else its default (80). */
function columnsFor(io: CliIo): { columns?: number } {
  const env = Number(io.env.COLUMNS);
  const columns = io.stdoutColumns ?? (Number.isInteger(env) && env > 0 ? env : undefined);
  return columns !== undefined && columns >= 40 ? { columns } : {};
}

function colorLevel(flag: boolean | undefined, io: CliIo, toFile: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '' && flag !== true) return 0;
  if (flag === true) return io.colorLevel || 1;
  return toFile ? 0 : io.colorLevel;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let help = '';
  const parser = buildParser(argv);
  let args;
  try {
    args = await parser.parseAsync([...argv], {}, (err, _parsed, output) => {
      if (!err && output) help = output;
    });
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const own = parser as unknown as { getOptions?: () => { key?: Record<string, unknown> } };
    const options = Object.keys(own.getOptions?.().key ?? {}).filter((o) => !/[A-Z]/u.test(o));
    io.stderr(`policy-audit: ${usageMessage(msg, options)}\nRun "policy-audit --help" for usage.\n`);
    return 2;
  }
  if (help) {
    io.stdout(help.endsWith('\n') ? help : `${help}\n`);
    return 0;
  }
  // An option that takes one value, given twice ("--config a --config b"): say so, do not pick one.
  for (const [key, value] of Object.entries(args)) {
    if (key === 'rule' || key === '_' || key === '$0' || /[A-Z]/u.test(key) || !Array.isArray(value)) continue;
    io.stderr(`policy-audit: --${key} is given ${value.length} times (${value.map((v) => JSON.stringify(String(v))).join(', ')}); give it once\nRun "policy-audit --help" for usage.\n`);
    return 2;
  }
  if (args.version) {
    let stand = '';
    try {
      stand = ` (law as of ${knowledge().lawStand})`;
    } catch {
      // The version is still worth printing when the knowledge files are broken.
    }
    io.stdout(`${packageVersion()}${stand}\n`);
    return 0;
  }
  const operands = (args._ as Array<string | number>).map(String);
  try {
    const known = new Set(ruleIds());
    const overrides = parseRuleOverrides(args.rule);
    const configs = new ConfigResolver(known, args.config === undefined ? undefined : resolvePath(io.cwd, args.config));
    if (args['print-config'] !== undefined) {
      const config = configs.forFile(resolvePath(io.cwd, args['print-config']));
      // A configuration file as it could be saved here: every rule with its effective level, known keys only.
      const levels = Object.fromEntries(
        [...builtinRules(), ...loadedCustomRules()]
          .map((r) => r.definition)
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .map((d) => [d.id, overrides[d.id] ?? config.rules[d.id] ?? d.level]),
      );
      const printed = {
        rules: levels,
        ...(config.ruleDirs.length ? { 'rule-dirs': config.ruleDirs.map((d) => relativePath(io.cwd, d) || '.') } : {}),
        language: config.language,
        jurisdiction: config.jurisdiction,
        ignore: config.ignore,
        suppressions: config.suppressions,
        vendors: config.vendors,
      };
      io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
      return 0;
    }
    if (operands.length === 0) {
      io.stderr('policy-audit: no files given. Run "policy-audit --help" for usage.\n');
      return 2;
    }
    const uiLang: Language = (args.lang as Language | undefined) ?? 'en';
    if (operands[0] === 'rules' && operands.length === 1) {
      const definitions = builtinRules().map((r) => r.definition);
      io.stdout(args.format === 'json' ? `${JSON.stringify(definitions.map(ruleJson), null, 2)}\n` : formatRuleTable(definitions, uiLang));
      return 0;
    }
    if (operands[0] === 'init' && operands.length === 1) {
      const target = resolvePath(io.cwd, '.auditrc');
      if (existsSync(target)) throw new UsageError('.auditrc exists already; policy-audit init leaves it as it is');
      try {
        writeFileSync(target, STARTER_CONFIG, { flag: 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UserError(`cannot write the configuration: ${code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (error as Error).message.split('\n')[0]}`, target);
      }
      io.stdout('wrote .auditrc\n');
      return 0;
    }
    if (operands[0] === 'vendors' && operands.length <= 2) {
      const k = knowledge();
      const query = args.vendor ?? operands[1];
      const json = args.format === 'json';
      if (query === undefined) {
        io.stdout(json ? `${JSON.stringify({ lawStand: k.lawStand, vendors: k.vendors.map(vendorJson) }, null, 2)}\n` : formatVendorTable(k, uiLang));
        return 0;
      }
      const v = findVendor(k, query);
      if (!v) {
        const nameOf = new Map(k.vendors.flatMap((x) => [x.id, x.name, ...x.aliases].map((a): [string, string] => [a, x.name])));
        throw new UsageError(`no vendor "${query}" in the catalog${didYouMean(query, [...nameOf.keys()], undefined, (a) => nameOf.get(a)!)} (see: policy-audit vendors)`);
      }
      io.stdout(json ? `${JSON.stringify(vendorJson(v), null, 2)}\n` : formatVendor(v, k, uiLang));
      return 0;
    }
    if (operands[0] === 'explain') {
      const id = operands[1];
      const rule = builtinRules().find((r) => r.definition.id === id);
      if (!id || operands.length > 2 || !rule) throw new UsageError(id ? `unknown rule "${id}"${didYouMean(id, ruleIds())} (see: policy-audit rules)` : 'explain takes a rule id');
      io.stdout(formatExplain(rule.definition, uiLang));
      return 0;
    }
    builtinRules();
    knowledge();
    const optionsFor = (path: string) => {
      const config = configs.forFile(path);
      const fromConfig = optionsFromConfig(configs, path, config, io.cwd);
      const embeds = [...(siteEmbeds ?? []), ...(fromConfig.siteEmbeds ?? [])];
      return {
        ...fromConfig,
        rules: { ...config.rules, ...overrides },
        ...(args.jurisdiction ? { jurisdiction: args.jurisdiction as JurisdictionId } : {}),
        ...(args.lang ? { messageLanguage: args.lang as Language } : {}),
        maxFileBytes,
        maxTimeMs: budget.maxTimeMs,
        ...(args.format === 'html' || args.format === 'markdown' ? { withChecklist: true } : {}),
        ...(embeds.length ? { siteEmbeds: embeds } : {}),
      };
    };

    // Validated before any file is read: a bad number is a usage error that quotes what was typed.
    const maxWarnings = wholeNumber('max-warnings', args['max-warnings'], -1, 'a whole number (-1: no limit)')!;
    const maxFileBytes = Math.round(positiveNumber('max-file-size', args['max-file-size'], 500, 'a size in MB above 0 and at most 500') * 1024 * 1024);
    const maxTime = positiveNumber('max-time', args['max-time'], 3600, 'seconds above 0 and at most 3600');
    const maxMemory = wholeNumber('max-memory', args['max-memory'], 64, 'a whole number of MB, at least 64')!;
    const budget: Budget = { maxTimeMs: Math.round(maxTime * 1000), maxMemoryMb: maxMemory };
    const siteEmbeds = args.site !== undefined ? scanSite(await readSite(resolvePath(io.cwd, args.site))) : undefined;
    // A configuration named on the command line must be sound before anything runs.
    if (args.config !== undefined) configs.forFile(io.cwd);

    const baseline = args.baseline !== undefined ? loadBaseline(resolvePath(io.cwd, args.baseline)) : undefined;
    const withBaseline = (r: AuditResult): AuditResult =>
      baseline && !r.filePath.startsWith('<') && r.skipped === undefined ? applyBaseline(r, baseline, resolvePath(io.cwd, r.filePath), io.cwd) : r;
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const toFile = args['output-file'] !== undefined;
    // JSON Lines: one line per file as soon as it is audited, so memory stays flat on large corpora.
    const streaming = args.format === 'jsonl';
    if (streaming && toFile) writeReport(args['output-file']!, '', false);
    const emit = (r: AuditResult): void => {
      const shownResult = args.quiet ? { ...r, findings: r.findings.filter((f) => f.level === 'error') } : r;
      const line = `${JSON.stringify(toJsonObjects([shownResult], { cwd: io.cwd, lawStand: knowledge().lawStand })[0])}\n`;
      if (toFile) writeReport(args['output-file']!, line, true);
      else io.stdout(line);
    };
    const results: AuditResult[] = [];
    const keep = (audited: AuditResult): void => {
      const r = withBaseline(audited);
      if (!streaming) {
        results.push(r);
        return;
      }
      emit(r);
      // Only what the exit code needs stays in memory: the level of each finding, as one
      // shared stand-in per level (a copy of each finding grew by 12 KB a file).
      const kept: AuditResult = { filePath: r.filePath, findings: r.findings.map((f) => LEVEL_ONLY[f.level]) };
      if (r.fatal !== undefined) kept.fatal = r.fatal;
      if (r.fatalFile !== undefined) kept.fatalFile = r.fatalFile;
      results.push(kept);
    };
    // Inputs in path order (standard input first): the report does not depend on the order
    // of the operands, nor, below, on the number of jobs.
    const inputs = (await expandInputs(operands, io.cwd))
      .filter((e) => !shard || inShard(e.kind === 'stdin' ? '-' : e.path, shard))
      .map((e) => ({ e, key: e.kind === 'stdin' ? '' : resolvePath(io.cwd, e.path) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ e }) => e);
    const files = inputs.filter((e) => e.kind === 'file').length;
    // Never more workers than files, nor than a few per core: "--jobs 1e9" must not start a billion threads.
    const asked = wholeNumber('jobs', args.jobs, 1, 'a whole number of at least 1') ?? (files >= POOL_MIN_FILES ? availableParallelism() : 1);
    const jobs = Math.max(1, Math.min(asked, files, MAX_JOBS_PER_CORE * availableParallelism()));
    const pool = jobs > 1 && files > 1 ? new AuditPool(Math.min(jobs, files), undefined, budget) : undefined;
    // In one thread, a large file is audited on a worker of its own, under the memory limit: a file
    // that would exhaust the heap ends that worker, not the run. Small files stay in this thread.
    let guard: AuditPool | undefined;
    const guarded = (path: string): AuditPool | undefined => {
      if (pool) return pool;
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        return undefined;
      }
      if (size <= GUARDED_BYTES) return undefined;
      return (guard ??= new AuditPool(1, undefined, budget));
    };
    // Not while a streamed report (jsonl) goes to the same terminal: the two would interleave.
    const sameTerminal = streaming && !toFile && io.stdoutIsTTY === true;
    const progress = io.stderrIsTTY && !sameTerminal && inputs.length > PROGRESS_MIN_FILES ? new Progress({ total: inputs.length, write: io.stderr, columns: io.stderrColumns }) : undefined;

    /** One input's result, or null for a file the configuration ignores. Never rejects for a bad file. */
    const start = async (input: (typeof inputs)[number]): Promise<AuditResult | null> => {
      if (input.kind === 'error') return { filePath: input.path, findings: [], fatal: input.message };
      const name = input.kind === 'stdin' ? (args['stdin-filename'] ?? '<stdin>') : input.path;
      try {
        if (input.kind === 'stdin') {
          const format = args['stdin-filename'] ? formatFromPath(args['stdin-filename']) : undefined;
          const options = optionsFor(resolvePath(io.cwd, args['stdin-filename'] ?? 'stdin'));
          return auditBytes(await io.stdin(maxFileBytes), { ...options, filePath: name, ...(format ? { format } : {}) });
        }
        const full = resolvePath(io.cwd, input.path);
        if (args.ignore && configs.ignores(full)) {
          // A file named on the command line and ignored: say so (a walk skips ignored files quietly).
          if (!input.found) io.stderr(`policy-audit: ${sanitizeLine(input.path)}: file ignored because of a matching ignore pattern (--no-ignore audits it)\n`);
          return null;
        }
        // A file a walk or glob found is audited when its name or its content says it is a policy.
        const options = (input.found ? !args['all-files'] : args['policies-only']) && !isPolicyName(input.path) ? { ...optionsFor(full), onlyPolicies: true } : optionsFor(full);
        const on = guarded(full);
        return await (on ? on.audit(input.path, options) : auditFile(input.path, options));
      } catch (error) {
        // A broken configuration fails the files it governs; the others are still audited.
        if (!(error instanceof UserError)) throw error;
        return { filePath: name, findings: [], fatal: error.message, ...(error.file ? { fatalFile: error.file } : {}) };
      }
    };
    // Files are audited ahead (a window per worker) but taken in input order: the report
    // is the same whatever the number of jobs.
    const window = pool ? jobs * 4 : 1;
    const ahead: Array<Promise<AuditResult | null>> = [];
    let skipped = 0;
    const takeOne = async (): Promise<void> => {
      const r = await ahead.shift()!;
      if (r?.skipped !== undefined) {
        skipped++;
        if (args.verbose) io.stderr(`policy-audit: ${sanitizeLine(r.filePath)}: skipped, ${r.skipped}; --all-files audits it\n`);
      } else if (r) keep(r);
      progress?.tick();
      afterFile();
    };
    try {
      for (const input of inputs) {
        ahead.push(start(input));
        if (ahead.length >= window) await takeOne();
      }
      while (ahead.length > 0) await takeOne();
    } finally {
      progress?.end();
      await pool?.close();
      await guard?.close();
    }
    const said = new Set<string>();
    for (const r of results) {
      if (r.fatal === undefined) continue;
      // A configuration error names the configuration file: said once, not once per policy.
      // A configuration or rule file under the working directory is named as the policies are: relative.
      const where = r.fatalFile !== undefined && r.fatalFile.startsWith(io.cwd + sep) ? relativePath(io.cwd, r.fatalFile) : (r.fatalFile ?? r.filePath);
      const line = `policy-audit: ${sanitizeLine(where)}: ${sanitizeLine(r.fatal)}\n`;
      if (!said.has(line)) io.stderr(line);
      said.add(line);
    }

    if (!streaming) {
      const shown = args.quiet ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.level === 'error') })) : results;
      const definitions = [...builtinRules(), ...loadedCustomRules()].map((r) => r.definition).sort((a, b) => (a.id < b.id ? -1 : 1));
      const outFile = args['output-file'];
      const lang = args.lang ? uiLang : reportLanguage(results);
      // HTML into a folder: one page per policy and an index that compares them.
      if (args.format === 'html' && outFile !== undefined && (/[\\/]$/u.test(outFile) || isDirectory(resolvePath(io.cwd, outFile)))) {
        const pages = htmlFiles(shown, { rules: definitions, lang, version: packageVersion(), lawStand: knowledge().lawStand, date: auditDate(io.env), cwd: io.cwd, fixedLang: Boolean(args.lang) });
        for (const [name, html] of pages) writeReport(joinPath(resolvePath(io.cwd, outFile), name), html, false);
      } else {
        const report = formatReport(args.format, shown, {
          env: io.env,
          fixedLang: Boolean(args.lang),
          cwd: io.cwd,
          // One language per report: --lang, else the policies' own language when they share one.
          lang,
          colorLevel: colorLevel(args.color, io, toFile),
          rules: definitions,
          includeSuppressed: args['include-suppressed'],
          verbose: args.verbose,
          ...(toFile ? {} : columnsFor(io)),
        });
        if (outFile !== undefined) writeReport(outFile, report, false);
        else if (report) io.stdout(report);
      }
    }

    // A walk or glob that found no policy at all is a mistake worth a line; files a hook passes are not.
    if (skipped > 0 && results.length === 0 && !args['policies-only']) {
      io.stderr(`policy-audit: none of the ${skipped} file${skipped === 1 ? '' : 's'} found reads as a privacy policy (--verbose lists them, --all-files audits them, a file named on the command line is always audited)\n`);
      return 2;
    }
    const counts = countFindings(results);
    if (counts.fatal > 0) return 2;
    const failOn = args['fail-on'];
    if (failOn !== 'never' && counts.errors > 0) return 1;
    if ((failOn === 'warning' || failOn === 'info') && counts.warnings > 0) return 1;
    if (failOn === 'info' && counts.infos > 0) return 1;
    if (maxWarnings >= 0 && counts.warnings > maxWarnings) {
      io.stderr(`policy-audit found too many warnings (maximum: ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`policy-audit: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UserError) {
      io.stderr(`policy-audit: ${error.file ? `${error.file}: ` : ''}${error.message}\n`);
      return 2;
    }
    const msg = error instanceof Error ? error.message.split('\n')[0] : String(error);
    io.stderr(`policy-audit: internal error: ${msg}\n`);
    return 2;
  }
}

function detectColorLevel(): 0 | 1 | 2 | 3 {
  if (!process.stdout.isTTY) return 0;
  const depth = process.stdout.getColorDepth?.() ?? 1;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/** The command as a process runs it (dist/cli.js calls this): real streams, exit code set. */
export async function main(): Promise<void> {
  // A reader that closes the pipe early (`policy-audit dir | head -1`) has all it wants: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await run(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: (maxBytes) => {
      // Nothing piped in: say what it waits for rather than hang silently.
      if (process.stdin.isTTY) process.stderr.write('policy-audit: reading policy text from standard input… (end with Ctrl-D)\n');
      return readStdin(process.stdin, maxBytes);
    },
    colorLevel: detectColorLevel(),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    stdoutIsTTY: process.stdout.isTTY === true,
  });
  process.exitCode = code;
}
