-- Subject access with four eyes. Until now, setting tandem.subject_access opened the whole case
-- (another organisation's unshared psychosocial notes and every security note included) to any
-- case coordinator of the lead agency, on their word alone. From here:
--
--  * every subject access export is a row of subject_access_requests, with the written reason;
--  * the lead agency's data protection officer exporting, with a reason, sees everything, as before;
--  * a case coordinator exporting sees what the lead agency sees day to day, plus the records
--    only an export shows that are not another organisation's restricted sections (break-glass
--    uses, other organisations' reminders, the timeline but its security events);
--  * another organisation's restricted sections — security notes and events, psychosocial notes
--    another organisation has not shared — open to a coordinator only through a request that a
--    different person, a data protection officer of the lead agency, approved, within 7 days of
--    the approval and for at most 3 downloads, each download counted in the transaction that
--    reads. The same person can never decide their own request, whatever roles they hold.
--
-- The export service checks all of this first (export/sar-policy.ts); these functions and
-- policies are the second wall, written separately.

CREATE TABLE subject_access_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- Copied from the case by trigger, like every case table.
  lead_org_id uuid NOT NULL,
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_as text NOT NULL CHECK (requested_as IN ('dpo', 'case_coordinator')),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 15 AND 1000),
  -- not_needed: exported at once (the officer's own export, or nothing of another organisation's
  -- restricted sections in it); pending → approved or refused by a data protection officer.
  approval text NOT NULL CHECK (approval IN ('not_needed', 'pending', 'approved', 'refused')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- The transaction that wrote the row: an export that needs no approval opens the case in that
  -- transaction only.
  written_in xid8 NOT NULL DEFAULT pg_current_xact_id(),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text CHECK (length(btrim(decision_note)) BETWEEN 3 AND 1000),
  expires_at timestamptz,
  max_downloads integer NOT NULL DEFAULT 3 CHECK (max_downloads BETWEEN 1 AND 10),
  downloads integer NOT NULL DEFAULT 0,
  last_download_at timestamptz,
  -- The transaction of the latest download: the approved request opens the case in it only.
  last_download_in xid8,
  -- Four eyes: whoever decides is not whoever asked.
  CONSTRAINT subject_access_requests_four_eyes CHECK (decided_by <> requested_by),
  CONSTRAINT subject_access_requests_decided CHECK ((approval IN ('approved', 'refused')) = (decided_by IS NOT NULL AND decided_at IS NOT NULL AND decision_note IS NOT NULL)),
  CONSTRAINT subject_access_requests_pending_coordinator CHECK (approval = 'not_needed' OR requested_as = 'case_coordinator'),
  CONSTRAINT subject_access_requests_expiry CHECK ((approval = 'approved') = (expires_at IS NOT NULL) AND (expires_at IS NULL OR expires_at <= decided_at + interval '7 days')),
  CONSTRAINT subject_access_requests_downloads CHECK (downloads BETWEEN 0 AND max_downloads AND (downloads = 0 OR approval = 'approved'))
);
CREATE INDEX subject_access_requests_case_idx ON subject_access_requests (case_id, requested_by);
CREATE INDEX subject_access_requests_requester_idx ON subject_access_requests (requested_by, requested_at DESC);
CREATE INDEX subject_access_requests_pending_idx ON subject_access_requests (lead_org_id, requested_at) WHERE approval = 'pending';

CREATE TRIGGER subject_access_requests_lead BEFORE INSERT OR UPDATE ON subject_access_requests FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();

ALTER TABLE subject_access_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE subject_access_requests FORCE ROW LEVEL SECURITY;

