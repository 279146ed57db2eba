-- Funding, second slice: the gaps of 0120 closed, and what the service needs.
--
--   * A tie that appears after assignment (a new membership of the applicant, an agreement with it
--     coming into force) flags the assignment when it appears, and the reviewer's read and score
--     policies check ties live as well, so a tie that begins by date alone also blocks.
--   * A published call is fixed: only its closing date may move, and only later.
--   * Published calls are read by people acting for an organisation of the directory, and by
--     anyone when the owner chose to list the call publicly.
--   * The applicant's side is for its funding roles (administrator, contributor), and never for
--     a member who is also assigned to review the application.
--   * Facts the call owner needs and may not read elsewhere are kept with the rows: the
--     applicant's name, type, country and women-led status as at the application (filled by the
--     database), the reviewer's name as at assignment, and the panel's score with the decision.

ALTER TABLE funding_calls ADD COLUMN public_listing boolean NOT NULL DEFAULT false;
GRANT UPDATE (public_listing) ON funding_calls TO tandem_app;

ALTER TABLE funding_applications
  ADD COLUMN applicant_name text NOT NULL DEFAULT '',
  ADD COLUMN applicant_type text NOT NULL DEFAULT '',
  ADD COLUMN applicant_country text NOT NULL DEFAULT '',
  ADD COLUMN applicant_women_led boolean NOT NULL DEFAULT false,
  ADD COLUMN panel_score numeric(5,2) CHECK (panel_score BETWEEN 0 AND 100);
GRANT UPDATE (panel_score) ON funding_applications TO tandem_app;

-- The reviewer's name for the owner; the applicant's name for the reviewer's queue, before the
-- declaration opens the application (left empty when the call reviews blind).
ALTER TABLE funding_reviewers
  ADD COLUMN reviewer_name text NOT NULL DEFAULT '' CHECK (length(reviewer_name) <= 200),
  ADD COLUMN applicant_name text CHECK (length(applicant_name) <= 200);

-- The applicant's facts come from its organisation, never from the request.
CREATE FUNCTION tandem_funding_applicant_facts() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    SELECT o.name, o.type, o.country, o.women_led
      INTO NEW.applicant_name, NEW.applicant_type, NEW.applicant_country, NEW.applicant_women_led
      FROM organisations o WHERE o.id = NEW.applicant_org_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the applicant organisation is not readable' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_applicant_facts() FROM PUBLIC;
CREATE TRIGGER funding_applications_facts BEFORE INSERT ON funding_applications
  FOR EACH ROW EXECUTE FUNCTION tandem_funding_applicant_facts();

-- A published call: nothing but a later closing date. (A draft is edited freely by its owner.)
CREATE FUNCTION tandem_funding_call_fixed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF OLD.status = 'draft' THEN
      RETURN NEW;
    END IF;
    IF NEW.deadline < OLD.deadline
       OR (to_jsonb(NEW) - 'deadline') IS DISTINCT FROM (to_jsonb(OLD) - 'deadline') THEN
      RAISE EXCEPTION 'a published call only has its closing date extended' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_call_fixed() FROM PUBLIC;
CREATE TRIGGER funding_calls_fixed BEFORE UPDATE ON funding_calls
  FOR EACH ROW EXECUTE FUNCTION tandem_funding_call_fixed();

-- Whether a person has a known tie to an organisation: a membership of it, or an active agreement
-- between one of their organisations and it. Called only by the definer functions below.
CREATE FUNCTION tandem_funding_tie(p_user uuid, p_org uuid) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p_user AND m.org_id = p_org)
        OR EXISTS (
          SELECT 1 FROM memberships m
          JOIN agreement_parties x ON x.org_id = m.org_id
          JOIN agreement_parties y ON y.agreement_id = x.agreement_id AND y.org_id = p_org
          JOIN partnership_agreements a ON a.id = x.agreement_id
          WHERE m.user_id = p_user AND m.org_id <> p_org AND a.status = 'active'
            AND current_date BETWEEN a.valid_from AND a.valid_until)
  $$;
REVOKE ALL ON FUNCTION tandem_funding_tie(uuid, uuid) FROM PUBLIC;

