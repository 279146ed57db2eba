// Every background job of Tandem, from every module: what the queue is started with, by the
// server and by the command line alike.
import type { Config } from './config.ts';
import { auditJobs } from './platform/audit/chain.ts';
import { documentJobs, type DocumentKind } from './platform/documents/documents.ts';
import type { RenderPool } from './platform/documents/render-pool.ts';
import type { FileStore } from './platform/files/store.ts';
import type { Vault } from './platform/crypto/vault.ts';
import type { JobDefinition } from './platform/jobs/queue.ts';
import { mailJobs } from './platform/mail/sender.ts';
import { actorFor } from './modules/identity/acting.ts';
import { caseJobs } from './modules/cases/jobs.ts';
import { caseDocuments } from './modules/cases/export/documents.ts';
import { REPORT_DOCUMENTS } from './modules/planning/report-documents.ts';
import { CIVIC_DOCUMENTS } from './modules/civic/export-documents.ts';
import { civicJobs } from './modules/civic/alerts.ts';
import { webhookJobs } from './modules/civic/webhooks.ts';

/** What jobs use at run time: where files go, the threads documents are rendered in. */
export type JobRuntime = { files: FileStore; renderPool: () => RenderPool; vault: Vault };

/** Every kind of document built in the background, from every module. */
export function documentKinds(vault: Vault): DocumentKind[] {
  return [...REPORT_DOCUMENTS, ...caseDocuments({ vault }), ...CIVIC_DOCUMENTS];
}

export function allJobs(config: Config, runtime: JobRuntime): JobDefinition[] {
  const mail = { delivery: config.mail ? ('smtp' as const) : ('hold' as const), publicUrl: config.publicUrl };
  return [
    ...mailJobs(config.mail),
    ...auditJobs(),
    ...caseJobs({ reminderMinutes: config.cases.reminderMinutes, mail, vault: runtime.vault }),
    ...civicJobs(mail),
    ...webhookJobs({ vault: runtime.vault, publicUrl: config.publicUrl, allowedHosts: config.webhookAllowedHosts }),
    ...documentJobs({ kinds: documentKinds(runtime.vault), files: { store: runtime.files, seal: runtime.vault }, pool: runtime.renderPool, actorOf: actorFor }),
  ];
}
