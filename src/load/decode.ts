/**
 * Bytes -> text. Handles what policies really arrive in: UTF-8 with or without
 * a BOM, UTF-16 with a BOM, and Windows-1252 / ISO-8859-1 from older German
 * sites (declared in <meta charset> or simply not valid UTF-8).
 *
 * Positions are reported in the decoded text (what an editor shows), so a BOM
 * is dropped rather than counted as a column.
 */
import type { SourceFormat } from '../types.js';
import { UserError } from '../types.js';

export interface Decoded {
  text: string;
  /** WHATWG encoding label actually used, e.g. "utf-8", "windows-1252", "utf-16le". */
  encoding: string;
}

const META_SCAN_BYTES = 4096;

/** Labels that WHATWG maps onto windows-1252 (ISO-8859-1 is decoded as its superset, as browsers do). */
const SUPPORTED = new Set(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be', 'iso-8859-15', 'windows-1250']);

function canonicalEncoding(label: string): string | undefined {
  try {
    const enc = new TextDecoder(label.trim().toLowerCase()).encoding;
    return SUPPORTED.has(enc) ? enc : undefined;
  } catch {
    return undefined;
  }
}

/** The charset a page declares in its first bytes (<meta charset> or http-equiv content type). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, META_SCAN_BYTES));
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.-]+)/i.exec(head);
  return m?.[1] ? canonicalEncoding(m[1]) : undefined;
}

/** True when the bytes look like a binary file rather than text in any supported encoding. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  let nul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) nul++;
    else if (b < 8 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return nul > 0 || control / n > 0.1;
}

export function decode(bytes: Uint8Array, format: SourceFormat | undefined, file: string): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3), file), encoding: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  if (looksBinary(bytes)) {
    throw new UserError('binary data, not a text policy (NUL or control bytes)', file);
  }
  if (format === 'html' || format === undefined) {
    const declared = declaredCharset(bytes);
    if (declared && declared !== 'utf-8') {
      return { text: new TextDecoder(declared).decode(bytes), encoding: declared };
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: by far the most common other encoding of German web text.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError('starts with a UTF-8 byte order mark but is not valid UTF-8', file);
  }
}
