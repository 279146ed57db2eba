-- Data for the results-frameworks benchmark, generated inside PostgreSQL in one transaction as the
-- owner, after the migrations and the demo seed. Deterministic. The demo national plan's framework
-- grows to :indicators quarterly indicators (20 outcomes, 40 outputs), reported by the women's
-- network and the mothers' association over ten years (40 quarters each; a tenth of the reports
-- corrected once; the last quarter of every fourth indicator awaiting review), and :frameworks
-- programme frameworks of the demo organisations, five indicators each, half of them reported by
-- the network, with four approved years.
BEGIN;
-- Identifiers derived from names, shaped as version 4 (the API checks the shape).
CREATE FUNCTION pg_temp.bid(t text) RETURNS uuid LANGUAGE sql AS $$ SELECT overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid $$;
CREATE TEMP TABLE b_ctx AS
  SELECT f.id AS framework, f.owner_org_id AS owner, f.plan_id AS plan,
         (SELECT id FROM organisations WHERE short_name = 'WVN') AS wvn,
         (SELECT id FROM organisations WHERE short_name = 'MCA') AS mca,
         (SELECT id FROM users WHERE email = 'plan-coordinator@tandem.example') AS coordinator,
         (SELECT id FROM users WHERE email = 'contributor@tandem.example') AS reporter
  FROM results_frameworks f WHERE f.plan_id IS NOT NULL LIMIT 1;

INSERT INTO results_nodes (id, framework_id, owner_org_id, plan_id, level, position, title)
SELECT pg_temp.bid('bench-outcome-' || g), c.framework, c.owner, c.plan, 'outcome', 10 + g, 'Benchmark outcome ' || g
FROM generate_series(1, 20) g, b_ctx c;
INSERT INTO results_nodes (id, framework_id, owner_org_id, plan_id, level, parent_id, parent_level, position, title)
SELECT pg_temp.bid('bench-output-' || g), c.framework, c.owner, c.plan, 'output', pg_temp.bid('bench-outcome-' || (1 + g % 20)), 'outcome', 30 + g, 'Benchmark output ' || g
FROM generate_series(1, 40) g, b_ctx c;

INSERT INTO results_indicators (id, framework_id, owner_org_id, plan_id, node_id, position, title, definition, unit, direction, baseline, baseline_period,
  frequency, responsible_org_id, dimensions, source, created_by, published_at)
SELECT pg_temp.bid('bench-indicator-' || g), c.framework, c.owner, c.plan, pg_temp.bid('bench-output-' || (1 + g % 40)), 1 + g % 200,
  'Benchmark indicator ' || g, 'People reached by the activities of the benchmark in the quarter.', 'count', 'increase', 10, '2016-Q4',
  'quarterly', CASE WHEN g % 2 = 0 THEN c.wvn ELSE c.mca END, ARRAY['sex'], 'reported', c.coordinator, CASE WHEN g % 5 = 0 THEN now() END
FROM generate_series(1, :indicators) g, b_ctx c;

INSERT INTO results_targets (indicator_id, framework_id, owner_org_id, responsible_org_id, plan_id, period, value)
SELECT i.id, i.framework_id, i.owner_org_id, i.responsible_org_id, i.plan_id, y || '-Q4', 20 + (y - 2017) * 5
FROM results_indicators i, generate_series(2017, 2026) y WHERE i.title LIKE 'Benchmark indicator %';

INSERT INTO results_reports (id, indicator_id, framework_id, owner_org_id, responsible_org_id, plan_id, period, status, current_version)
SELECT pg_temp.bid(i.id::text || q), i.id, i.framework_id, i.owner_org_id, i.responsible_org_id, i.plan_id,
  (2017 + q / 4) || '-Q' || (1 + q % 4),
  CASE WHEN q = 39 AND hashtext(i.id::text) % 4 = 0 THEN 'submitted' ELSE 'approved' END,
  CASE WHEN (hashtext(i.id::text) + q) % 10 = 0 THEN 2 ELSE 1 END
FROM results_indicators i, generate_series(0, 39) q WHERE i.title LIKE 'Benchmark indicator %';

INSERT INTO results_report_versions (report_id, version, value, disaggregates, evidence, submitted_by)
SELECT r.id, v, 10 + (hashtext(r.id::text) & 63), '[]', 'Attendance sheets kept at the organisation.', c.reporter
FROM results_reports r, b_ctx c, generate_series(1, 2) v WHERE v <= r.current_version AND r.framework_id = c.framework AND r.indicator_id IN (SELECT id FROM results_indicators WHERE title LIKE 'Benchmark indicator %');
INSERT INTO results_reviews (report_id, version, decision, reason, reviewed_by)
SELECT r.id, v, CASE WHEN v < r.current_version THEN 'returned' ELSE 'approved' END, CASE WHEN v < r.current_version THEN 'Please check the attendance sheets.' END, c.coordinator
FROM results_reports r, b_ctx c, generate_series(1, 2) v
WHERE v <= r.current_version AND (r.status = 'approved' OR v < r.current_version) AND r.framework_id = c.framework AND r.indicator_id IN (SELECT id FROM results_indicators WHERE title LIKE 'Benchmark indicator %');

-- Programme frameworks of the demo organisations.
INSERT INTO results_frameworks (id, owner_kind, programme, owner_org_id, title, goal, created_by)
SELECT pg_temp.bid('bench-framework-' || g), 'programme', 'Benchmark programme ' || g, o.id, 'Benchmark framework ' || g, 'A goal of the benchmark.', c.coordinator
FROM generate_series(1, :frameworks) g, b_ctx c,
  LATERAL (SELECT id FROM organisations ORDER BY name OFFSET g % (SELECT count(*) FROM organisations) LIMIT 1) o;
INSERT INTO results_nodes (id, framework_id, owner_org_id, level, position, title)
SELECT pg_temp.bid('bench-node-' || f.id), f.id, f.owner_org_id, 'outcome', 1, 'Outcome of ' || f.title FROM results_frameworks f WHERE f.title LIKE 'Benchmark framework %';
INSERT INTO results_indicators (id, framework_id, owner_org_id, node_id, position, title, definition, unit, direction, frequency, responsible_org_id, source, created_by)
SELECT pg_temp.bid(f.id::text || k), f.id, f.owner_org_id, pg_temp.bid('bench-node-' || f.id), k, 'Programme indicator ' || k, 'Counted by the programme.', 'count', 'increase', 'annual',
  CASE WHEN k % 2 = 0 THEN c.wvn ELSE f.owner_org_id END, 'reported', c.coordinator
FROM results_frameworks f, b_ctx c, generate_series(1, 5) k WHERE f.title LIKE 'Benchmark framework %';
INSERT INTO results_reports (id, indicator_id, framework_id, owner_org_id, responsible_org_id, period, status)
SELECT pg_temp.bid(i.id::text || y), i.id, i.framework_id, i.owner_org_id, i.responsible_org_id, y::text, 'approved'
FROM results_indicators i, generate_series(2022, 2025) y WHERE i.title LIKE 'Programme indicator %';
INSERT INTO results_report_versions (report_id, version, value, evidence, submitted_by)
SELECT r.id, 1, 5 + (hashtext(r.id::text) & 31), 'Programme records.', c.reporter
FROM results_reports r, b_ctx c WHERE r.framework_id IN (SELECT id FROM results_frameworks WHERE title LIKE 'Benchmark framework %');
COMMIT;
ANALYZE;
