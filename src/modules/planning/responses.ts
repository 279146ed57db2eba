// The reasoned response to a contribution: a status, written reasons and the plan elements
// (sections, commitments) that reflect it. Answering again replaces the answer and its links —
// "under consideration" is meant to be followed by a final answer — and each answer is mailed to
// the contribution's author in their language.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError } from '../../platform/http/errors.ts';
import { queueMail } from '../../platform/mail/outbox.ts';
import type { PeopleDeps } from '../identity/people.ts';
import { planAccess, requireCoordinator } from './access.ts';
import type { LinkableView, ResponseInput } from './contribution-schema.ts';
import { currentSections } from './consultations.ts';
import { contributionAnsweredMail, mailLocale } from './planning-mail.ts';

/** Every id must belong to the plan; 422 naming the first that does not. */
async function checkIds(tx: Tx, table: 'plan_sections' | 'commitments', planId: string, ids: readonly string[], path: string) {
  if (ids.length === 0) return;
  const found = new Set((await tx.selectFrom(table).select('id').where('plan_id', '=', planId).where('id', '=', sql<string>`ANY(${[...ids]}::uuid[])`).execute()).map((r) => r.id));
  ids.forEach((id, i) => {
    if (!found.has(id)) throw new DomainError('unprocessable', 'A linked element is not part of this plan', [{ path: `body.${path}.${i}`, message: 'is not part of this plan', code: 'not_in_plan' }]);
  });
}

export async function answerContribution(tx: Tx, actor: Actor, planId: string, contributionId: string, input: ResponseInput, mail: PeopleDeps, now: Date) {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const contribution = await tx.selectFrom('contributions').select(['id', 'org_id', 'response_status']).where('id', '=', contributionId).where('plan_id', '=', planId).executeTakeFirst();
  if (!contribution) throw new DomainError('not_found');
  await checkIds(tx, 'plan_sections', planId, input.sectionIds, 'sectionIds');
  await checkIds(tx, 'commitments', planId, input.commitmentIds, 'commitmentIds');
  await tx
    .updateTable('contributions')
    .set({ response_status: input.status, response_reasons: input.reasons, responded_at: now, responded_by: actor.userId })
    .where('id', '=', contributionId)
    .execute();
  await tx.deleteFrom('contribution_links').where('contribution_id', '=', contributionId).execute();
  const links = [
    ...input.sectionIds.map((section_id) => ({ contribution_id: contributionId, plan_id: planId, section_id, commitment_id: null })),
    ...input.commitmentIds.map((commitment_id) => ({ contribution_id: contributionId, plan_id: planId, section_id: null, commitment_id })),
  ];
  if (links.length > 0) await tx.insertInto('contribution_links').values(links).execute();
  const plan = (await tx.selectFrom('plans').select('title').where('id', '=', planId).executeTakeFirstOrThrow()).title;
  const authors = await sql<{ email: string; display_name: string; locale: string | null }>`SELECT email, display_name, locale FROM tandem_contribution_author(${contributionId}::uuid)`.execute(tx);
  for (const a of authors.rows) {
    await queueMail(tx, mail.delivery, contributionAnsweredMail(mailLocale(a.locale), { to: a.email, name: a.display_name, orgId: contribution.org_id, plan, status: input.status, publicUrl: mail.publicUrl }));
  }
  await audit(tx, {
    action: 'plan.contribution.answer',
    subjectType: 'contribution',
    subjectId: contributionId,
    subjectOrgId: access.ownerOrgId,
    details: { planId, status: input.status, previous: contribution.response_status, sections: input.sectionIds.length, commitments: input.commitmentIds.length, notified: authors.rows.length },
  });
}

/** What an answer may link to: the plan's sections (current titles) and commitments. */
export async function linkable(tx: Tx, actor: Actor, planId: string): Promise<LinkableView> {
  const access = await planAccess(tx, actor, planId);
  requireCoordinator(access);
  const sections = await currentSections(tx, planId);
  const commitments = await tx.selectFrom('commitments').select(['id', 'reference', 'title']).where('plan_id', '=', planId).orderBy('reference').execute();
  return { sections: sections.map((s) => ({ id: s.id, position: s.position, title: s.title })), commitments };
}
