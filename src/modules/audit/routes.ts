import type { App } from '../../platform/http/app.ts';
import { csvLine } from '../../platform/export/csv.ts';
import { auditPage, auditQuery } from './schema.ts';
import { exportAudit, searchAudit } from './service.ts';

const CSV_COLUMNS = [
  'id',
  'occurredAt',
  'actorUserId',
  'actorName',
  'actorOrgId',
  'action',
  'outcome',
  'subjectType',
  'subjectId',
  'subjectOrgId',
  'requestId',
  'sealed',
  'details',
] as const;

export function auditRoutes(app: App): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit events of your organisation, newest first (data protection officers)',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (req) => req.scope.actor((tx, actor) => searchAudit(tx, actor, req.query)),
  );

  app.get(
    '/api/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'The same events as a CSV file (data protection officers)',
        querystring: auditQuery.omit({ limit: true }),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const events = await req.scope.actor((tx, actor) => exportAudit(tx, actor, { ...req.query, limit: 200 }));
      const body = csvLine([...CSV_COLUMNS]) + events.map((e) => csvLine(CSV_COLUMNS.map((c) => e[c]))).join('');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tandem-audit-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(body);
    },
  );
}
