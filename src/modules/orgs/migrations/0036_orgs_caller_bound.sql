-- Functions that took an organisation as an argument answered for any organisation: which
-- agreements it is party to, and whether two organisations are partners. They now answer only
-- about the acting organisation (the policies always passed it); for any other argument, nothing.
CREATE OR REPLACE FUNCTION tandem_agreement_ids_of_org(p_org uuid) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$ SELECT agreement_id FROM agreement_parties WHERE org_id = p_org AND p_org = tandem_org_id() $$;

CREATE OR REPLACE FUNCTION tandem_are_partners(p_org_a uuid, p_org_b uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT tandem_org_id() IN (p_org_a, p_org_b) AND EXISTS (
      SELECT 1 FROM partnership_agreements a
      JOIN agreement_parties x ON x.agreement_id = a.id AND x.org_id = p_org_a
      JOIN agreement_parties y ON y.agreement_id = a.id AND y.org_id = p_org_b
      WHERE a.status = 'active' AND current_date BETWEEN a.valid_from AND a.valid_until)
  $$;

-- Whether an agreement in force covers a sharing is now worked out by the application from the
-- agreements it may read (its own); the database no longer answers it for any two organisations.
DROP FUNCTION tandem_agreement_covers(uuid, uuid, text[], date);

-- A plan's owner must be a government body of the plan's country: asked only about the acting
-- organisation (the insert policy requires the owner to be it).
CREATE OR REPLACE FUNCTION tandem_plan_owner_fits(p_org uuid, p_country text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT p_org = tandem_org_id()
      AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = p_org AND o.type = 'government' AND o.country = p_country)
  $$;
