/**
 * Builds the plain text of a policy block by block while remembering, for every
 * character, where it came from in the ORIGINAL source. Parsers feed it text
 * node values together with the raw source range the node covers; it aligns the
 * two (entities, backslash escapes, CRLF, markdown line prefixes) so that a
 * finding on "Löschung" in `L&ouml;schung` points at the right bytes.
 *
 * The per-character offsets are compressed into runs at the end, so the map
 * costs little for long documents.
 */

export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'cell' | 'preformatted';

export interface Block {
  kind: BlockKind;
  /** Heading level 1-6 (headings only). */
  level?: number;
  /** Offsets into the plain text. */
  start: number;
  end: number;
}

/** A plain-text offset -> original-source offset map, stored as runs. */
export class OffsetMap {
  constructor(
    private readonly runText: Int32Array,
    private readonly runSrc: Int32Array,
    private readonly runLen: Int32Array,
    /** For single-character runs that do not map 1:1: the source end of that character. */
    private readonly runSrcEnd: Int32Array,
    private readonly textLength: number,
    private readonly sourceLength: number,
  ) {}

  private find(i: number): number {
    let lo = 0;
    let hi = this.runText.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.runText[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Source offset where the text character at `i` starts. */
  start(i: number): number {
    if (this.runText.length === 0) return 0;
    if (i >= this.textLength) return this.end(this.textLength);
    const r = this.find(Math.max(0, i));
    return this.runSrc[r]! + (i - this.runText[r]!);
  }

  /** Source offset just after the text character at `i - 1` (exclusive end). */
  end(i: number): number {
    if (this.runText.length === 0 || i <= 0) return 0;
    const r = this.find(Math.min(i, this.textLength) - 1);
    const k = Math.min(i, this.textLength) - 1 - this.runText[r]!;
    if (this.runLen[r] === 1 && this.runSrcEnd[r]! >= 0) return Math.min(this.runSrcEnd[r]!, this.sourceLength);
    return Math.min(this.runSrc[r]! + k + 1, this.sourceLength);
  }
}

const NAMED_ENTITY = /^&(#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)/;

/** What /\s/ matches (and no-break space), by code: the builder asks this for every character. */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Invisible characters that only hint at hyphenation or joining; they would split words for matching. */
const isInvisible = (c: number): boolean => c === 0xad || c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;


/** UTF-16 code units to a string (lone surrogates survive as they are in the source). */
function decodeUnits(units: Uint16Array): string {
  // Node decodes UTF-16LE as it is, lone surrogates too.
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, units.length * 2).toString('utf16le');
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < units.length; i += CHUNK) out += String.fromCharCode(...units.subarray(i, i + CHUNK));
  return out;
}

export class TextBuilder {
  /** UTF-16 code units of the text (2 bytes each: long documents stay small). */
  private codes: Uint16Array = new Uint16Array(1024);
  private srcStart: Int32Array = new Int32Array(1024);
  private srcEnd: Int32Array = new Int32Array(1024);
  private length = 0;
  private blockStart = -1;
  private lastEnd = 0;
  readonly blocks: Block[] = [];

  /** While set, a newline in text is a hard break rather than white space (<pre>, Markdown line ends). */
  preserveNewlines = false;

  constructor(private readonly source: string) {}

  private grow(): void {
    const next = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.srcStart = next(this.srcStart);
    this.srcEnd = next(this.srcEnd);
    const codes = new Uint16Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }

  private put(code: number, start: number, end: number): void {
    if (this.length === this.srcStart.length) this.grow();
    this.codes[this.length] = code;
    this.srcStart[this.length] = start;
    this.srcEnd[this.length] = end;
    this.length++;
    this.lastEnd = end;
  }

  /** Code of the last character, or -1. */
  private get last(): number {
    return this.length > 0 ? this.codes[this.length - 1]! : -1;
  }

  private inBlock(): boolean {
    return this.blockStart >= 0;
  }

  /** Whether the current block has received any visible text yet. */
  hasText(): boolean {
    return this.inBlock() && this.length > this.blockStart;
  }

  /**
   * One visible character. Whitespace is collapsed: runs become one space, and
   * no space opens a block or follows a hard break.
   */
  char(ch: string, start: number, end: number): void {
    const c = ch.charCodeAt(0);
    if (isInvisible(c)) return;
    if (!this.inBlock()) this.blockStart = this.length;
    if (c === NEWLINE && this.preserveNewlines) {
      this.hardBreak(start);
      return;
    }
    if (isWhitespace(c)) {
      if (this.length === this.blockStart) return;
      const last = this.last;
      if (last === SPACE || last === NEWLINE) return;
      this.put(SPACE, start, end);
      return;
    }
    this.put(c, start, end);
  }

