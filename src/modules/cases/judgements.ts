// Structured professional judgement on a case: a named professional rates each factor of an
// instrument, chooses an overall level of concern with written reasons, and sets the next
// review. Judgements are appended, never changed; the latest is current, the rest history.
// Nothing here computes, sums, ranks or predicts anything from the ratings.
import { sql } from 'kysely';
import type { Tx } from '../../db.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit/audit.ts';
import { DomainError, type FieldError } from '../../platform/http/errors.ts';
import { accessTo, recordEvent, requireSection } from './access.ts';
import type { JudgementInput, JudgementView } from './judgement-schema.ts';
import type { InstrumentFactor, InstrumentLevel } from './tables.ts';

const today = (now: Date) => now.toISOString().slice(0, 10);
/** A review further away than this is no review plan. */
const MAX_REVIEW_DAYS = 3 * 365;

export async function listJudgements(tx: Tx, actor: Actor, caseId: string, now: Date): Promise<JudgementView[]> {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'professional_judgement');
  const rows = await tx
    .selectFrom('case_judgements as j')
    .innerJoin('judgement_instruments as i', 'i.id', 'j.instrument_id')
    .innerJoin('organisations as o', 'o.id', 'j.org_id')
    .select([
      'j.id',
      'j.recorded_at',
      'j.recorder_name',
      'o.name as org_name',
      'j.ratings',
      'j.overall_level',
      'j.overall_reasons',
      'j.next_review_on',
      'i.id as instrument_id',
      'i.name as instrument_name',
      'i.version',
      'i.description',
      'i.factors',
      'i.levels',
      'i.status',
    ])
    .where('j.case_id', '=', caseId)
    .orderBy('j.recorded_at', 'desc')
    .orderBy('j.id', 'desc')
    .limit(200)
    .execute();
  await audit(tx, { action: 'case.judgement.read', subjectType: 'case', subjectId: caseId, subjectOrgId: access.leadOrgId, details: { shown: rows.length } });
  return rows.map((r, i) => {
    const factors = r.factors as unknown as InstrumentFactor[];
    const ratings = r.ratings as unknown as Record<string, { level: string; rationale?: string }>;
    return {
      id: r.id,
      recordedAt: r.recorded_at.toISOString(),
      recorderName: r.recorder_name,
      orgName: r.org_name,
      instrument: {
        id: r.instrument_id,
        name: r.instrument_name,
        version: r.version,
        description: r.description,
        factors: factors as JudgementView['instrument']['factors'],
        levels: r.levels as unknown as InstrumentLevel[],
        status: r.status as JudgementView['instrument']['status'],
      },
      ratings: factors.map((f) => ({ factorKey: f.key, level: ratings[f.key]?.level ?? '', rationale: ratings[f.key]?.rationale ?? '' })),
      overallLevel: r.overall_level,
      overallReasons: r.overall_reasons,
      nextReviewOn: r.next_review_on,
      current: i === 0,
      reviewOverdue: i === 0 && access.status === 'open' && r.next_review_on < today(now),
    };
  });
}

