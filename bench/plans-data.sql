-- National-scale data for the planning benchmark, generated inside PostgreSQL in one transaction
-- as the owner, after the migrations and the demo seed. Deterministic (no random numbers): every
-- run makes the same data. Nothing is disabled: contributions pass the admissibility trigger,
-- which is why their consultations are open while they are inserted and closed afterwards.
-- Sizes: :orgs extra organisations of the demo country, :invited invited organisations,
-- :sections sections (3 versions each), 6 consultations, :contributions contributions (60%
-- answered), :participants meeting participants, :commitments commitments (5 milestones,
-- 4 bodies, 3 indicators, 10 progress updates and 5 independent assessments each).
BEGIN;

INSERT INTO organisations (name, short_name, type, country, regions, areas_of_work, need_domains, languages, women_led, visibility, description)
SELECT 'Bench organisation ' || g, 'BO' || g,
  (ARRAY['cso','cso','cso','community','academic','cso','international','cso','community','cso'])[1 + g % 10], 'XM',
  ARRAY[(ARRAY['capital','north','east','south','lake'])[1 + g % 5]],
  ARRAY[(ARRAY['prevention','intervention','rehabilitation_reintegration'])[1 + g % 3]],
  ARRAY[(ARRAY['psychosocial','vocational','legal','educational','familial'])[1 + g % 5]],
  ARRAY['ru'], g % 3 = 0, (ARRAY['public','public','partners','hidden'])[1 + g % 4],
  'An organisation made for the benchmark, working with families and young people in its region.'
FROM generate_series(1, :orgs) g;

CREATE TEMP TABLE b_orgs AS
  SELECT id, type, women_led, name, row_number() OVER (ORDER BY name) AS n FROM organisations WHERE name LIKE 'Bench organisation %';
CREATE TEMP TABLE b_invited AS SELECT * FROM b_orgs WHERE n <= :invited;
CREATE TEMP TABLE b_gov AS
  SELECT id, row_number() OVER (ORDER BY name) AS n FROM organisations WHERE type = 'government' AND country = 'XM';

-- One contributor account for each invited organisation (no password: never signs in here).
INSERT INTO users (email, display_name, locale)
SELECT 'bench-contributor-' || n || '@bench.example', 'Bench contributor ' || n, (ARRAY['en','ru','ar'])[1 + n % 3] FROM b_invited;
INSERT INTO memberships (user_id, org_id, roles)
SELECT u.id, o.id, ARRAY['contributor'] FROM b_invited o JOIN users u ON u.email = 'bench-contributor-' || o.n || '@bench.example';
CREATE TEMP TABLE b_people AS
  SELECT u.id AS user_id, o.id AS org_id, o.n FROM b_invited o JOIN users u ON u.email = 'bench-contributor-' || o.n || '@bench.example';

CREATE TEMP TABLE b_ctx AS
  SELECT (SELECT id FROM organisations WHERE short_name = 'NCCP') AS owner,
         (SELECT id FROM users WHERE email = 'plan-coordinator@tandem.example') AS coordinator;

INSERT INTO plans (country, title, summary, period_start, period_end, owner_org_id, stage, allows_individuals, published_at, created_by, created_at)
SELECT 'XM', 'Benchmark national action plan 2027–2031',
  'A plan at national scale: forty sections, six consultations, thousands of contributions and sixty commitments.',
  '2027-01-01', '2031-12-31', owner, 'consultation', true, now() - interval '30 days', coordinator, now() - interval '120 days'
FROM b_ctx;
CREATE TEMP TABLE b_plan AS SELECT id FROM plans WHERE title = 'Benchmark national action plan 2027–2031';

INSERT INTO plan_stage_changes (plan_id, from_stage, to_stage, changed_at, changed_by)
SELECT p.id, s.f, s.t, now() - s.ago, c.coordinator
FROM b_plan p, b_ctx c, (VALUES (NULL, 'drafting', interval '120 days'), ('drafting', 'consultation', interval '40 days')) s (f, t, ago);