  /** A hard line break inside a block (<br>, a markdown hard break, a new line in plain text). */
  hardBreak(at: number): void {
    if (!this.hasText()) return;
    if (this.last === SPACE) this.pop();
    if (this.last === NEWLINE) return;
    this.put(NEWLINE, at, at);
  }

  private pop(): void {
    this.length--;
  }

  /**
   * Text whose characters stand 1:1 in the source from `start` on, except that
   * the caller may already have dropped characters (a parser's value): the two
   * are aligned, skipping raw characters that the value does not contain.
   */
  text(value: string, rawStart: number, rawEnd: number): void {
    const raw = this.source;
    if (rawEnd - rawStart === value.length && raw.startsWith(value, rawStart)) {
      for (let i = 0; i < value.length; i++) this.char(value[i]!, rawStart + i, rawStart + i + 1);
      return;
    }
    let j = rawStart;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i]!;
      // Skip raw characters the parser dropped (escapes, container prefixes, CR of CRLF).
      let k = j;
      let matched = -1;
      while (k < rawEnd && k - j < 64) {
        const r = raw[k]!;
        if (r === ch) {
          matched = k;
          break;
        }
        if (r === '&') {
          const m = NAMED_ENTITY.exec(raw.slice(k, k + 40));
          if (m) {
            // An entity decodes to one or two UTF-16 units (astral characters).
            const len = m[0].length;
            const cp = ch.codePointAt(0) ?? 0;
            const units = cp > 0xffff ? 2 : 1;
            for (let u = 0; u < units && i < value.length; u++, i++) this.char(value[i]!, k, k + len);
            i--;
            j = k + len;
            matched = -2;
            break;
          }
        }
        if (!(r === '\\' || r === '\r' || isWhitespace(r.charCodeAt(0)) || r === '>' || r === '*' || r === '_' || r === '`')) break;
        k++;
      }
      if (matched === -2) continue;
      if (matched >= 0) {
        // An escaped character ("\\*") spans its backslash too.
        const from = matched > j && raw[matched - 1] === '\\' ? matched - 1 : matched;
        this.char(ch, from, matched + 1);
        j = matched + 1;
      } else {
        // The value holds a character the source spells otherwise (e.g. U+FFFD for NUL).
        const at = Math.min(j, rawEnd);
        this.char(ch, at, Math.min(at + 1, rawEnd));
        if (j < rawEnd) j++;
      }
    }
  }

  /** Text that does not stand in the source at all (a separator), zero-width at `at`. */
  synthetic(value: string, at: number): void {
    for (const ch of value) this.char(ch, at, at);
  }

  /** Close the current block, if it holds text, as `kind`. */
  endBlock(kind: BlockKind, level?: number): Block | undefined {
    if (!this.inBlock()) return undefined;
    while (this.length > this.blockStart && (this.last === SPACE || this.last === NEWLINE)) this.pop();
    const start = this.blockStart;
    this.blockStart = -1;
    if (this.length === start) return undefined;
    const block: Block = level === undefined ? { kind, start, end: this.length } : { kind, level, start, end: this.length };
    this.blocks.push(block);
    // Blocks are separated by a blank line in the plain text.
    const at = this.srcEnd[this.length - 1]!;
    this.put(NEWLINE, at, at);
    this.put(NEWLINE, at, at);
    return block;
  }

  /** Drop the current block's text (e.g. a block that turned out to be chrome). */
  discardBlock(): void {
    if (!this.inBlock()) return;
    while (this.length > this.blockStart) this.pop();
    this.blockStart = -1;
  }

  /** Text of the current open block so far. */
  currentText(): string {
    return this.inBlock() ? decodeUnits(this.codes.subarray(this.blockStart, this.length)) : '';
  }

  finish(): { text: string; map: OffsetMap; blocks: Block[] } {
    const n = this.length;
    const runText: number[] = [];
    const runSrc: number[] = [];
    const runLen: number[] = [];
    const runEnd: number[] = [];
    let i = 0;
    while (i < n) {
      const s = this.srcStart[i]!;
      const e = this.srcEnd[i]!;
      if (e !== s + 1) {
        runText.push(i);
        runSrc.push(s);
        runLen.push(1);
        runEnd.push(e);
        i++;
        continue;
      }
      let len = 1;
      while (i + len < n && this.srcStart[i + len] === s + len && this.srcEnd[i + len] === s + len + 1) len++;
      runText.push(i);
      runSrc.push(s);
      runLen.push(len);
      runEnd.push(-1);
      i += len;
    }
    const map = new OffsetMap(
      Int32Array.from(runText),
      Int32Array.from(runSrc),
      Int32Array.from(runLen),
      Int32Array.from(runEnd),
      n,
      this.source.length,
    );
    return { text: decodeUnits(this.codes.subarray(0, n)), map, blocks: this.blocks };
  }

  get sourceEnd(): number {
    return this.lastEnd;
  }
}
