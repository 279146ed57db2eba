-- Data for the civic-space benchmark, generated inside PostgreSQL in one transaction as the
-- owner, after the migrations and the demo seed. Deterministic. :records restriction records of
-- the collective's two monitors over ten years in the three demo countries (70% published, the
-- rest at every earlier stage), each with two sources and one affected organisation (a third
-- named, with consent where published), and a confirmed rating per country and year.
BEGIN;
CREATE TEMP TABLE b_ctx AS
  SELECT (SELECT id FROM organisations WHERE short_name = 'LAC') AS org,
         (SELECT id FROM users WHERE email = 'monitor@tandem.example') AS first,
         (SELECT id FROM users WHERE email = 'monitor-2@tandem.example') AS second;

INSERT INTO civic_records (monitor_org_id, country, region, title, description, started_on, types, ct_justification, legal_instrument, actor,
  women_targeted, severity, status, entered_by, created_at, corroborated_by, corroborated_at, verified_by, verified_at, published_at, published_by)
SELECT c.org, (ARRAY['XM','XV','XT'])[1 + g % 3], NULL,
  'Benchmark restriction ' || g,
  'A restriction made for the benchmark: an association was inspected, its accounts frozen and its staff questioned for several days.',
  date '2016-01-01' + (g * 3650 / :records),
  ARRAY[(ARRAY['registration','funding_rules','bank_derisking','operations','assembly','expression','harassment_detention','surveillance','travel_ban','designation_listing','smear_campaign'])[1 + g % 11]],
  g % 4 = 0, CASE WHEN g % 4 = 0 THEN 'Law on Countering Extremism, art. ' || (g % 20) END, 'District authorities',
  g % 5 = 0, (ARRAY['low','moderate','high','severe'])[1 + g % 4],
  CASE WHEN g % 10 < 1 THEN 'unverified' WHEN g % 10 < 2 THEN 'corroborated' ELSE 'verified' END,
  c.first, now(),
  CASE WHEN g % 10 >= 1 THEN c.first END, CASE WHEN g % 10 >= 1 THEN now() END,
  CASE WHEN g % 10 >= 2 THEN c.second END, CASE WHEN g % 10 >= 2 THEN now() END,
  CASE WHEN g % 10 >= 3 THEN now() END, CASE WHEN g % 10 >= 3 THEN c.second END
FROM generate_series(1, :records) g, b_ctx c;

INSERT INTO civic_record_sources (record_id, url, title, added_by)
SELECT r.id, 'https://news.example.org/bench/' || n || '/' || r.id, 'Source ' || n, c.first
FROM civic_records r, b_ctx c, generate_series(1, 2) n WHERE r.title LIKE 'Benchmark restriction %';

INSERT INTO civic_affected_orgs (record_id, name, description, women_led, consent_at, consent_note, consent_recorded_by, added_by)
SELECT r.id, CASE WHEN right(r.title, 1) IN ('0', '3', '6') THEN 'Named association ' || r.title END, 'An association of the region', false,
  CASE WHEN right(r.title, 1) IN ('0', '3', '6') AND r.published_at IS NOT NULL THEN now() END,
  CASE WHEN right(r.title, 1) IN ('0', '3', '6') AND r.published_at IS NOT NULL THEN 'Consent by letter' END,
  CASE WHEN right(r.title, 1) IN ('0', '3', '6') AND r.published_at IS NOT NULL THEN c.first END, c.first
FROM civic_records r, b_ctx c WHERE r.title LIKE 'Benchmark restriction %';

INSERT INTO civic_ratings (monitor_org_id, country, year, rating, reasons, status, proposed_by, confirmed_by, confirmed_at)
SELECT c.org, k, y, (ARRAY['open','narrowed','obstructed','repressed','closed'])[1 + (y + length(k)) % 5],
  'Reasons written for the benchmark rating of this country and year.', 'confirmed', c.first, c.second, now()
FROM b_ctx c, unnest(ARRAY['XM','XV','XT']) k, generate_series(2000, 2023) y;

INSERT INTO civic_rating_records (rating_id, record_id)
SELECT g.id, r.id FROM civic_ratings g JOIN civic_records r ON r.country = g.country AND extract(year FROM r.started_on) = g.year
WHERE r.title LIKE 'Benchmark restriction %' AND (right(r.title, 2))::int % 25 = 0;
COMMIT;
ANALYZE;