INSERT INTO plan_sections (plan_id, position, created_at) SELECT p.id, g, now() - interval '110 days' FROM b_plan p, generate_series(1, :sections) g;
CREATE TEMP TABLE b_sections AS SELECT id, position AS n FROM plan_sections WHERE plan_id = (SELECT id FROM b_plan);
INSERT INTO plan_section_versions (section_id, plan_id, version, title, body, note, created_by, created_at)
SELECT s.id, p.id, v, 'Section ' || s.n || ': ' || (ARRAY['Prevention in schools','Families returning home','Released offenders','Online prevention','Community resilience','Monitoring and evaluation'])[1 + s.n % 6],
  repeat('Government bodies and civil society organisations agree the measures of this section, their timing and who answers for them. ', 8 + v * 4),
  CASE WHEN v > 1 THEN 'Revised after the consultation round ' || (v - 1) END, c.coordinator, now() - make_interval(days => 110 - v * 30)
FROM b_sections s, b_plan p, b_ctx c, generate_series(1, 3) v;

-- Six consultations, open while contributions go in (closed ones are closed at the end).
INSERT INTO consultations (plan_id, title, description, opens_at, closes_at, modes, open_to, meeting_place, meeting_at, created_by, created_at)
SELECT p.id, 'Consultation ' || k || ' on the draft plan', 'Comment on the linked sections or answer the questions.',
  now() - interval '40 days', now() + interval '30 days',
  CASE WHEN k % 2 = 0 THEN ARRAY['online', 'meeting'] ELSE ARRAY['online'] END,
  CASE WHEN k <= 4 THEN 'invited' ELSE 'all' END,
  CASE WHEN k % 2 = 0 THEN 'Regional hall ' || k END, CASE WHEN k % 2 = 0 THEN now() - make_interval(days => 40 - k * 5) END,
  c.coordinator, now() - interval '41 days'
FROM b_plan p, b_ctx c, generate_series(1, 6) k;
CREATE TEMP TABLE b_cons AS
  SELECT id, row_number() OVER (ORDER BY title) AS k, modes FROM consultations WHERE plan_id = (SELECT id FROM b_plan);
-- Each consultation is on a third of the sections.
INSERT INTO consultation_sections (consultation_id, section_id, plan_id)
SELECT k.id, s.id, (SELECT id FROM b_plan) FROM b_cons k JOIN b_sections s ON s.n % 3 = k.k % 3;
INSERT INTO consultation_questions (consultation_id, plan_id, position, text)
SELECT k.id, (SELECT id FROM b_plan), q, 'Question ' || q || ' of consultation ' || k.k || ': what should this part of the plan change, and who should do it?'
FROM b_cons k, generate_series(1, 5) q;
INSERT INTO consultation_invitations (consultation_id, org_id, plan_id, invited_at, invited_by)
SELECT k.id, o.id, (SELECT id FROM b_plan), now() - interval '40 days', (SELECT coordinator FROM b_ctx) FROM b_cons k CROSS JOIN b_invited o;

-- Commitments (before contributions: answers link to them).
INSERT INTO commitments (plan_id, reference, title, objective, problem, lead_org_id, starts_on, ends_on, budget_amount, budget_currency, budget_notes,
  gender_marker, gender_justification, communication_mechanism, created_by, created_at)