-- The acting person's tie to the applicant of one application, for the reviewer's policies. The
-- person is the transaction's, never an argument; it answers about nobody else.
CREATE FUNCTION tandem_funding_caller_tied(p_application uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT COALESCE((SELECT tandem_funding_tie(tandem_user_id(), a.applicant_org_id)
      FROM funding_applications a WHERE a.id = p_application), true)
  $$;
REVOKE ALL ON FUNCTION tandem_funding_caller_tied(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_funding_caller_tied(uuid) TO tandem_app;

-- A tie that appears later flags every open assignment it concerns.
CREATE FUNCTION tandem_funding_reflag() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    UPDATE funding_reviewers r SET conflict_flagged = true
      FROM funding_applications a
      WHERE a.id = r.application_id AND NOT r.conflict_flagged
        AND tandem_funding_tie(r.reviewer_user_id, a.applicant_org_id);
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_reflag() FROM PUBLIC;
CREATE TRIGGER memberships_funding_reflag AFTER INSERT OR UPDATE OF org_id, user_id, status ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_funding_reflag();
CREATE TRIGGER agreement_parties_funding_reflag AFTER INSERT ON agreement_parties
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_funding_reflag();
CREATE TRIGGER partnership_agreements_funding_reflag AFTER INSERT OR UPDATE OF status, valid_from, valid_until ON partnership_agreements
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_funding_reflag();

-- The reviewer's name for the call owner, who cannot read people of other organisations: an
-- active account by its e-mail address, asked only by a donor officer.
CREATE FUNCTION tandem_funding_find_reviewer(p_email text) RETURNS TABLE (id uuid, display_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT u.id, u.display_name FROM users u
    WHERE lower(u.email) = lower(p_email) AND u.status = 'active'
      AND tandem_org_id() IS NOT NULL AND tandem_has_role('donor_officer')
  $$;
REVOKE ALL ON FUNCTION tandem_funding_find_reviewer(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_funding_find_reviewer(text) TO tandem_app;

-- Calls: the owner's donor officers create and edit drafts and extend published ones (the
-- trigger above fixes the rest); readers as described at the top.
DROP POLICY funding_calls_owner ON funding_calls;
DROP POLICY funding_calls_published ON funding_calls;
CREATE POLICY funding_calls_owner_select ON funding_calls FOR SELECT TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer')));
CREATE POLICY funding_calls_owner_insert ON funding_calls FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))
    AND status = 'draft' AND published_at IS NULL AND created_by = (SELECT tandem_user_id()));
CREATE POLICY funding_calls_owner_update ON funding_calls FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer')))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))
    AND (status = 'draft') = (published_at IS NULL));
CREATE POLICY funding_calls_published ON funding_calls FOR SELECT TO tandem_app
  USING (status <> 'draft' AND (public_listing
    OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = (SELECT tandem_org_id()))));

-- Applications: the applicant's funding roles only, and never a member assigned to review it.
DROP POLICY funding_applications_applicant_select ON funding_applications;
DROP POLICY funding_applications_applicant_insert ON funding_applications;
DROP POLICY funding_applications_applicant_update ON funding_applications;
CREATE POLICY funding_applications_applicant_select ON funding_applications FOR SELECT TO tandem_app
  USING (applicant_org_id = (SELECT tandem_org_id())
    AND ((SELECT tandem_has_role('org_admin')) OR (SELECT tandem_has_role('contributor')))
    AND NOT EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.application_id = funding_applications.id
      AND r.reviewer_user_id = (SELECT tandem_user_id())));
CREATE POLICY funding_applications_applicant_insert ON funding_applications FOR INSERT TO tandem_app
  WITH CHECK (applicant_org_id = (SELECT tandem_org_id()) AND status = 'draft' AND created_by = (SELECT tandem_user_id())
    AND ((SELECT tandem_has_role('org_admin')) OR (SELECT tandem_has_role('contributor')))
    AND decision_reasons IS NULL AND panel_score IS NULL
    AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id AND c.status = 'published'
      AND c.opens_on <= current_date AND c.deadline > now()));
CREATE POLICY funding_applications_applicant_update ON funding_applications FOR UPDATE TO tandem_app
  USING (applicant_org_id = (SELECT tandem_org_id()) AND status = 'draft'
    AND ((SELECT tandem_has_role('org_admin')) OR (SELECT tandem_has_role('contributor'))))
  WITH CHECK (applicant_org_id = (SELECT tandem_org_id()) AND status IN ('draft', 'submitted')
    AND decision_reasons IS NULL AND panel_score IS NULL
    AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id AND c.deadline > now()));

-- The reviewer reads and scores only while without conflict: declared, flagged, or tied now.
DROP POLICY funding_applications_reviewer_select ON funding_applications;
CREATE POLICY funding_applications_reviewer_select ON funding_applications FOR SELECT TO tandem_app
  USING (status <> 'draft' AND EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.application_id = funding_applications.id
    AND r.reviewer_user_id = (SELECT tandem_user_id()) AND r.declared_at IS NOT NULL
    AND r.conflict_declared = false AND r.conflict_flagged = false)
    AND NOT tandem_funding_caller_tied(id));
