-- A suspension is lifted only by the party that suspended it, or by every party signing again.
--
-- Until now any party's administrator could resume an agreement another party had suspended,
-- and the database let a party's administrator write any column of an agreement in any state
-- (data categories of one in force, dates, its status, even which agreement its own signature
-- row belonged to). The rules, held here as well as in the service:
-- * who last changed the status (organisation, person, when) is recorded by the database from
--   the transaction's context, never written by the application: while an agreement is
--   suspended, that organisation is the one that suspended it;
-- * the status moves only along: draft → signing → active (once every party has signed);
--   active → suspended (with a reason); suspended → active (the suspending party only);
--   suspended → signing (any party, with a reason: every signature is cleared, so the agreement
--   is in force again only once every party, the suspending one included, has signed again);
--   draft, signing, active or suspended → terminated (with a reason);
-- * the text, data categories and dates change only in a draft, by the organisation drafting it;
-- * a party signs only for itself, only while the agreement is a draft or being signed; the
--   drafting organisation names parties, unsigned, and clears signatures, only in a draft;
-- * the application role writes only the columns these flows change.
-- The access list of case data (case_access) is refreshed by partnership_agreements_access on
-- every change of status, as before.

ALTER TABLE partnership_agreements
  ADD COLUMN status_changed_by_org uuid REFERENCES organisations (id),
  ADD COLUMN status_changed_by_user uuid REFERENCES users (id),
  ADD COLUMN status_changed_at timestamptz;

-- Agreements suspended or terminated before: who did it, from the audit trail (the latest such
-- event of a party). A suspension whose author cannot be found is lifted only by signing again.
UPDATE partnership_agreements a
  SET (status_changed_by_org, status_changed_by_user, status_changed_at) = (
    SELECT coalesce(e.actor_org_id, e.subject_org_id), e.actor_user_id, e.occurred_at
    FROM audit_events e
    WHERE e.subject_type = 'agreement' AND e.subject_id = a.id::text
      AND e.action = CASE a.status WHEN 'suspended' THEN 'org.agreement.suspend' ELSE 'org.agreement.terminate' END
      AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.org_id = coalesce(e.actor_org_id, e.subject_org_id))
    ORDER BY e.id DESC
    LIMIT 1)
  WHERE a.status IN ('suspended', 'terminated');
UPDATE partnership_agreements SET status_changed_at = updated_at
  WHERE status IN ('suspended', 'terminated') AND status_changed_at IS NULL;

-- The changes an acting organisation may make, checked before each update of an agreement. Runs
-- as the caller (row-level security still applies to what it reads: a party sees every party of
-- its agreements) with a fixed search path, so that no temporary table stands in for a real one.
CREATE FUNCTION tandem_agreement_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    acting uuid := tandem_org_id();
    reason_given boolean := length(btrim(coalesce(NEW.status_reason, ''))) >= 3;
  BEGIN
    -- Outside a request (migrations, demo data, maintenance) nobody acts: the platform changes
    -- the status, and is recorded as nobody.
    IF acting IS NULL AND current_user <> 'tandem_app' THEN
      IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_by_org := NULL;
        NEW.status_changed_by_user := NULL;
        NEW.status_changed_at := now();
      END IF;
      RETURN NEW;
    END IF;
    IF (NEW.title, NEW.services, NEW.regions, NEW.data_categories, NEW.legal_basis, NEW.retention_months,
        NEW.valid_from, NEW.valid_until, NEW.review_date)
       IS DISTINCT FROM (OLD.title, OLD.services, OLD.regions, OLD.data_categories, OLD.legal_basis, OLD.retention_months,
        OLD.valid_from, OLD.valid_until, OLD.review_date)
       AND NOT (OLD.status = 'draft' AND NEW.status = 'draft' AND OLD.created_by_org = acting) THEN
      RAISE EXCEPTION 'only a draft is changed, by the organisation that drafted it' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
      IF NEW.status_reason IS DISTINCT FROM OLD.status_reason THEN
        RAISE EXCEPTION 'a reason is given with a change of status' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END IF;
    IF OLD.status = 'active' AND NEW.status = 'suspended'
       OR OLD.status = 'suspended' AND NEW.status = 'signing'
       OR OLD.status IN ('draft', 'signing', 'active', 'suspended') AND NEW.status = 'terminated' THEN
      IF NOT reason_given THEN
        RAISE EXCEPTION 'a suspension, a new round of signatures and a termination need a reason' USING ERRCODE = 'check_violation';
      END IF;
    ELSIF OLD.status = 'suspended' AND NEW.status = 'active' THEN
      IF OLD.status_changed_by_org IS DISTINCT FROM acting THEN
        RAISE EXCEPTION 'only the party that suspended the agreement resumes it' USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSIF OLD.status IN ('draft', 'signing') AND NEW.status = 'active' THEN
      IF (SELECT count(*) FROM agreement_parties p WHERE p.agreement_id = OLD.id) < 2
         OR EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = OLD.id AND p.signed_at IS NULL) THEN
        RAISE EXCEPTION 'an agreement is in force only once every party has signed' USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSIF OLD.status = 'draft' AND NEW.status = 'signing' THEN
      IF NOT EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = OLD.id AND p.org_id = acting AND p.signed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'a draft goes to signing when a party signs it' USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSE
      RAISE EXCEPTION 'an agreement does not go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.status_changed_by_org := acting;
    NEW.status_changed_by_user := tandem_user_id();
    NEW.status_changed_at := now();
    RETURN NEW;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_agreement_change() FROM PUBLIC;
