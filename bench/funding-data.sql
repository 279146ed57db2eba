-- Data for the funding benchmark, generated inside PostgreSQL in one transaction as the owner,
-- after the migrations and the demo seed. Deterministic. :orgs civil society organisations in
-- Marisca; :calls published calls of the regional fund, each with :per_call submitted
-- applications from distinct organisations (a tenth of them decided), three reviewers per
-- application taken in turn from five demo people (two have declared and scored both criteria,
-- one has still to declare).
BEGIN;
CREATE TEMP TABLE b_ctx AS
  SELECT (SELECT id FROM organisations WHERE short_name = 'RFCS') AS fund,
         (SELECT id FROM users WHERE email = 'donor@tandem.example') AS officer,
         ARRAY(SELECT id FROM users WHERE email IN ('monitor@tandem.example', 'monitor-2@tandem.example', 'viewer@tandem.example',
           'caseworker@tandem.example', 'dpo@tandem.example') ORDER BY email) AS reviewers;

INSERT INTO organisations (name, short_name, type, country, women_led)
SELECT 'Benchmark association ' || g, 'BA' || g, 'cso', 'XM', g % 3 = 0 FROM generate_series(1, :orgs) g;
CREATE TEMP TABLE b_orgs AS SELECT id, row_number() OVER (ORDER BY short_name) AS n FROM organisations WHERE short_name LIKE 'BA%';

INSERT INTO funding_calls (owner_org_id, title, purpose, org_types, countries, women_led_priority, criteria, questions, budget_ceiling, currency,
  opens_on, deadline, status, created_by, published_at)
SELECT c.fund, 'Benchmark call ' || g, 'A call made for the benchmark.', ARRAY['cso'], ARRAY['XM'], true,
  '[{"key":"relevance","label":"Relevance","weight":60},{"key":"capacity","label":"Capacity","weight":40}]',
  '[{"key":"need","text":"What need?"}]', 20000, 'EUR', current_date - 30, now() + interval '30 days', 'published', c.officer, now() - interval '30 days'
FROM generate_series(1, :calls) g, b_ctx c;
CREATE TEMP TABLE b_calls AS SELECT id, row_number() OVER (ORDER BY title) AS n FROM funding_calls WHERE title LIKE 'Benchmark call %';

INSERT INTO funding_applications (call_id, applicant_org_id, answers, budget_lines, budget_total, status, submitted_at, created_by)
SELECT k.id, o.id, '{"need":"A need described for the benchmark."}', '[{"label":"Staff","amount":9000}]', 9000, 'submitted', now() - interval '5 days', c.officer
FROM b_calls k, generate_series(1, :per_call) a, b_ctx c, b_orgs o
WHERE o.n = 1 + ((k.n * :per_call + a) % :orgs);

-- Three distinct reviewers per application: two have declared and scored, the third not yet.
INSERT INTO funding_reviewers (call_id, application_id, reviewer_user_id, reviewer_name, assigned_by, conflict_declared, declared_at)
SELECT a.call_id, a.id, c.reviewers[1 + (abs(hashtext(a.id::text)) + r) % 5], 'Reviewer', c.officer,
  CASE WHEN r < 2 THEN false END, CASE WHEN r < 2 THEN now() END
FROM funding_applications a, generate_series(0, 2) r, b_ctx c
WHERE a.call_id IN (SELECT id FROM b_calls);

INSERT INTO funding_scores (reviewer_id, criterion, score, comment)
SELECT r.id, k, 1 + abs(hashtext(r.id::text || k)) % 10, 'Scored for the benchmark.'
FROM funding_reviewers r, unnest(ARRAY['relevance', 'capacity']) k
WHERE r.declared_at IS NOT NULL AND r.call_id IN (SELECT id FROM b_calls);

-- A tenth decided.
UPDATE funding_applications SET status = 'awarded', decision_reasons = 'Awarded for the benchmark.', decided_at = now(), panel_score = 70
WHERE call_id IN (SELECT id FROM b_calls) AND abs(hashtext(id::text)) % 10 = 0;
COMMIT;
ANALYZE;