DROP POLICY funding_scores_reviewer ON funding_scores;
CREATE POLICY funding_scores_reviewer ON funding_scores FOR ALL TO tandem_app
  USING (EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.id = reviewer_id AND r.reviewer_user_id = (SELECT tandem_user_id())
    AND r.declared_at IS NOT NULL AND r.conflict_declared = false AND r.conflict_flagged = false
    AND NOT tandem_funding_caller_tied(r.application_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM funding_reviewers r JOIN funding_applications a ON a.id = r.application_id
    WHERE r.id = reviewer_id AND r.reviewer_user_id = (SELECT tandem_user_id())
    AND r.declared_at IS NOT NULL AND r.conflict_declared = false AND r.conflict_flagged = false
    AND a.status = 'submitted' AND NOT tandem_funding_caller_tied(r.application_id)));

-- The owner assigns to applications of its own calls, naming itself as assigner; the trigger
-- below admits only a submitted application (a policy here reading applications would recurse,
-- their policies reading assignments).
DROP POLICY funding_reviewers_owner_insert ON funding_reviewers;
CREATE POLICY funding_reviewers_owner_insert ON funding_reviewers FOR INSERT TO tandem_app
  WITH CHECK (declared_at IS NULL AND conflict_declared IS NULL AND assigned_by = (SELECT tandem_user_id())
    AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
      AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));

-- The ties trigger of 0120, now also refusing an assignment to an application not submitted.
CREATE OR REPLACE FUNCTION tandem_funding_reviewer_ties() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE applicant uuid; app_status text; app_name text; blind boolean;
  BEGIN
    SELECT a.applicant_org_id, a.status, a.applicant_name, c.blind_review INTO applicant, app_status, app_name, blind
      FROM funding_applications a JOIN funding_calls c ON c.id = a.call_id
      WHERE a.id = NEW.application_id AND a.call_id = NEW.call_id;
    IF applicant IS NULL THEN
      RAISE EXCEPTION 'the application is not one of this call' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
      IF app_status <> 'submitted' THEN
        RAISE EXCEPTION 'reviewers are assigned to a submitted application' USING ERRCODE = 'check_violation';
      END IF;
      -- The name the queue shows before the declaration: none in a blind review.
      NEW.applicant_name := CASE WHEN blind THEN NULL ELSE app_name END;
    ELSIF NEW.applicant_name IS DISTINCT FROM OLD.applicant_name THEN
      RAISE EXCEPTION 'the applicant name of an assignment is fixed' USING ERRCODE = 'check_violation';
    END IF;
    NEW.conflict_flagged := NEW.conflict_flagged OR tandem_funding_tie(NEW.reviewer_user_id, applicant);
    RETURN NEW;
  END
  $$;

CREATE INDEX funding_calls_owner ON funding_calls (owner_org_id);
CREATE INDEX funding_applications_applicant ON funding_applications (applicant_org_id);
CREATE INDEX funding_reviewers_application ON funding_reviewers (application_id);

-- A declaration stays on record: the owner removes only an assignment not yet declared on (a
-- reviewer with a conflict is replaced by assigning another).
DROP POLICY funding_reviewers_owner_delete ON funding_reviewers;
CREATE POLICY funding_reviewers_owner_delete ON funding_reviewers FOR DELETE TO tandem_app
  USING (declared_at IS NULL AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));

-- What the applicant submitted is theirs: after submission nobody changes the answers, budget or
-- who applied (the call owner's update policy is for the decision only), and a decision is final.
CREATE FUNCTION tandem_funding_application_fixed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF OLD.status IN ('awarded', 'rejected') THEN
      RAISE EXCEPTION 'a decided application is final' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'submitted' AND (
         NEW.status NOT IN ('submitted', 'awarded', 'rejected')
         OR (to_jsonb(NEW) - ARRAY['status', 'decision_reasons', 'decided_at', 'decided_by', 'panel_score'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'decision_reasons', 'decided_at', 'decided_by', 'panel_score'])) THEN
      RAISE EXCEPTION 'a submitted application is not changed, only decided' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'draft' AND NEW.status = 'submitted' AND NEW.submitted_at IS NULL THEN
      RAISE EXCEPTION 'a submission has its time' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_application_fixed() FROM PUBLIC;
CREATE TRIGGER funding_applications_fixed BEFORE UPDATE ON funding_applications
  FOR EACH ROW EXECUTE FUNCTION tandem_funding_application_fixed();
