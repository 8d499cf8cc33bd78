/**
 * What one file may take to audit: wall time and heap. A file over its budget is one
 * fatal line naming it and the limit; every other file is still audited.
 */
export interface Budget {
  maxTimeMs: number;
  maxMemoryMb: number;
}

export const DEFAULT_BUDGET: Budget = { maxTimeMs: 30_000, maxMemoryMb: 1024 };

/** Files above this size are audited on a worker with a heap limit, also in a run of one thread. */
export const GUARDED_BYTES = 256 * 1024;

export const overTime = (b: Pick<Budget, 'maxTimeMs'>): string => `too complex to audit within ${+(b.maxTimeMs / 1000).toFixed(1)} s (--max-time raises the limit)`;
export const overMemory = (b: Pick<Budget, 'maxMemoryMb'>): string => `too complex to audit within ${b.maxMemoryMb} MB of memory (--max-memory raises the limit)`;
