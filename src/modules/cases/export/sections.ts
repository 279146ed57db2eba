// What an export holds, one section at a time. Each section reads its rows (row-level security
// decides which: everything of the case during a subject access export, what the requester may
// see for a summary) and draws itself into the PDF. A new kind of case record becomes part of
// both documents by adding one entry here; until it has one, a subject access export still
// includes its rows through the "other records" section.
import { sql } from 'kysely';
import type { Tx } from '../../../db.ts';
import type { Vault, VaultField } from '../../../platform/crypto/vault.ts';
import type { PdfWriter } from '../../../platform/pdf/document.ts';
import type { Section } from '../schema.ts';
import type { Labels } from './labels.ts';
import { conferences, judgements, plan } from './care-sections.ts';

export type CollectContext = {
  tx: Tx;
  vault: Vault;
  caseId: string;
  /** Sections the requester may see (every section for a subject access export). */
  sections: readonly Section[];
  /** A complete subject access export, or a concise summary. */
  complete: boolean;
};

export type ExportSection<T = unknown> = {
  key: string;
  /** Shown in a summary when the requester sees any of these; null: always. */
  needs: Section[] | null;
  /** Only in a complete export (never in a summary). */
  completeOnly?: boolean;
  /** Tables this section reads in full, so that "other records" leaves them out. */
  tables: string[];
  collect: (ctx: CollectContext) => Promise<T>;
  render: (pdf: PdfWriter, data: T, l: Labels) => void;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const section = <T>(s: ExportSection<T>) => s as ExportSection<unknown>;

const caseRecord = section({
  key: 'case',
  needs: null,
  tables: ['cases'],
  collect: async ({ tx, caseId, complete }) => {
    const c = await tx
      .selectFrom('cases as c')
      .innerJoin('organisations as o', 'o.id', 'c.lead_org_id')
      .leftJoin('retention_rules as r', 'r.category', 'c.category')
      .select([
        'c.case_number', 'c.alias', 'c.jurisdiction', 'c.sex', 'c.age_band', 'c.birth_year', 'c.nationality', 'c.category', 'c.legal_status',
        'c.region', 'c.languages', 'c.status', 'c.opened_on', 'c.closed_on', 'c.closure_reason', 'c.aftercare_until', 'c.legal_hold',
        'c.legal_hold_reason', 'c.created_at', 'c.updated_at', 'o.name as lead_org_name', 'r.months_after_closure',
      ])
      .where('c.id', '=', caseId)
      .executeTakeFirstOrThrow();
    const base = {
      caseNumber: c.case_number, alias: c.alias, jurisdiction: c.jurisdiction, sex: c.sex, ageBand: c.age_band, birthYear: c.birth_year,
      nationality: c.nationality, category: c.category, legalStatus: c.legal_status, region: c.region, languages: c.languages,
      status: c.status, leadOrgName: c.lead_org_name, openedOn: c.opened_on, closedOn: c.closed_on, closureReason: c.closure_reason,
      aftercareUntil: c.aftercare_until,
    };
    if (!complete) return base;
    const anonymiseOn = c.closed_on && c.months_after_closure && !c.legal_hold
      ? (await sql<{ d: string }>`SELECT to_char(${c.closed_on}::date + make_interval(months => ${c.months_after_closure}), 'YYYY-MM-DD') AS d`.execute(tx)).rows[0]!.d
      : null;
    return {
      ...base,
      retention: { monthsAfterClosure: c.months_after_closure, anonymiseOn, legalHold: c.legal_hold, legalHoldReason: c.legal_hold_reason },
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
    };
  },
  render: (pdf, c, l) => {
    pdf.heading(l.t('case.facts')).facts([
      [l.t('cases.number'), c.caseNumber],
      [l.t('cases.alias'), c.alias],
      [l.t('cases.category'), l.t(`caseCategory.${c.category}`)],
      [l.t('cases.sex'), l.t(`sex.${c.sex}`)],
      [l.t('cases.ageBand'), c.ageBand],
      [l.t('cases.birthYear'), c.birthYear],
      [l.t('export.nationality'), c.nationality],
      [l.t('cases.legalStatus'), l.t(`legalStatus.${c.legalStatus}`)],
      [l.t('export.region'), c.region],
      [l.t('export.languages'), c.languages.join(', ')],
      [l.t('export.status'), l.t(`caseStatus.${c.status}`)],
      [l.t('cases.lead'), c.leadOrgName],
      [l.t('cases.opened'), l.date(c.openedOn)],
    ]);
    if (c.closedOn) pdf.facts([[l.t('case.closedOn'), l.date(c.closedOn)], [l.t('case.closureReason'), c.closureReason], [l.t('case.aftercareUntil'), l.date(c.aftercareUntil)]]);
    if ('retention' in c) {
      pdf.subheading(l.t('export.section.retention')).facts([
        [l.t('export.retentionMonths'), c.retention.monthsAfterClosure],
        [l.t('retention.anonymiseOn'), l.date(c.retention.anonymiseOn)],
        [l.t('export.legalHold'), c.retention.legalHold ? (c.retention.legalHoldReason ?? l.t('export.yes')) : l.t('export.no')],
      ]);
    }
  },
});

const FIELDS: VaultField[] = ['legal_name', 'birth_date', 'document_number', 'address', 'phone', 'photo'];

const identity = section({
  key: 'identity',
  needs: ['identity'],
  tables: ['case_identity'],
  collect: async ({ tx, vault, caseId, sections }) => {
    const rows = await tx.selectFrom('case_identity').select(['field', 'sealed', 'section', 'created_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
    return rows
      .filter((r) => sections.includes(r.section as Section))
      .filter((r): r is typeof r & { field: VaultField } => (FIELDS as string[]).includes(r.field))
      // A photo is exported as stored (its bytes, base64); the PDF names it only.
      .map((r) => ({ field: r.field, value: vault.open(caseId, r.field, r.sealed), recordedAt: iso(r.created_at) }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('category.identity'));
    if (rows.length === 0) return void pdf.paragraph('—');
    const label: Record<string, string> = { legal_name: 'identity.legalName', birth_date: 'identity.birthDate', document_number: 'identity.documentNumbers', address: 'identity.address', phone: 'identity.phones', photo: 'identity.field.photo' };
    pdf.facts(rows.map((r) => [l.t(label[r.field]!), r.field === 'photo' ? l.t('export.photoAttached') : r.field === 'birth_date' ? l.date(r.value) : r.value]));
  },
});

const household = section({
  key: 'household',
  needs: ['household'],
  tables: ['household_links'],
  collect: async ({ tx, caseId, complete }) => {
    // Relatives are cases of the same lead agency: the exporting officer or coordinator reads
    // them directly; a team organisation through the function that names them without more.
    const { rows } = complete
      ? await sql<{ case_number: string; alias: string; relation: string }>`
          SELECT r.case_number, r.alias, l.relation FROM household_links l JOIN cases r ON r.id = l.related_case_id
          WHERE l.case_id = ${caseId} ORDER BY l.relation, r.alias`.execute(tx)
      : await sql<{ case_number: string; alias: string; relation: string }>`
          SELECT r.case_number, r.alias, l.relation FROM household_links l
          CROSS JOIN LATERAL tandem_household_member(l.related_case_id) r
          WHERE l.case_id = ${caseId} ORDER BY l.relation, r.alias`.execute(tx);
    return rows.map((r) => ({ relation: r.relation, caseNumber: r.case_number, alias: r.alias }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('category.household'));
    if (rows.length === 0) return void pdf.paragraph(l.t('case.noHousehold'));
    for (const r of rows) pdf.paragraph(`${l.t(`relation.${r.relation}`)}: ${r.alias} (${r.caseNumber})`);
  },
});

const team = section({
  key: 'team',
  needs: null,
  tables: ['case_team', 'case_workers'],
  collect: async ({ tx, caseId, complete }) => {
    let q = tx
      .selectFrom('case_team as t')
      .innerJoin('organisations as o', 'o.id', 't.org_id')
      .select(['o.name', 't.team_role', 't.sections', 't.joined_at', 't.left_at'])
      .where('t.case_id', '=', caseId)
      .orderBy('t.joined_at');
    if (!complete) q = q.where('t.left_at', 'is', null);
    const members = await q.execute();
    const workers = await tx
      .selectFrom('case_workers as w')
      .innerJoin('organisations as o', 'o.id', 'w.org_id')
      .leftJoin('users as u', 'u.id', 'w.user_id')
      .select(['o.name', 'u.display_name', 'w.assigned_at'])
      .where('w.case_id', '=', caseId)
      .execute();
    return {
      members: members.map((m) => ({ orgName: m.name, role: m.team_role, sections: m.sections, joinedAt: iso(m.joined_at), leftAt: iso(m.left_at) })),
      workers: workers.map((w) => ({ orgName: w.name, name: w.display_name, assignedAt: iso(w.assigned_at) })),
    };
  },
  render: (pdf, d, l) => {
    pdf.heading(l.t('case.team'));
    for (const m of d.members) {
      pdf.paragraph(`${m.orgName} — ${l.t(`teamRole.${m.role}`)}${m.leftAt ? ` (${l.t('export.leftOn', { date: l.date(m.leftAt) })})` : ''}`);
      if (m.sections.length) pdf.meta(m.sections.map((s) => l.t(`category.${s}`)).join(', '));
    }
    // Workers of another organisation are named only to those who may see its people.
    for (const w of d.workers) if (w.name) pdf.paragraph(`${w.name} (${w.orgName})`);
  },
});

const consents = section({
  key: 'consents',
  needs: ['consents'],
  tables: ['case_consents'],
  collect: async ({ tx, caseId }) => {
    const rows = await tx
      .selectFrom('case_consents as k')
      .innerJoin('organisations as o', 'o.id', 'k.recipient_org_id')
      .select(['o.name', 'k.purpose', 'k.data_categories', 'k.legal_basis', 'k.given_by', 'k.guardian_name', 'k.child_assent', 'k.starts_on', 'k.ends_on', 'k.withdrawn_at', 'k.withdrawal_reason', 'k.created_at'])
      .where('k.case_id', '=', caseId)
      .orderBy('k.starts_on')
      .execute();
    return rows.map((k) => ({
      recipientOrgName: k.name, purpose: k.purpose, dataCategories: k.data_categories, legalBasis: k.legal_basis, givenBy: k.given_by,
      guardianName: k.guardian_name, childAssent: k.child_assent, startsOn: k.starts_on, endsOn: k.ends_on,
      withdrawnAt: iso(k.withdrawn_at), withdrawalReason: k.withdrawal_reason, recordedAt: iso(k.created_at),
    }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('category.consents'));
    if (rows.length === 0) return void pdf.paragraph(l.t('case.noConsents'));
    for (const k of rows) {
      pdf.subheading(`${k.recipientOrgName} — ${k.purpose}`).facts([
        [l.t('export.legalBasis'), l.t(`legalBasis.${k.legalBasis}`)],
        [l.t('consent.givenBy'), `${l.t(`givenBy.${k.givenBy}`)}${k.guardianName ? ` (${k.guardianName})` : ''}`],
        [l.t('export.period'), `${l.date(k.startsOn)} – ${l.date(k.endsOn)}`],
        [l.t('export.categories'), k.dataCategories.map((c) => l.t(`category.${c}`)).join(', ')],
      ]);
      if (k.childAssent !== null) pdf.paragraph(`${l.t('consent.childAssent')}: ${l.t(k.childAssent ? 'consent.assentYes' : 'consent.assentNo')}`);
      if (k.withdrawnAt) pdf.paragraph(`${l.t('export.withdrawn', { date: l.date(k.withdrawnAt) })}${k.withdrawalReason ? `: ${k.withdrawalReason}` : ''}`);
    }
  },
});

const assessments = section({
  key: 'needsAssessments',
  needs: ['needs_assessment'],
  tables: ['needs_assessments'],
  collect: async ({ tx, caseId, complete }) => {
    const rows = await tx
      .selectFrom('needs_assessments as a')
      .innerJoin('organisations as o', 'o.id', 'a.org_id')
      .leftJoin('users as u', 'u.id', 'a.assessed_by')
      .select(['a.assessed_on', 'o.name', 'u.display_name', 'a.levels', 'a.notes'])
      .where('a.case_id', '=', caseId)
      .orderBy('a.assessed_on', 'desc')
      .orderBy('a.created_at', 'desc')
      .limit(complete ? 10_000 : 1)
      .execute();
    return rows.map((a) => ({ assessedOn: a.assessed_on, orgName: a.name, assessorName: a.display_name, levels: a.levels, notes: a.notes }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('category.needs_assessment'));
    if (rows.length === 0) return void pdf.paragraph('—');
    for (const a of rows) {
      pdf.subheading(`${l.date(a.assessedOn)} — ${a.orgName}${a.assessorName ? `, ${a.assessorName}` : ''}`);
      for (const [domain, level] of Object.entries(a.levels)) {
        const note = a.notes[domain];
        pdf.paragraph(`${l.t(`domain.${domain}`)}: ${level}/4${note ? ` — ${note}` : ''}`);
      }
    }
  },
});

const referrals = section({
  key: 'referrals',
  needs: ['referrals_services'],
  tables: ['referrals', 'service_sessions'],
  collect: async ({ tx, caseId, complete }) => {
    const refs = await tx
      .selectFrom('referrals as r')
      .innerJoin('organisations as f', 'f.id', 'r.from_org_id')
      .innerJoin('organisations as t', 't.id', 'r.to_org_id')
      .select(['r.id', 'f.name as from_name', 't.name as to_name', 'r.need_domain', 'r.service', 'r.reason', 'r.data_categories', 'r.status', 'r.decline_reason', 'r.outcome', 'r.outcome_notes', 'r.created_at', 'r.decided_at', 'r.closed_at'])
      .where('r.case_id', '=', caseId)
      .orderBy('r.created_at')
      .execute();
    const sessions = await tx
      .selectFrom('service_sessions as s')
      .select(['s.id', 's.referral_id', 's.session_on', 's.attendance'])
      .where('s.case_id', '=', caseId)
      .orderBy('s.session_on')
      .execute();
    const notes = complete
      ? await tx.selectFrom('case_notes').select(['session_id', 'section', 'body', 'shared']).where('case_id', '=', caseId).where('session_id', 'is not', null).orderBy('created_at').execute()
      : [];
    return refs.map((r) => ({
      fromOrgName: r.from_name, toOrgName: r.to_name, needDomain: r.need_domain, service: r.service, reason: r.reason, dataCategories: r.data_categories,
      status: r.status, declineReason: r.decline_reason, outcome: r.outcome, outcomeNotes: r.outcome_notes,
      createdAt: iso(r.created_at), decidedAt: iso(r.decided_at), closedAt: iso(r.closed_at),
      sessions: sessions
        .filter((s) => s.referral_id === r.id)
        .map((s) => ({ sessionOn: s.session_on, attendance: s.attendance, notes: notes.filter((n) => n.session_id === s.id).map((n) => ({ section: n.section, shared: n.shared, body: n.body })) })),
    }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('category.referrals_services'));
    if (rows.length === 0) return void pdf.paragraph(l.t('referral.none'));
    for (const r of rows) {
      pdf.subheading(`${r.service} — ${r.toOrgName}`).facts([
        [l.t('export.status'), l.t(`referralStatus.${r.status}`)],
        [l.t('export.sentOn'), l.date(r.createdAt)],
        [l.t('referral.reason'), r.reason],
      ]);
      if (r.declineReason) pdf.paragraph(`${l.t('referral.declineReason')}: ${r.declineReason}`);
      if (r.outcome) pdf.paragraph(`${l.t('referral.outcome')}: ${r.outcome}${r.outcomeNotes ? ` — ${r.outcomeNotes}` : ''}`);
      for (const s of r.sessions) {
        pdf.paragraph(`${l.date(s.sessionOn)}: ${l.t(`attendance.${s.attendance}`)}`);
        for (const n of s.notes) pdf.meta(`${l.t(`category.${n.section}`)}: ${n.body}`);
      }
    }
  },
});

const notes = section({
  key: 'notes',
  needs: ['psychosocial_notes', 'other_notes', 'security'],
  tables: ['case_notes'],
  collect: async ({ tx, caseId, complete }) => {
    let q = tx
      .selectFrom('case_notes as n')
      .innerJoin('organisations as o', 'o.id', 'n.author_org_id')
      .leftJoin('users as u', 'u.id', 'n.author_id')
      .select(['n.section', 'o.name', 'u.display_name', 'n.shared', 'n.body', 'n.created_at', 'n.session_id'])
      .where('n.case_id', '=', caseId)
      .orderBy('n.created_at', 'desc');
    // The complete export lists session notes under their sessions; a summary shows the latest.
    q = complete ? q.where('n.session_id', 'is', null) : q.limit(10);
    const rows = await q.execute();
    return rows.map((n) => ({ section: n.section, authorOrgName: n.name, authorName: n.display_name, shared: n.shared, body: n.body, createdAt: iso(n.created_at) }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('case.tab.notes'));
    if (rows.length === 0) return void pdf.paragraph('—');
    for (const n of rows) {
      pdf.meta(`${l.date(n.createdAt)} · ${l.t(`category.${n.section}`)} · ${n.authorOrgName}${n.authorName ? `, ${n.authorName}` : ''}`);
      pdf.freeText(n.body);
    }
  },
});

const timeline = section({
  key: 'timeline',
  needs: null,
  completeOnly: true,
  tables: ['case_events'],
  collect: async ({ tx, caseId }) => {
    const rows = await tx
      .selectFrom('case_events as e')
      .leftJoin('organisations as o', 'o.id', 'e.actor_org_id')
      .select(['e.at', 'e.kind', 'e.section', 'o.name', 'e.data'])
      .where('e.case_id', '=', caseId)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute();
    return rows.map((e) => ({ at: iso(e.at), kind: e.kind, section: e.section, actorOrgName: e.name, data: e.data }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('case.tab.timeline'));
    for (const e of rows) pdf.paragraph(`${l.date(e.at, true)} — ${l.t(`event.${e.kind.split('.').join('_')}`)}${e.actorOrgName ? ` · ${e.actorOrgName}` : ''}`);
  },
});

const breakGlass = section({
  key: 'breakGlass',
  needs: null,
  completeOnly: true,
  tables: ['case_break_glass'],
  collect: async ({ tx, caseId }) => {
    const rows = await tx
      .selectFrom('case_break_glass as b')
      .leftJoin('organisations as o', 'o.id', 'b.org_id')
      .select(['b.user_name', 'o.name', 'b.reason', 'b.started_at', 'b.expires_at', 'b.reviewed_at', 'b.review_note'])
      .where('b.case_id', '=', caseId)
      .orderBy('b.started_at')
      .execute();
    return rows.map((b) => ({ userName: b.user_name, orgName: b.name, reason: b.reason, startedAt: iso(b.started_at), expiresAt: iso(b.expires_at), reviewedAt: iso(b.reviewed_at), reviewNote: b.review_note }));
  },
  render: (pdf, rows, l) => {
    pdf.heading(l.t('export.section.breakGlass'));
    if (rows.length === 0) return void pdf.paragraph(l.t('breakGlass.none'));
    for (const b of rows) {
      pdf.subheading(`${l.date(b.startedAt, true)} — ${b.userName} (${b.orgName ?? '—'})`);
      pdf.freeText(b.reason);
      if (b.reviewedAt) pdf.meta(`${l.t('breakGlass.reviewed')} ${l.date(b.reviewedAt)}${b.reviewNote ? `: ${b.reviewNote}` : ''}`);
    }
  },
});

export const SECTIONS_OF_EXPORT: ExportSection[] = [caseRecord, identity, household, team, consents, assessments, judgements, plan, conferences, referrals, notes, timeline, breakGlass];

/**
 * Tables never exported as such: the access list (derived, not about the person); the officers'
 * possible-duplicate notices, which are working records between two organisations' data
 * protection officers and would tell the person (and whoever runs the export) that another agency
 * may hold a case on them — the officers decide what of a reconciliation to disclose; and the
 * ledger of subject access requests (the export's own trail, kept in the audit trail, and visible
 * to each requester only for their own requests).
 */
const NOT_RECORDS = new Set(['case_access', 'case_duplicate_notices', 'subject_access_requests']);

/**
 * Rows of any other table that holds records of the case (by its case_id column) and that no
 * section above reads: a kind of record added later is in the export from its first day.
 */
export const otherRecords = section({
  key: 'otherRecords',
  needs: null,
  completeOnly: true,
  tables: [],
  collect: async ({ tx, caseId }) => {
    const known = new Set([...SECTIONS_OF_EXPORT.flatMap((s) => s.tables), ...NOT_RECORDS]);
    const { rows: tables } = await sql<{ table_name: string }>`
      SELECT k.relname AS table_name FROM pg_class k
      JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = k.oid AND a.attname = 'case_id' AND NOT a.attisdropped
      WHERE k.relkind = 'r' AND has_table_privilege(k.oid, 'SELECT')
      ORDER BY k.relname`.execute(tx);
    const out: Record<string, Array<Record<string, unknown>>> = {};
    for (const { table_name } of tables) {
      if (known.has(table_name)) continue;
      const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)} WHERE case_id = ${caseId}`.execute(tx);
      if (rows.length) out[table_name] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
    }
    return out;
  },
  render: (pdf, tables, l) => {
    const entries = Object.entries(tables);
    if (entries.length === 0) return;
    pdf.heading(l.t('export.section.other'));
    for (const [table, rows] of entries) {
      pdf.subheading(table);
      for (const r of rows) pdf.meta(Object.entries(r).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join(' · '));
    }
  },
});
