// Prometheus metrics at GET /metrics, for operators: request durations by route, the job queue
// (waiting, running, failed by job), the database connections (PostgreSQL's pool; the embedded
// database's one connection and how many wait for it), and Node.js's own (event loop, memory).
// Protected by a token (TANDEM_METRICS_TOKEN, sent as "Authorization: Bearer …"): without the
// setting there is no /metrics at all. Labels are route patterns, never URLs: no ids, no data.
import { timingSafeEqual, createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { App } from '../http/app.ts';
import type { Jobs } from '../jobs/queue.ts';

export type MetricsSources = {
  jobs: () => Jobs;
  /** Connections: in use, idle, callers waiting for one. */
  connections: () => { total: number; idle: number; waiting: number };
};

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoutes(token: string | undefined, sources: MetricsSources) {
  return (app: App): void => {
    if (!token) return;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'tandem_' });
    const durations = new Histogram({
      name: 'tandem_http_request_duration_seconds',
      help: 'Time to answer a request, by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const requests = new Counter({ name: 'tandem_http_requests_total', help: 'Requests answered, by method, route pattern and status class', labelNames: ['method', 'route', 'status'], registers: [registry] });
    const queue = new Gauge({ name: 'tandem_jobs', help: 'Jobs by name and state (waiting, running, failed after every attempt)', labelNames: ['job', 'state'], registers: [registry] });
    const db = new Gauge({ name: 'tandem_db_connections', help: 'Database connections by state (total, idle) and callers waiting for one (waiting)', labelNames: ['state'], registers: [registry] });

    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      const labels = { method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` };
      durations.observe(labels, reply.elapsedTime / 1000);
      requests.inc(labels);
    });

    const expected = digest(`Bearer ${token}`);
    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      const given = digest(String(req.headers.authorization ?? ''));
      if (!timingSafeEqual(given, expected)) return reply.code(404).type('application/problem+json').send(JSON.stringify({ type: 'urn:tandem:problem:not_found', title: 'Not found', status: 404, code: 'not_found' }));
      queue.reset();
      for (const q of await sources.jobs().overview()) {
        queue.set({ job: q.name, state: 'waiting' }, q.queued);
        queue.set({ job: q.name, state: 'running' }, q.active);
        queue.set({ job: q.name, state: 'failed' }, q.failed);
      }
      const c = sources.connections();
      db.set({ state: 'total' }, c.total);
      db.set({ state: 'idle' }, c.idle);
      db.set({ state: 'waiting' }, c.waiting);
      return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
    });
  };
}
