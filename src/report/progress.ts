/**
 * The progress line of a long run, on stderr when stderr is a terminal:
 * "policy-audit: 1,234/10,000 files (12%), 48 files/s, about 3 min left".
 * Redrawn at most ten times a second and cleared at the end, so it never
 * mixes with the report on stdout or stays in a log.
 */
export interface ProgressOptions {
  total: number;
  write: (text: string) => void;
  /** Terminal width, to keep the line on one row. */
  columns?: number;
  now?: () => number;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

export class Progress {
  private done = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly start: number;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** The line for the current count (exported for tests). */
  line(): string {
    const elapsed = (this.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : 0;
    const pct = this.o.total ? Math.floor((100 * this.done) / this.o.total) : 100;
    const parts = [`policy-audit: ${fmt(this.done)}/${fmt(this.o.total)} files (${pct}%)`];
    if (elapsed >= 1 && rate > 0) parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} files/s`, duration((this.o.total - this.done) / rate));
    // Within one row: the least needed parts go first, whole; a word is never cut.
    const width = (this.o.columns ?? 80) - 1;
    const kept = parts.filter(Boolean);
    while (kept.length > 1 && kept.join(', ').length > width) kept.pop();
    const text = kept.join(', ');
    if (text.length <= width) return text;
    const cut = text.lastIndexOf(' ', width);
    return cut > 0 ? text.slice(0, cut) : text.slice(0, width);
  }

  tick(): void {
    this.done++;
    const t = this.now();
    if (t - this.lastDraw < 100 && this.done < this.o.total) return;
    this.lastDraw = t;
    this.o.write(`\r\x1b[2K${this.line()}`);
    this.drawn = true;
  }

  /** Clear the line before the report or the fatal messages are written. */
  end(): void {
    if (this.drawn) this.o.write('\r\x1b[2K');
    this.drawn = false;
  }
}
