/**
 * Reading files that may be hostile: only regular files (a FIFO, a device or a socket
 * would block or never end), and only up to a size, checked before reading.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../types.js';

/** Configuration and rule files above this are refused before parsing (a policy-audit configuration is a few KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** package.json may be larger than a configuration; its policyAudit key is read only up to this. */
export const MAX_PACKAGE_JSON_BYTES = 8 * 1024 * 1024;

export const NOT_A_FILE = 'not a regular file (a FIFO, device or socket); policy-audit reads files only';

/** The text of a regular file of at most `max` bytes; anything else is a UserError naming `what`. */
export function readBoundedText(file: string, max: number, what: string): string {
  let size: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new UserError(`cannot read the ${what}: ${NOT_A_FILE}`, file);
    size = info.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message.split('\n')[0]}`, file);
  }
  if (size > max) throw new UserError(`the ${what} is too large: ${(size / 1024 / 1024).toFixed(1)} MB, the limit is ${max / 1024 / 1024} MB`, file);
  return readFileSync(file, 'utf8');
}