-- The requester sees their own requests; the lead agency's data protection officers see the
-- agency's.
CREATE POLICY subject_access_requests_select ON subject_access_requests FOR SELECT TO tandem_app
  USING (requested_by = (SELECT tandem_user_id())
    OR (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo'))));
-- Asked for by the person acting, for a case their organisation leads and that is not
-- anonymised, in the capacity of a role they hold: an officer's export never waits.
CREATE POLICY subject_access_requests_insert ON subject_access_requests FOR INSERT TO tandem_app
  WITH CHECK (requested_by = (SELECT tandem_user_id())
    AND lead_org_id = (SELECT tandem_org_id())
    AND decided_by IS NULL AND downloads = 0 AND last_download_in IS NULL
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.status <> 'anonymised')
    AND ((requested_as = 'dpo' AND approval = 'not_needed' AND (SELECT tandem_has_role('dpo')))
      OR (requested_as = 'case_coordinator' AND approval IN ('not_needed', 'pending') AND (SELECT tandem_has_role('case_coordinator')))));
-- Decided once, by another person: a data protection officer of the lead agency.
CREATE POLICY subject_access_requests_decide ON subject_access_requests FOR UPDATE TO tandem_app
  USING (approval = 'pending'
    AND lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo'))
    AND requested_by <> (SELECT tandem_user_id()))
  WITH CHECK (approval IN ('approved', 'refused')
    AND lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo'))
    AND decided_by = (SELECT tandem_user_id()) AND requested_by <> (SELECT tandem_user_id())
    AND decided_at = now() AND downloads = 0);

GRANT SELECT ON subject_access_requests TO tandem_app;
GRANT INSERT (case_id, requested_by, requested_as, reason, approval) ON subject_access_requests TO tandem_app;
GRANT UPDATE (approval, decided_by, decided_at, decision_note, expires_at) ON subject_access_requests TO tandem_app;
-- Downloads are counted only by tandem_subject_access_download() below: no grant on them.

-- The case a subject access export opens in this transaction, short of other organisations'
-- restricted sections: named in tandem.subject_access, led by the acting organisation, not
-- anonymised, and backed by a request of the acting person that is in force in this very
-- transaction — one written now that needed no approval (in the capacity of a role they hold),
-- or an approved one whose download was counted now and has not expired.
CREATE OR REPLACE FUNCTION tandem_subject_access_case() RETURNS uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    v text := current_setting('tandem.subject_access', true);
    v_xact xid8 := pg_current_xact_id_if_assigned();
    v_case uuid;
  BEGIN
    IF v IS NULL OR v !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' OR v_xact IS NULL THEN
      RETURN NULL;
    END IF;
    SELECT c.id INTO v_case FROM cases c
    WHERE c.id = v::uuid AND c.lead_org_id = tandem_org_id() AND c.status <> 'anonymised'
      AND EXISTS (
        SELECT 1 FROM subject_access_requests r
        WHERE r.case_id = c.id AND r.requested_by = tandem_user_id()
          AND ((r.approval = 'not_needed' AND r.written_in = v_xact
                AND ((r.requested_as = 'dpo' AND tandem_has_role('dpo'))
                  OR (r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator'))))
            OR (r.approval = 'approved' AND r.last_download_in = v_xact AND r.expires_at > now()
                AND r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator'))));
    RETURN v_case;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_case() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_case() TO tandem_app;

-- The case whose other organisations' restricted sections open in this transaction: the
-- officer's own export (with its reason, written now), or a coordinator's request approved by
-- someone else, unexpired, its download counted now.
CREATE FUNCTION tandem_subject_access_restricted_case() RETURNS uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    v text := current_setting('tandem.subject_access', true);
    v_xact xid8 := pg_current_xact_id_if_assigned();
    v_case uuid;
  BEGIN
    IF v IS NULL OR v !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' OR v_xact IS NULL THEN
      RETURN NULL;
    END IF;
    SELECT c.id INTO v_case FROM cases c
    WHERE c.id = v::uuid AND c.lead_org_id = tandem_org_id() AND c.status <> 'anonymised'
      AND EXISTS (
        SELECT 1 FROM subject_access_requests r
        WHERE r.case_id = c.id AND r.requested_by = tandem_user_id()
          AND ((r.approval = 'not_needed' AND r.requested_as = 'dpo' AND r.written_in = v_xact AND tandem_has_role('dpo'))
            OR (r.approval = 'approved' AND r.requested_as = 'case_coordinator' AND r.decided_by <> r.requested_by
                AND r.last_download_in = v_xact AND r.expires_at > now() AND tandem_has_role('case_coordinator'))));
    RETURN v_case;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_restricted_case() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_restricted_case() TO tandem_app;

-- Counts one download of the acting person's approved request and marks this transaction as
-- the one it opens the case in; returns the case, or null when the request is not theirs, not
-- approved, expired, used up, or its case is gone.
CREATE FUNCTION tandem_subject_access_download(p_request uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    UPDATE subject_access_requests r
    SET downloads = r.downloads + 1, last_download_at = now(), last_download_in = pg_current_xact_id()
    WHERE r.id = p_request AND r.requested_by = tandem_user_id() AND r.lead_org_id = tandem_org_id()
      AND r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator')
      AND r.approval = 'approved' AND r.expires_at > now() AND r.downloads < r.max_downloads
      AND EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.status <> 'anonymised')
    RETURNING r.case_id
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_download(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_download(uuid) TO tandem_app;

-- Whether a case holds records of another organisation's restricted sections that the lead
-- agency does not see day to day (security notes and events, psychosocial notes another
-- organisation has not shared): the fact that decides whether a coordinator's export waits for
-- approval. Answers only the lead agency's coordinators and officers (null for anyone else);
-- says whether, never what.
CREATE FUNCTION tandem_subject_access_withheld(p_case uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM case_notes n
             WHERE n.case_id = c.id
               AND (n.section = 'security' OR (n.section = 'psychosocial_notes' AND NOT n.shared AND n.author_org_id <> c.lead_org_id)))
        OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.section = 'security')
    FROM cases c
    WHERE c.id = p_case AND c.lead_org_id = tandem_org_id() AND c.status <> 'anonymised'
      AND (tandem_has_role('case_coordinator') OR tandem_has_role('dpo'))
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_withheld(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_withheld(uuid) TO tandem_app;

-- Notes and the timeline: other organisations' restricted rows only through the restricted case.
DROP POLICY case_notes_subject_access ON case_notes;
CREATE POLICY case_notes_subject_access ON case_notes FOR SELECT TO tandem_app
  USING (case_id = (SELECT tandem_subject_access_case())
    AND section <> 'security' AND (section <> 'psychosocial_notes' OR shared OR author_org_id = lead_org_id));
CREATE POLICY case_notes_subject_access_restricted ON case_notes FOR SELECT TO tandem_app
  USING (case_id = (SELECT tandem_subject_access_restricted_case()));

DROP POLICY case_events_subject_access ON case_events;
CREATE POLICY case_events_subject_access ON case_events FOR SELECT TO tandem_app
  USING (case_id = (SELECT tandem_subject_access_case()) AND section IS DISTINCT FROM 'security');
CREATE POLICY case_events_subject_access_restricted ON case_events FOR SELECT TO tandem_app
  USING (case_id = (SELECT tandem_subject_access_restricted_case()));

-- A case table added later is opened by an export only as far as the restricted case goes:
-- without approval a coordinator's export holds of it what the agency sees day to day. A table
-- none of whose rows belong to another organisation's restricted sections may open wider with
-- its own policy on tandem_subject_access_case(), as case_notes does for its other rows.
CREATE OR REPLACE FUNCTION tandem_add_subject_access_policy(p_table text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO tandem_app USING (case_id = (SELECT tandem_subject_access_restricted_case()))',
      p_table || '_subject_access', p_table);
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_add_subject_access_policy(text) FROM PUBLIC;
