-- National-scale data for the cases benchmark, generated inside PostgreSQL (fast and repeatable:
-- setseed makes the same data every run). Runs after the migrations and the demo seed, as owner.
-- Sizes: :orgs organisations in all, :persons cases, :sessions service sessions, :audit audit events.
SELECT setseed(0.42);

-- The access list is kept row by row by triggers; a bulk load builds it once at the end instead.
ALTER TABLE case_team DISABLE TRIGGER case_team_access;
ALTER TABLE case_consents DISABLE TRIGGER case_consents_access;
ALTER TABLE agreement_parties DISABLE TRIGGER agreement_parties_access;

-- Organisations up to :orgs (CSOs across the regions).
INSERT INTO organisations (name, type, country, regions, need_domains, languages, women_led, visibility)
SELECT 'Bench organisation ' || g, 'cso', 'XM',
  ARRAY[(ARRAY['capital','north','east','south','lake'])[1 + g % 5]],
  ARRAY[(ARRAY['psychosocial','vocational','legal','educational','familial'])[1 + g % 5]],
  ARRAY['ru'], g % 3 = 0, 'public'
FROM generate_series(1, :orgs - (SELECT count(*) FROM organisations)) g;

-- Cases: the three agencies lead them (the demo coordinator's agency most of them).
CREATE TEMP TABLE bench_leads AS
  SELECT id, row_number() OVER (ORDER BY name) AS n FROM organisations WHERE type = 'government';
INSERT INTO cases (jurisdiction, case_number, alias, sex, age_band, birth_year, nationality, category, legal_status, region, languages, lead_org_id, status, opened_on, created_at, updated_at)
SELECT 'XM', 'XM-2025-' || lpad(g::text, 6, '0'),
  (ARRAY['Aida','Bekzat','Dana','Erlan','Farida','Gulim','Hasan','Ilona','Jamal','Kamila','Laila','Marat','Nurlan','Olga','Pavel','Rustam','Saule','Talgat','Umida','Vera'])[1 + g % 20] || ' ' || g,
  (ARRAY['female','male','female','male','unknown'])[1 + g % 5],
  (ARRAY['0-4','5-11','12-17','18-24','25-34','35-49','50+'])[1 + g % 7],
  1950 + g % 70, 'XM',
  (ARRAY['adult_returnee','child_returnee','family_member','released_offender','referred_for_intervention'])[1 + g % 5],
  'none',
  (ARRAY['capital','north','east','south','lake'])[1 + g % 5],
  ARRAY['ru'],
  (SELECT id FROM bench_leads WHERE n = CASE WHEN g % 10 < 6 THEN 2 WHEN g % 10 < 8 THEN 1 ELSE 3 END),
  CASE WHEN g % 9 = 0 THEN 'closed' ELSE 'open' END,
  current_date - (g % 1500),
  now() - make_interval(days => (g % 1500)::int),
  now() - make_interval(mins => g::int)
FROM generate_series(1, :persons) g;

CREATE TEMP TABLE bench_cases AS SELECT id, lead_org_id, row_number() OVER (ORDER BY case_number) AS n FROM cases WHERE case_number LIKE 'XM-2025-%';
CREATE INDEX ON bench_cases (n);
CREATE TEMP TABLE bench_csos AS SELECT id, row_number() OVER (ORDER BY name) AS n FROM organisations WHERE type = 'cso';
CREATE INDEX ON bench_csos (n);

-- Identity vault rows (sealed-looking values: the benchmark never decrypts them).
INSERT INTO case_identity (case_id, field, sealed, blind_index)
SELECT c.id, f, 'v1.bench.' || md5(c.id::text || f) || '.x.y', md5(f || c.n)
FROM bench_cases c CROSS JOIN unnest(ARRAY['legal_name', 'birth_date']) f;

-- Each case is referred to one CSO (the centre of the demo caseworker gets 1 in 50) and the
-- CSO is on the team with consent; an agreement in force lets the data pass.
CREATE TEMP TABLE bench_referrals AS
SELECT c.id AS case_id, c.lead_org_id,
  CASE WHEN c.n % 50 = 0 THEN (SELECT id FROM organisations WHERE short_name = 'BPC')
       ELSE (SELECT id FROM bench_csos WHERE n = 1 + c.n % (SELECT count(*) FROM bench_csos)) END AS to_org,
  c.n
FROM bench_cases c;

-- (The partner's id rides in "services" until the parties are written.)
INSERT INTO partnership_agreements (title, services, data_categories, legal_basis, retention_months, valid_from, valid_until, status, created_by_org)
SELECT 'Bench agreement', o.to_org::text, ARRAY['identity','household','consents','needs_assessment','referrals_services','psychosocial_notes'],
  'consent', 60, current_date - 30, current_date + 365, 'active', l.id
FROM bench_leads l CROSS JOIN (SELECT DISTINCT to_org FROM bench_referrals) o
WHERE NOT EXISTS (SELECT 1 FROM agreement_parties x JOIN agreement_parties y ON x.agreement_id = y.agreement_id
  WHERE x.org_id = l.id AND y.org_id = o.to_org);
INSERT INTO agreement_parties (agreement_id, org_id, signed_at)
SELECT a.id, p.org, now()
FROM partnership_agreements a CROSS JOIN LATERAL unnest(ARRAY[a.created_by_org, a.services::uuid]) AS p (org)
WHERE a.title = 'Bench agreement';
UPDATE partnership_agreements SET services = 'Benchmark services' WHERE title = 'Bench agreement';

INSERT INTO case_consents (case_id, recipient_org_id, purpose, data_categories, legal_basis, given_by, starts_on, ends_on)
SELECT case_id, to_org, 'Support', ARRAY['identity','household','consents','needs_assessment','referrals_services','psychosocial_notes'], 'consent', 'person', current_date - 100, current_date + 300
FROM bench_referrals;

INSERT INTO referrals (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, status, answer_due_on, created_at)
SELECT case_id, lead_org_id, to_org, 'psychosocial', 'Counselling', 'Benchmark referral',
  ARRAY['identity','household','consents','needs_assessment','referrals_services','psychosocial_notes'],
  CASE WHEN n % 7 = 0 THEN 'proposed' WHEN n % 11 = 0 THEN 'closed' ELSE 'accepted' END,
  current_date + 5, now() - make_interval(days => (n % 700)::int)
FROM bench_referrals;

INSERT INTO case_team (case_id, org_id, team_role, sections, via_referral_id)
SELECT r.case_id, r.to_org_id, 'service_provider', r.data_categories, r.id
FROM referrals r JOIN bench_cases c ON c.id = r.case_id
WHERE r.status IN ('accepted', 'closed');

-- :sessions service sessions, spread over the accepted referrals.
INSERT INTO service_sessions (referral_id, case_id, org_id, session_on, attendance)
SELECT r.id, r.case_id, r.to_org_id, current_date - (g % 600), (ARRAY['attended','attended','attended','missed','cancelled'])[1 + g % 5]
FROM (SELECT id, case_id, to_org_id, row_number() OVER (ORDER BY id) AS k FROM referrals WHERE status IN ('accepted', 'closed')) r
JOIN generate_series(1, :sessions) g ON r.k = 1 + g % (SELECT count(*) FROM referrals WHERE status IN ('accepted', 'closed'));

INSERT INTO needs_assessments (case_id, org_id, assessed_on, levels)
SELECT id, lead_org_id, current_date - 30, '{"psychosocial": 2, "housing": 1}' FROM bench_cases WHERE n % 3 = 0;

INSERT INTO case_events (case_id, kind, section, data)
SELECT id, 'case.opened', NULL, '{}' FROM bench_cases;

ALTER TABLE case_team ENABLE TRIGGER case_team_access;
ALTER TABLE case_consents ENABLE TRIGGER case_consents_access;
ALTER TABLE agreement_parties ENABLE TRIGGER agreement_parties_access;
INSERT INTO case_access SELECT * FROM tandem_entitled_access(NULL, NULL, NULL) ON CONFLICT DO NOTHING;

-- :audit audit events, sealed already (the benchmark does not verify the chain).
ALTER TABLE audit_events DISABLE TRIGGER audit_events_guard;
INSERT INTO audit_events (occurred_at, actor_org_id, action, subject_type, subject_id, details, chain_seq, prev_hash, hash)
SELECT now() - make_interval(secs => g::double precision), (SELECT id FROM bench_leads WHERE n = 1 + g % 3), 'case.read', 'case', g::text, '{}',
  1000000000 + g, '\x00', '\x00'
FROM generate_series(1, :audit) g;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_guard;

ANALYZE;