SELECT p.id, 'B-' || g, 'Commitment ' || g || ': ' || (ARRAY['prevention councils','family support','school programmes','vocational training','online literacy'])[1 + g % 5],
  repeat('What this commitment will achieve by the end of the plan, measured by its indicators. ', 4),
  repeat('The problem this commitment answers, as civil society and the agencies described it. ', 4),
  (SELECT id FROM b_gov WHERE n = 1 + g % (SELECT count(*) FROM b_gov)),
  current_date - 300 + g, DATE '2030-12-31',
  CASE WHEN g % 4 <> 0 THEN 10000 * g END, CASE WHEN g % 4 <> 0 THEN 'USD' END, CASE WHEN g % 4 <> 0 THEN 'From the national budget.' END,
  (g % 3)::smallint, 'Women and girls take part in every activity and the indicators count them separately.',
  'Progress published every quarter; a public hearing each year.', c.coordinator, now() - interval '90 days'
FROM b_plan p, b_ctx c, generate_series(1, :commitments) g;
CREATE TEMP TABLE b_commitments AS
  SELECT id, lead_org_id, row_number() OVER (ORDER BY created_at, reference) AS n FROM commitments WHERE plan_id = (SELECT id FROM b_plan);
INSERT INTO commitment_bodies (commitment_id, plan_id, org_id, role)
SELECT c.id, (SELECT id FROM b_plan), o.id, r.role
FROM b_commitments c
CROSS JOIN (VALUES (0, 'responsible'), (1, 'accountable'), (2, 'consulted'), (3, 'informed')) r (i, role)
JOIN b_orgs o ON o.n = 1 + (c.n * 7 + r.i * 13) % (SELECT count(*) FROM b_orgs);
INSERT INTO commitment_milestones (commitment_id, plan_id, position, title, deliverable, due_on, completed_on)
SELECT c.id, (SELECT id FROM b_plan), m, 'Milestone ' || m, 'A deliverable that shows the milestone is reached.',
  current_date - 200 + m * 90, CASE WHEN m <= 2 THEN current_date - 220 + m * 90 END
FROM b_commitments c, generate_series(1, 5) m;
INSERT INTO commitment_indicators (commitment_id, plan_id, position, name, unit, baseline, target)
SELECT c.id, (SELECT id FROM b_plan), i, 'Indicator ' || i, (ARRAY['people','per cent','regions'])[i], 10 * i, 100 * i
FROM b_commitments c, generate_series(1, 3) i;
INSERT INTO commitment_progress (commitment_id, plan_id, milestone_id, org_id, user_id, reported_on, completion, body, milestone_done, created_at)
SELECT c.id, (SELECT id FROM b_plan), CASE WHEN r <= 2 THEN m.id END, c.lead_org_id, NULL, current_date - 300 + r * 28,
  (ARRAY['not_started','limited','limited','substantial','substantial'])[1 + r / 3],
  repeat('What was done in the period, with whom, and what remains. ', 5), r <= 2, now() - make_interval(days => 300 - r * 28)
FROM b_commitments c CROSS JOIN generate_series(1, 10) r
LEFT JOIN commitment_milestones m ON m.commitment_id = c.id AND m.position = r;
INSERT INTO commitment_assessments (commitment_id, plan_id, org_id, user_id, assessed_on, completion, reasons, created_at)
SELECT c.id, (SELECT id FROM b_plan), o.id, NULL, current_date - 250 + a * 45,
  (ARRAY['not_started','limited','limited','substantial','complete'])[a],
  repeat('Our own reading of the evidence, from our work with the people concerned. ', 4), now() - make_interval(days => 250 - a * 45)
FROM b_commitments c CROSS JOIN generate_series(1, 5) a
JOIN b_orgs o ON o.n = 1 + (c.n * 11 + a * 17 + 3) % (SELECT count(*) FROM b_orgs) ;

