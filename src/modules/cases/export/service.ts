// Subject access exports (everything held on a person, for the lead agency's data protection
// officer or case coordinator, with a written reason) and case summaries for a case conference
// (only the sections the requester may see). Both are audited inside the transaction that reads.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { audit } from '../../../platform/audit/audit.ts';
import type { Vault } from '../../../platform/crypto/vault.ts';
import { isUuid } from '../../../platform/db/context.ts';
import { DomainError } from '../../../platform/http/errors.ts';
import { queueMail, type Delivery } from '../../../platform/mail/outbox.ts';
import { can } from '../../identity/policy.ts';
import { accessTo, recordEvent } from '../access.ts';
import { SECTIONS } from '../schema.ts';
import type { ExportLocale } from './labels.ts';
import { SECTIONS_OF_EXPORT, otherRecords, type CollectContext, type ExportSection } from './sections.ts';

export type ExportDeps = { vault: Vault; delivery: Delivery; publicUrl: string };

export type ExportDocument = {
  kind: 'subject_access' | 'summary';
  caseNumber: string;
  generatedAt: string;
  requestedBy: { name: string; orgName: string; role: 'dpo' | 'case_coordinator' | 'case_role' };
  reason: string | null;
  /** Sections of the case the document covers (every one for a subject access export). */
  coverage: string[];
  sections: Record<string, unknown>;
};

async function collect(ctx: CollectContext, parts: ExportSection[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const part of parts) out[part.key] = await part.collect(ctx);
  return out;
}

async function requester(tx: Tx, actor: Actor) {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', (j) => j.on('o.id', '=', actor.orgId!))
    .select(['u.display_name', 'o.name'])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
}

const MAIL: Record<ExportLocale, { subject: string; body: string }> = {
  en: {
    subject: 'Tandem: subject access export of case {case}',
    // The reason often names the person: it stays in the audit trail, never in an e-mail.
    body: '{name} ({org}) exported everything held on case {case} ({format}).\n\nThe reason given is in the audit trail, with the export: {link}\n',
  },
  ru: {
    subject: 'Tandem: выгрузка всех данных по делу {case}',
    body: '{name} ({org}) выгрузил(а) все данные по делу {case} ({format}).\n\nУказанная причина и выгрузка отмечены в журнале аудита: {link}\n',
  },
  ar: {
    subject: 'Tandem: تصدير جميع بيانات الحالة {case}',
    body: 'صدّر {name} ({org}) جميع البيانات المحفوظة في الحالة {case} ({format}).\n\nالسبب المذكور والتصدير مسجّلان في سجل التدقيق: {link}\n',
  },
};

/**
 * Everything held on the person of a case: for the lead agency's data protection officer or
 * case coordinator, never for an anonymised case. The officers are told when a coordinator
 * runs one.
 */
export async function subjectAccessExport(
  tx: Tx,
  actor: Actor,
  deps: ExportDeps,
  input: { caseNumber: string; reason: string; format: 'json' | 'pdf' },
  now: Date,
): Promise<ExportDocument> {
  const isDpo = can(actor, 'privacy.oversee');
  if (!actor.orgId || (!isDpo && !can(actor, 'cases.coordinate'))) throw new DomainError('forbidden');
  const target = await tx.selectFrom('cases').select(['id', 'lead_org_id', 'status', 'case_number']).where('case_number', '=', input.caseNumber).executeTakeFirst();
  if (!target || target.lead_org_id !== actor.orgId || !isUuid(target.id)) throw new DomainError('not_found', 'No case of your agency has this number');
  if (target.status === 'anonymised') {
    throw new DomainError('conflict', 'This case has been anonymised: the identity and every free text were destroyed, so nothing is held on the person to export');
  }
  const me = await requester(tx, actor);
  await audit(tx, {
    action: 'case.subject_access.export',
    subjectType: 'case',
    subjectId: target.id,
    subjectOrgId: target.lead_org_id,
    details: { case_number: target.case_number, format: input.format, reason: input.reason, as: isDpo ? 'dpo' : 'case_coordinator' },
  });
  // Opens this one case to this transaction (see migration 0021); closed again below.
  await sql.raw(`SET LOCAL tandem.subject_access = '${target.id.toLowerCase()}'`).execute(tx);
  await recordEvent(tx, target.id, 'case.subject_access_exported', null, { format: input.format });
  const sections = await collect({ tx, vault: deps.vault, caseId: target.id, sections: [...SECTIONS], complete: true }, [...SECTIONS_OF_EXPORT, otherRecords]);
  await sql.raw(`SET LOCAL tandem.subject_access = ''`).execute(tx);
  if (!isDpo) {
    const { rows: dpos } = await sql<{ email: string; locale: string; org_id: string }>`SELECT email, locale, org_id FROM tandem_case_dpo_contacts(${target.id}::uuid)`.execute(tx);
    for (const dpo of dpos) {
      const t = MAIL[dpo.locale === 'ru' || dpo.locale === 'ar' ? dpo.locale : 'en'];
      const fill = (s: string) =>
        s
          .replaceAll('{name}', me.display_name)
          .replaceAll('{org}', me.name)
          .replaceAll('{case}', target.case_number)
          .replaceAll('{format}', input.format.toUpperCase())
          .replaceAll('{link}', `${deps.publicUrl}/audit`);
      await queueMail(tx, deps.delivery, { kind: 'subject_access', to: dpo.email, orgId: dpo.org_id, subject: fill(t.subject), text: fill(t.body) });
    }
  }
  return {
    kind: 'subject_access',
    caseNumber: target.case_number,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: isDpo ? 'dpo' : 'case_coordinator' },
    reason: input.reason,
    coverage: [...SECTIONS],
    sections,
  };
}

/** A concise summary for a case conference: the requester's own need-to-know, nothing more. */
export async function caseSummary(tx: Tx, actor: Actor, vault: Vault, caseId: string, locale: ExportLocale, now: Date): Promise<ExportDocument> {
  const access = await accessTo(tx, actor, caseId);
  if (access.status === 'anonymised' && access.leadOrgId === actor.orgId) throw new DomainError('conflict', 'This case has been anonymised');
  if (access.relation !== 'lead' && access.relation !== 'team') throw new DomainError('not_found');
  const seen = (s: ExportSection) => !s.completeOnly && (s.needs === null || s.needs.some((n) => access.sections.includes(n)));
  const parts = SECTIONS_OF_EXPORT.filter(seen);
  const sections = await collect({ tx, vault, caseId, sections: access.sections, complete: false }, parts);
  const me = await requester(tx, actor);
  const caseNumber = (sections.case as { caseNumber: string }).caseNumber;
  await recordEvent(tx, caseId, 'case.summary_exported', null, {});
  await audit(tx, {
    action: 'case.summary.export',
    subjectType: 'case',
    subjectId: caseId,
    subjectOrgId: access.leadOrgId,
    details: { case_number: caseNumber, relation: access.relation, sections: access.sections, parts: parts.map((p) => p.key), locale },
  });
  return {
    kind: 'summary',
    caseNumber,
    generatedAt: now.toISOString(),
    requestedBy: { name: me.display_name, orgName: me.name, role: 'case_role' },
    reason: null,
    coverage: [...access.sections],
    sections,
  };
}
