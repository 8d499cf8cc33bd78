/**
 * The worker threads of `--jobs N`. Files go to whichever worker is free;
 * the caller awaits results in input order, so reports do not depend on the
 * number of jobs. A worker that dies (out of memory, a crash) fails only the
 * file it was auditing, with a one-line fatal result, and is replaced.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AuditOptions, AuditResult } from './audit.js';
import { packagePath } from './package-root.js';
import type { WorkerReply, WorkerTask } from './worker.js';
import type { Budget } from './budget.js';
import { DEFAULT_BUDGET, overMemory, overTime } from './budget.js';

interface Pending {
  task: WorkerTask;
  resolve: (r: AuditResult) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  /** Ends the file on this worker when it takes longer than the time budget. */
  timer?: NodeJS.Timeout;
  /** Fails the file on this worker and replaces the worker. */
  lose?: (why: string, fatal?: string) => void;
  /** Set once the worker failed ('error' is followed by 'exit': replaced once). */
  dead?: boolean;
}

const MAX_LOST_IN_A_ROW = 4;


/** The worker script: the bundled dist/worker.js. */
export const workerScript = (): string => packagePath('dist', 'worker.js');

export class AuditPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers lost in a row without a result in between: past a few, the workers cannot start at all. */
  private lostInARow = 0;

  /** `script`: the worker to run (default: dist/worker.js); `budget`: what one file may take. */
  constructor(
    size: number,
    private readonly script = workerScript(),
    private readonly budget: Budget = DEFAULT_BUDGET,
  ) {
    if (!existsSync(script)) throw new Error(`the worker script ${script} is missing (run npm run build)`);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A file that needs more heap than the budget ends this worker with ERR_WORKER_OUT_OF_MEMORY,
    // not the process: the main thread and every other file go on.
    const slot: Slot = { worker: new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.budget.maxMemoryMb } }) };
    slot.worker.on('message', (reply: WorkerReply) => {
      const done = slot.busy;
      slot.busy = undefined;
      clearTimeout(slot.timer);
      this.lostInARow = 0;
      if (done && done.task.id === reply.id) done.resolve(reply.result);
      this.dispatch();
    });
    const lost = (why: string, fatal = `internal error: the audit stopped (${why})`): void => {
      if (slot.dead) return;
      slot.dead = true;
      clearTimeout(slot.timer);
      const done = slot.busy;
      slot.busy = undefined;
      if (done) done.resolve({ filePath: done.task.path, findings: [], fatal });
      // Over its budget: the file's fault, not the workers'; the replacement starts fresh.
      if (fatal !== `internal error: the audit stopped (${why})`) this.lostInARow = 0;
      if (this.closed) return;
      if (++this.lostInARow > MAX_LOST_IN_A_ROW) {
        // Not one file's fault: fail what waits instead of starting workers that die again.
        for (const p of this.queue.splice(0)) p.resolve({ filePath: p.task.path, findings: [], fatal: `internal error: no worker could run (${why})` });
        return;
      }
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.dispatch();
    };
    slot.lose = lost;
    slot.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') lost('out of memory', overMemory(this.budget));
      else lost(error.message.split('\n')[0] ?? 'worker error');
    });
    slot.worker.on('exit', (code) => {
      if (!this.closed) lost(`worker exited with code ${code}`);
    });
    return slot;
  }

  private dispatch(): void {
    if (this.lostInARow > MAX_LOST_IN_A_ROW) {
      for (const p of this.queue.splice(0)) p.resolve({ filePath: p.task.path, findings: [], fatal: 'internal error: no worker could run' });
      return;
    }
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.postMessage(next.task);
      slot.timer = setTimeout(() => {
        slot.lose?.('over time', overTime(this.budget));
        void slot.worker.terminate();
      }, this.budget.maxTimeMs);
    }
  }

  /** Audit one file on a worker. Never rejects: problems come back as a fatal result. */
  audit(path: string, options: AuditOptions): Promise<AuditResult> {
    const { siteEmbeds, ...rest } = options;
    const task: WorkerTask = { id: this.nextId++, path, options: rest };
    if (siteEmbeds) task.embeds = siteEmbeds.map(({ vendor, ...e }) => ({ ...e, vendorId: vendor.id }));
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) clearTimeout(s.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