CREATE TRIGGER partnership_agreements_change BEFORE UPDATE ON partnership_agreements
  FOR EACH ROW EXECUTE FUNCTION tandem_agreement_change();

-- Signing again clears every party's signature. As the owner: a party may change only its own
-- signature. A trigger function, so nobody calls it directly; it acts on the one agreement the
-- update (already past row-level security and the checks above) moved from suspended to signing.
CREATE FUNCTION tandem_agreement_signatures_cleared() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    UPDATE agreement_parties SET signed_at = NULL, signed_by = NULL, signatory_name = NULL, signatory_title = NULL
      WHERE agreement_id = NEW.id;
    RETURN NULL;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_agreement_signatures_cleared() FROM PUBLIC;
CREATE TRIGGER partnership_agreements_sign_again AFTER UPDATE OF status ON partnership_agreements
  FOR EACH ROW WHEN (OLD.status = 'suspended' AND NEW.status = 'signing')
  EXECUTE FUNCTION tandem_agreement_signatures_cleared();

-- Column grants: only what the flows write. The status's author is written by the trigger alone.
REVOKE INSERT, UPDATE ON partnership_agreements FROM tandem_app;
GRANT INSERT (title, services, regions, data_categories, legal_basis, retention_months, valid_from, valid_until, review_date,
  created_by_org, created_by_user) ON partnership_agreements TO tandem_app;
GRANT UPDATE (title, services, regions, data_categories, legal_basis, retention_months, valid_from, valid_until, review_date,
  status, status_reason, updated_at) ON partnership_agreements TO tandem_app;
REVOKE INSERT, UPDATE ON agreement_parties FROM tandem_app;
GRANT INSERT (agreement_id, org_id) ON agreement_parties TO tandem_app;
GRANT UPDATE (signed_at, signed_by, signatory_name, signatory_title) ON agreement_parties TO tandem_app;

-- A new agreement is a draft of the acting organisation, by the acting person.
DROP POLICY agreements_creator_insert ON partnership_agreements;
CREATE POLICY agreements_creator_insert ON partnership_agreements FOR INSERT TO tandem_app
  WITH CHECK (created_by_org = (SELECT tandem_org_id()) AND created_by_user = (SELECT tandem_user_id())
    AND status = 'draft' AND (SELECT tandem_has_role('org_admin')));

-- Parties: named (unsigned) and removed by the drafting organisation while a draft; signatures
-- cleared by it when the draft changes; each party's administrator signs for its own only,
-- as the person acting, while the agreement is a draft or being signed.
DROP POLICY agreement_parties_creator_write ON agreement_parties;
DROP POLICY agreement_parties_sign ON agreement_parties;
CREATE POLICY agreement_parties_creator_insert ON agreement_parties FOR INSERT TO tandem_app
  WITH CHECK (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
      AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin'))
    AND signed_at IS NULL AND signed_by IS NULL AND signatory_name IS NULL AND signatory_title IS NULL);
CREATE POLICY agreement_parties_creator_delete ON agreement_parties FOR DELETE TO tandem_app
  USING (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
      AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin')));
CREATE POLICY agreement_parties_creator_clear ON agreement_parties FOR UPDATE TO tandem_app
  USING (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
      AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin')))
  WITH CHECK (EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id
      AND a.created_by_org = (SELECT tandem_org_id()) AND a.status = 'draft') AND (SELECT tandem_has_role('org_admin'))
    AND signed_at IS NULL AND signed_by IS NULL AND signatory_name IS NULL AND signatory_title IS NULL);
CREATE POLICY agreement_parties_sign ON agreement_parties FOR UPDATE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin'))
    AND EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id AND a.status IN ('draft', 'signing')))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin'))
    AND EXISTS (SELECT 1 FROM partnership_agreements a WHERE a.id = agreement_id AND a.status IN ('draft', 'signing'))
    AND (signed_at IS NULL OR signed_by = (SELECT tandem_user_id())));