-- Contributions: spread over the consultations and the invited organisations; one in ten in a
-- person's own name (anonymous), one in seven of the others anonymous; on a section of the
-- consultation, on one of its questions, or general.
CREATE TEMP TABLE b_contrib AS
SELECT g, k.id AS consultation_id, k.k, pp.user_id, pp.org_id,
  CASE WHEN g % 10 = 0 THEN 'individual' ELSE 'organisation' END AS on_behalf,
  CASE WHEN g % 10 = 0 OR g % 7 = 0 THEN 'anonymous' ELSE 'named' END AS attribution,
  CASE WHEN g % 5 < 3 THEN (SELECT s.id FROM b_sections s WHERE s.n % 3 = k.k % 3 ORDER BY s.n OFFSET (g / 6) % ((SELECT count(*) FROM b_sections) / 3) LIMIT 1) END AS section_id,
  CASE WHEN g % 5 = 3 THEN (SELECT q.id FROM consultation_questions q WHERE q.consultation_id = k.id AND q.position = 1 + g % 5) END AS question_id
FROM generate_series(1, :contributions) g
JOIN b_cons k ON k.k = 1 + g % 6
JOIN b_people pp ON pp.n = 1 + (g / 6) % (SELECT count(*) FROM b_people);
INSERT INTO contributions (plan_id, consultation_id, section_id, question_id, org_id, user_id, on_behalf, attribution, org_type, women_led, body, submitted_at)
SELECT (SELECT id FROM b_plan), consultation_id, section_id, question_id, org_id, user_id, on_behalf, attribution, 'cso', false,
  'Contribution ' || g || '. ' || repeat('We propose that the plan names who does what, by when, and how families are heard. ', (4 + g % 6)::int),
  now() - interval '39 days' + make_interval(secs => g * 2592000.0 / :contributions)
FROM b_contrib;

-- 60% answered, with reasons; half of the answers link a section, a third a commitment.
CREATE TEMP TABLE b_answered AS
  SELECT c.id, c.section_id, row_number() OVER (ORDER BY c.submitted_at) AS n
  FROM contributions c WHERE c.plan_id = (SELECT id FROM b_plan);
DELETE FROM b_answered WHERE n % 5 >= 3;
UPDATE contributions c SET
  response_status = (ARRAY['accepted','partly_accepted','not_accepted','out_of_scope','under_consideration'])[1 + a.n % 5],
  response_reasons = 'Thank you. ' || repeat('The plan now says this more clearly, for the reasons set out here. ', (2 + a.n % 4)::int),
  responded_at = c.submitted_at + interval '3 days', responded_by = (SELECT coordinator FROM b_ctx)
FROM b_answered a WHERE a.id = c.id;
INSERT INTO contribution_links (contribution_id, plan_id, section_id)
SELECT a.id, (SELECT id FROM b_plan), coalesce(a.section_id, (SELECT id FROM b_sections WHERE n = 1 + a.n % (SELECT count(*) FROM b_sections)))
FROM b_answered a WHERE a.n % 2 = 0;
INSERT INTO contribution_links (contribution_id, plan_id, commitment_id)
SELECT a.id, (SELECT id FROM b_plan), (SELECT id FROM b_commitments WHERE n = 1 + a.n % (SELECT count(*) FROM b_commitments))
FROM b_answered a WHERE a.n % 3 = 0;

-- Meeting registers of the consultations held as meetings.
INSERT INTO consultation_participants (consultation_id, plan_id, org_id, org_name, org_type, women_led, sex, created_by)
SELECT k.id, (SELECT id FROM b_plan), o.id, o.name, o.type, o.women_led, (ARRAY['female','male','female','male','not_stated'])[1 + g % 5], (SELECT coordinator FROM b_ctx)
FROM generate_series(1, :participants) g
JOIN (SELECT id, row_number() OVER (ORDER BY k) AS m FROM b_cons WHERE 'meeting' = ANY (modes)) k ON k.m = 1 + g % 3
JOIN b_orgs o ON o.n = 1 + (g * 3) % (SELECT count(*) FROM b_orgs);

-- Consultations 1 to 4 held and closed; 5 and 6 still open.
UPDATE consultations c SET closes_at = now() - make_interval(days => 5 - b.k::int) FROM b_cons b WHERE b.id = c.id AND b.k <= 4;

COMMIT;
ANALYZE;