export async function recordJudgement(tx: Tx, actor: Actor, caseId: string, input: JudgementInput, now: Date): Promise<{ id: string }> {
  const access = await accessTo(tx, actor, caseId);
  requireSection(access, 'professional_judgement');
  if (access.status !== 'open') throw new DomainError('conflict', 'The case is not open');
  const instrument = await tx
    .selectFrom('judgement_instruments')
    .select(['id', 'factors', 'levels', 'status', 'owner_org_id', 'version'])
    .where('id', '=', input.instrumentId)
    .executeTakeFirst();
  if (!instrument || (instrument.owner_org_id !== null && instrument.owner_org_id !== actor.orgId)) {
    throw new DomainError('validation_failed', undefined, [{ path: 'body.instrumentId', message: 'not an instrument of your organisation', code: 'invalid_choice' }]);
  }
  if (instrument.status !== 'active') throw new DomainError('conflict', 'This instrument version is no longer in use; choose the current one');
  const factors = instrument.factors as unknown as InstrumentFactor[];
  const levels = new Set((instrument.levels as unknown as InstrumentLevel[]).map((l) => l.key));
  const fields: FieldError[] = [];
  for (const f of factors) {
    const rating = input.ratings[f.key];
    if (!rating) fields.push({ path: `body.ratings.${f.key}`, message: 'rate this factor on the instrument’s scale', code: 'required' });
    else if (!levels.has(rating.level)) fields.push({ path: `body.ratings.${f.key}`, message: 'rate this factor on the instrument’s scale', code: 'invalid_choice' });
  }
  for (const key of Object.keys(input.ratings)) if (!factors.some((f) => f.key === key)) fields.push({ path: `body.ratings.${key}`, message: 'not a factor of this instrument', code: 'invalid_choice' });
  if (!levels.has(input.overallLevel)) fields.push({ path: 'body.overallLevel', message: 'choose a level on the instrument’s scale', code: 'invalid_choice' });
  const days = (Date.parse(input.nextReviewOn) - Date.parse(today(now))) / 86_400_000;
  if (days < 1 || days > MAX_REVIEW_DAYS) fields.push({ path: 'body.nextReviewOn', message: 'must be after today and within three years', code: 'date_window', params: { days: MAX_REVIEW_DAYS } });
  if (fields.length > 0) throw new DomainError('validation_failed', undefined, fields);

  const ratings = Object.fromEntries(factors.map((f) => [f.key, input.ratings[f.key]!.rationale ? input.ratings[f.key]! : { level: input.ratings[f.key]!.level }]));
  const row = await tx
    .insertInto('case_judgements')
    .values({
      case_id: caseId,
      org_id: actor.orgId!,
      instrument_id: instrument.id,
      ratings: JSON.stringify(ratings),
      overall_level: input.overallLevel,
      overall_reasons: input.overallReasons,
      next_review_on: input.nextReviewOn,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, caseId, 'judgement.recorded', 'professional_judgement', { next_review_on: input.nextReviewOn });
  await audit(tx, {
    action: 'case.judgement.record',
    subjectType: 'judgement',
    subjectId: row.id,
    subjectOrgId: access.leadOrgId,
    details: { case: caseId, instrument: instrument.id, version: instrument.version },
  });
  return row;
}

export type ReviewDue = { caseId: string; caseNumber: string; judgementId: string; nextReviewOn: string; overdue: boolean };

/**
 * Open cases whose latest judgement is due for review within `withinDays` of `today` (overdue
 * ones included), for an organisation: the cases it leads, and those whose judgement section is
 * open to it as a team member today. For scheduled reminders: it runs without an acting person,
 * so the organisation's reach is checked here rather than by row-level security.
 */
export async function judgementReviewsDue(tx: Tx, orgId: string, withinDays: number, today: string): Promise<ReviewDue[]> {
  const { rows } = await sql<{ case_id: string; case_number: string; judgement_id: string; next_review_on: string }>`
    SELECT c.id AS case_id, c.case_number, j.id AS judgement_id, j.next_review_on::text AS next_review_on
    FROM cases c
    JOIN LATERAL (
      SELECT x.id, x.next_review_on FROM case_judgements x
      WHERE x.case_id = c.id ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1
    ) j ON true
    WHERE c.status = 'open'
      AND j.next_review_on <= ${today}::date + ${withinDays}::int
      AND (c.lead_org_id = ${orgId}
        OR EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = c.id AND a.org_id = ${orgId}
          AND a.section = 'professional_judgement' AND ${today}::date BETWEEN a.valid_from AND a.valid_until))
    ORDER BY j.next_review_on, c.case_number
    LIMIT 1000`.execute(tx);
  return rows.map((r) => ({ caseId: r.case_id, caseNumber: r.case_number, judgementId: r.judgement_id, nextReviewOn: r.next_review_on, overdue: r.next_review_on < today }));
}
