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

/**
 * Windows-1252 bytes 0x80-0x9F. Node 20's TextDecoder decodes "windows-1252"
 * as ISO-8859-1 there (C1 controls instead of €, „, –, “ ...), so those bytes
 * are mapped here. Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return text.replace(/[\u0080-\u009f]/gu, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

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
      return { text: decodeAs(declared, bytes), encoding: declared };
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: by far the most common other encoding of German web text.
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError('starts with a UTF-8 byte order mark but is not valid UTF-8', file);
  }
}
