/**
 * Command-line operands -> the list of policy files to audit: plain files,
 * directories (walked recursively for policy extensions), glob patterns, and
 * "-" for standard input. Operands that name nothing become load errors so
 * the rest of the run goes on.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { SourceFormat } from '../types.js';
import { UserError } from '../types.js';
import { decode } from './decode.js';
import { NOT_A_FILE } from './bounded.js';

export const POLICY_EXTENSIONS: Readonly<Record<string, SourceFormat>> = {
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
};

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** `found`: the file came from a directory walk or a glob, not from its own name on the command line. */
export type InputEntry = { kind: 'file'; path: string; found?: boolean } | { kind: 'stdin' } | { kind: 'error'; path: string; message: string };

export interface SourceFile {
  /** Path as given (or the --stdin-filename), used in reports. */
  path: string;
  text: string;
  format: SourceFormat;
  encoding: string;
}

export function formatFromPath(path: string): SourceFormat | undefined {
  return POLICY_EXTENSIONS[extname(path).toLowerCase()];
}

/** Guess the format of text whose name says nothing (stdin, unknown extension). */
export function sniffFormat(text: string): SourceFormat {
  const head = text.slice(0, 2000);
  if (/^\s*(<!doctype html|<html|<\?xml)/i.test(head) || /<(body|p|div|h[1-6]|section|article)[\s>]/i.test(head)) return 'html';
  if (/^(---|\+\+\+)\s*$/m.test(head.slice(0, 4)) || /^#{1,6}\s+\S/m.test(head) || /^[ \t]*[*-][ \t]+\S/m.test(head)) return 'markdown';
  return 'text';
}

async function walk(dir: string, out: string[]): Promise<void> {
  // Iterative, so deep trees cannot overflow the stack.
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(full);
      } else if (entry.isFile() && formatFromPath(entry.name)) {
        out.push(full);
      }
    }
  }
}

/** Expand operands into inputs, keeping the order given; duplicates are audited once. */
export async function expandInputs(operands: readonly string[], cwd = process.cwd()): Promise<InputEntry[]> {
  const result: InputEntry[] = [];
  const seen = new Set<string>();
  const addFile = (path: string, found = false): void => {
    const key = resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    result.push(found ? { kind: 'file', path, found } : { kind: 'file', path });
  };
  for (const operand of operands) {
    if (operand === '-') {
      result.push({ kind: 'stdin' });
      continue;
    }
    let info;
    try {
      info = await stat(resolve(cwd, operand));
    } catch (error) {
      if (isDynamicPattern(operand)) {
        // Links are not followed: a link to "/" would walk the whole file system.
        const matches = (await glob(operand, { cwd, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore: ['**/node_modules/**'] }))
          .filter((p) => formatFromPath(p))
          .sort();
        if (matches.length === 0) result.push({ kind: 'error', path: operand, message: 'no policy files match this pattern' });
        for (const m of matches) addFile(m, true);
      } else {
        result.push({ kind: 'error', path: operand, message: describeFsError(error) });
      }
      continue;
    }
    if (info.isDirectory()) {
      const files: string[] = [];
      try {
        await walk(resolve(cwd, operand), files);
      } catch (error) {
        result.push({ kind: 'error', path: operand, message: describeFsError(error) });
        continue;
      }
      const found = files.sort().map((f) => relative(cwd, f) || f);
      if (found.length === 0) {
        result.push({ kind: 'error', path: operand, message: 'directory holds no policy files (.html, .htm, .md, .markdown, .txt)' });
      }
      for (const f of found) addFile(f, true);
    } else if (info.isFile()) {
      addFile(operand);
    } else {
      // A FIFO would block and a device (/dev/zero, /dev/urandom) never end.
      result.push({ kind: 'error', path: operand, message: NOT_A_FILE });
    }
  }
  return result;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EMFILE':
      return 'too many open files';
    default:
      return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

/**
 * Files larger than this are not audited (one fatal line instead): a policy
 * is rarely above 1 MB, even with the markup of its page, and the audit
 * needs about 60 times a file's size in memory. `--max-file-size` changes it.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const tooLarge = (size: number, max: number): string =>
  `file is too large to audit: ${(size / 1024 / 1024).toFixed(1)} MB, the limit is ${+(max / 1024 / 1024).toFixed(2)} MB (--max-file-size raises it)`;

/** Read and decode one policy file. Throws UserError with a one-line message. */
export async function readSource(path: string, cwd = process.cwd(), maxBytes = MAX_FILE_BYTES): Promise<SourceFile> {
  let bytes: Buffer;
  try {
    const info = await stat(resolve(cwd, path));
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new UserError(NOT_A_FILE, path);
    if (info.size > maxBytes) throw new UserError(tooLarge(info.size, maxBytes), path);
    bytes = await readFile(resolve(cwd, path));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(describeFsError(error), path);
  }
  return sourceFromBytes(bytes, path);
}

export function sourceFromBytes(bytes: Uint8Array, path: string, format?: SourceFormat): SourceFile {
  const known = format ?? formatFromPath(path);
  const { text, encoding } = decode(bytes, known, path);
  return { path, text, format: known ?? sniffFormat(text), encoding };
}

/**
 * Standard input, up to `maxBytes`: past it reading stops (an endless /dev/zero would never
 * end) and the input is refused as too large.
 */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, maxBytes = MAX_FILE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new UserError(`standard input is too large to audit: more than ${+(maxBytes / 1024 / 1024).toFixed(2)} MB (--max-file-size raises the limit)`, '<stdin>');
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
