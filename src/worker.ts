/**
 * A worker thread of `--jobs N`: audits the files the main thread sends, one
 * at a time, and sends each result back. It loads the rules and the vendor
 * catalog once, like a run in one thread.
 */
import { parentPort } from 'node:worker_threads';
import type { AuditOptions, AuditResult } from './audit.js';
import { auditFile } from './audit.js';
import type { SiteEmbed } from './analyse/site.js';
import type { Vendor } from './knowledge/vendor-catalog.js';
import { knowledge } from './knowledge/vendor-catalog.js';
import { afterFile } from './memory.js';

/** What the main thread sends: a file, its options, and the site's services by vendor id. */
export interface WorkerTask {
  id: number;
  path: string;
  options: Omit<AuditOptions, 'siteEmbeds'>;
  embeds?: Array<Omit<SiteEmbed, 'vendor'> & { vendorId: string }>;
}

export interface WorkerReply {
  id: number;
  result: AuditResult;
}

let vendorsById: Map<string, Vendor> | undefined;

function embedsOf(task: WorkerTask): SiteEmbed[] | undefined {
  if (!task.embeds) return undefined;
  const byId = (vendorsById ??= new Map(knowledge().vendors.map((v) => [v.id, v])));
  return task.embeds.flatMap(({ vendorId, ...rest }) => {
    const vendor = byId.get(vendorId);
    return vendor ? [{ ...rest, vendor }] : [];
  });
}

parentPort?.on('message', (task: WorkerTask) => {
  const embeds = embedsOf(task);
  void auditFile(task.path, embeds ? { ...task.options, siteEmbeds: embeds } : task.options).then((result) => {
    parentPort!.postMessage({ id: task.id, result } satisfies WorkerReply);
    afterFile();
  });
});
