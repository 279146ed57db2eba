-- Partnership agreements between organisations: what they do together, which categories of
-- personal data may pass between them, on which legal basis, for how long, signed by each.
-- An agreement is in force when every party has signed, it has not been suspended or ended,
-- and today lies within its validity. The cases module refuses to share personal data between
-- organisations without one covering the categories concerned (tandem_agreement_covers).

CREATE TABLE partnership_agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 200),
  services text NOT NULL DEFAULT '' CHECK (length(services) <= 4000),
  regions text[] NOT NULL DEFAULT '{}',
  data_categories text[] NOT NULL DEFAULT '{}' CHECK (data_categories <@ ARRAY['identity', 'contact', 'household',
    'consents', 'needs_assessment', 'professional_judgement', 'case_plan', 'referrals_services', 'case_conferences',
    'psychosocial_notes', 'other_notes', 'security']),
  legal_basis text NOT NULL CHECK (legal_basis IN ('consent', 'legal_obligation', 'public_task', 'vital_interests',
    'legitimate_interests', 'contract')),
  retention_months integer NOT NULL CHECK (retention_months BETWEEN 1 AND 600),
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  review_date date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signing', 'active', 'suspended', 'terminated')),
  status_reason text CHECK (length(status_reason) <= 1000),
  created_by_org uuid NOT NULL REFERENCES organisations (id),
  created_by_user uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from)
);

CREATE TABLE agreement_parties (
  agreement_id uuid NOT NULL REFERENCES partnership_agreements (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  signed_at timestamptz,
  signed_by uuid REFERENCES users (id),
  signatory_name text CHECK (length(signatory_name) <= 200),
  signatory_title text CHECK (length(signatory_title) <= 200),
  PRIMARY KEY (agreement_id, org_id)
);
CREATE INDEX agreement_parties_org_idx ON agreement_parties (org_id);

-- Whether an agreement in force binds both organisations and covers every category given.
CREATE FUNCTION tandem_agreement_covers(p_org_a uuid, p_org_b uuid, p_categories text[], p_on date DEFAULT current_date)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT a.id FROM partnership_agreements a
    WHERE a.status = 'active' AND p_on BETWEEN a.valid_from AND a.valid_until
      AND p_categories <@ a.data_categories
      AND EXISTS (SELECT 1 FROM agreement_parties x WHERE x.agreement_id = a.id AND x.org_id = p_org_a)
      AND EXISTS (SELECT 1 FROM agreement_parties y WHERE y.agreement_id = a.id AND y.org_id = p_org_b)
    ORDER BY a.valid_until DESC
    LIMIT 1
  $$;

-- Whether two organisations are partners today (any agreement in force): partners-only
-- organisations are visible to each other.
CREATE FUNCTION tandem_are_partners(p_org_a uuid, p_org_b uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM partnership_agreements a
      JOIN agreement_parties x ON x.agreement_id = a.id AND x.org_id = p_org_a
      JOIN agreement_parties y ON y.agreement_id = a.id AND y.org_id = p_org_b
      WHERE a.status = 'active' AND current_date BETWEEN a.valid_from AND a.valid_until)
  $$;

-- The organisations a party sees: those it shares an agreement with (any state).
CREATE FUNCTION tandem_agreement_ids_of_org(p_org uuid) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT agreement_id FROM agreement_parties WHERE org_id = p_org $$;

REVOKE EXECUTE ON FUNCTION tandem_agreement_covers(uuid, uuid, text[], date), tandem_are_partners(uuid, uuid),
  tandem_agreement_ids_of_org(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_agreement_covers(uuid, uuid, text[], date), tandem_are_partners(uuid, uuid),
  tandem_agreement_ids_of_org(uuid) TO tandem_app;

GRANT SELECT, INSERT, UPDATE ON partnership_agreements TO tandem_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON agreement_parties TO tandem_app;
ALTER TABLE partnership_agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE partnership_agreements FORCE ROW LEVEL SECURITY;
ALTER TABLE agreement_parties ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_parties FORCE ROW LEVEL SECURITY;

-- Parties see their agreements; their administrators write them (the service decides which
-- change is allowed in which state).
CREATE POLICY agreements_party_select ON partnership_agreements FOR SELECT TO tandem_app
  USING (id IN (SELECT tandem_agreement_ids_of_org((SELECT tandem_org_id()))) OR created_by_org = (SELECT tandem_org_id()));
CREATE POLICY agreements_creator_insert ON partnership_agreements FOR INSERT TO tandem_app
  WITH CHECK (created_by_org = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')));
CREATE POLICY agreements_party_update ON partnership_agreements FOR UPDATE TO tandem_app
  USING (id IN (SELECT tandem_agreement_ids_of_org((SELECT tandem_org_id()))) AND (SELECT tandem_has_role('org_admin')))
  WITH CHECK (id IN (SELECT tandem_agreement_ids_of_org((SELECT tandem_org_id()))) AND (SELECT tandem_has_role('org_admin')));

CREATE POLICY agreement_parties_select ON agreement_parties FOR SELECT TO tandem_app
  USING (agreement_id IN (SELECT tandem_agreement_ids_of_org((SELECT tandem_org_id()))));
-- The drafting organisation names the parties while the agreement is a draft.
CREATE POLICY agreement_parties_creator_write ON agreement_parties FOR ALL TO tandem_app
  USING (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
    AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin')))
  WITH CHECK (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
    AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin')));
-- Each party's administrator signs for their own organisation only.
CREATE POLICY agreement_parties_sign ON agreement_parties FOR UPDATE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')));

-- Organisations are visible: public ones to everyone signed in, partners-only ones to their
-- partners, and every one to its own members and to a platform administrator.
DROP POLICY organisations_app_select ON organisations;
CREATE POLICY organisations_app_select ON organisations FOR SELECT TO tandem_app
  USING (
    visibility = 'public'
    OR id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = (SELECT tandem_user_id()) AND m.status = 'active')
    OR (visibility = 'partners' AND tandem_are_partners(id, (SELECT tandem_org_id())))
    OR (SELECT tandem_has_role('platform_admin')));
-- Agreement parties see each other's names even when hidden (an agreement names its parties).
CREATE POLICY organisations_agreement_party ON organisations FOR SELECT TO tandem_app
  USING (id IN (SELECT p.org_id FROM agreement_parties p));

-- A platform administrator may invite the first administrator of any organisation.
CREATE POLICY invitations_platform_admin ON invitations FOR ALL TO tandem_app
  USING ((SELECT tandem_has_role('platform_admin')))
  WITH CHECK ((SELECT tandem_has_role('platform_admin')) AND invited_by = (SELECT tandem_user_id()));
