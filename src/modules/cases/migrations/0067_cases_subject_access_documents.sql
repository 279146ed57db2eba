-- Subject access exports built in the background, as documents (migration 0039). The request's
-- transaction still decides and records: the request with its reason, the audit event, the
-- timeline entry, an approved request's download counted; and it names the one document the
-- export is built as. The export is read later, in the build job's own transaction, acting as
-- the requester: tandem_subject_access_build() checks once more that the request is in force and
-- that the requester still holds the role it was made in, and marks that transaction as the one
-- the request opens the case in (built_in), as written_in and last_download_in do for the
-- request's own transaction (migration 0055). Access withdrawn in between leaves the case shut,
-- and the document fails.
ALTER TABLE subject_access_requests ADD COLUMN document_id uuid;
ALTER TABLE subject_access_requests ADD COLUMN built_in xid8;
-- A document is the export of one request, once.
CREATE UNIQUE INDEX subject_access_requests_document_idx ON subject_access_requests (document_id) WHERE document_id IS NOT NULL;

GRANT INSERT (document_id) ON subject_access_requests TO tandem_app;
-- A request written with its document (one that needs no approval) names a subject access
-- document of the requester's own, not yet built; one awaiting approval names none.
CREATE POLICY subject_access_requests_document ON subject_access_requests AS RESTRICTIVE FOR INSERT TO tandem_app
  WITH CHECK (document_id IS NULL
    OR (approval = 'not_needed' AND EXISTS (
      SELECT 1 FROM documents d
      WHERE d.id = document_id AND d.kind = 'subject_access' AND d.status = 'queued'
        AND d.owner_user_id = (SELECT tandem_user_id()) AND d.owner_org_id = (SELECT tandem_org_id()))));

-- Counting a download of an approved request now names the document it is built as.
DROP FUNCTION tandem_subject_access_download(uuid);
CREATE FUNCTION tandem_subject_access_download(p_request uuid, p_document uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    UPDATE subject_access_requests r
    SET downloads = r.downloads + 1, last_download_at = now(), last_download_in = pg_current_xact_id(),
        document_id = p_document, built_in = NULL
    WHERE r.id = p_request AND r.requested_by = tandem_user_id() AND r.lead_org_id = tandem_org_id()
      AND r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator')
      AND r.approval = 'approved' AND r.expires_at > now() AND r.downloads < r.max_downloads
      AND EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.status <> 'anonymised')
      AND EXISTS (SELECT 1 FROM documents d
                  WHERE d.id = p_document AND d.kind = 'subject_access' AND d.status = 'queued'
                    AND d.owner_user_id = tandem_user_id() AND d.owner_org_id = tandem_org_id())
    RETURNING r.case_id
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_download(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_download(uuid, uuid) TO tandem_app;

-- The build of a document: the request that names it, of the acting person, still in force — one
-- that needed no approval, asked for within the day, in a role the person still holds; or an
-- approved one, unexpired — for a case not anonymised, while the document (theirs) is being
-- built. Marks this transaction as the one the request opens the case in; returns the case, or
-- null when any of that no longer holds.
CREATE FUNCTION tandem_subject_access_build(p_document uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    UPDATE subject_access_requests r
    SET built_in = pg_current_xact_id()
    WHERE r.document_id = p_document AND r.requested_by = tandem_user_id() AND r.lead_org_id = tandem_org_id()
      AND ((r.approval = 'not_needed' AND r.requested_at > now() - interval '1 day'
            AND ((r.requested_as = 'dpo' AND tandem_has_role('dpo'))
              OR (r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator'))))
        OR (r.approval = 'approved' AND r.requested_as = 'case_coordinator' AND r.expires_at > now()
            AND tandem_has_role('case_coordinator')))
      AND EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND c.status <> 'anonymised')
      AND EXISTS (SELECT 1 FROM documents d
                  WHERE d.id = p_document AND d.kind = 'subject_access' AND d.status = 'building'
                    AND d.owner_user_id = tandem_user_id() AND d.owner_org_id = tandem_org_id())
    RETURNING r.case_id
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_build(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_build(uuid) TO tandem_app;

-- The case an export opens in this transaction: as in migration 0055, and in the transaction
-- that builds the request's document.
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
          AND ((r.approval = 'not_needed' AND (r.written_in = v_xact OR r.built_in = v_xact)
                AND ((r.requested_as = 'dpo' AND tandem_has_role('dpo'))
                  OR (r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator'))))
            OR (r.approval = 'approved' AND (r.last_download_in = v_xact OR r.built_in = v_xact) AND r.expires_at > now()
                AND r.requested_as = 'case_coordinator' AND tandem_has_role('case_coordinator'))));
    RETURN v_case;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_case() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_case() TO tandem_app;

CREATE OR REPLACE FUNCTION tandem_subject_access_restricted_case() RETURNS uuid
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
          AND ((r.approval = 'not_needed' AND r.requested_as = 'dpo' AND (r.written_in = v_xact OR r.built_in = v_xact) AND tandem_has_role('dpo'))
            OR (r.approval = 'approved' AND r.requested_as = 'case_coordinator' AND r.decided_by <> r.requested_by
                AND (r.last_download_in = v_xact OR r.built_in = v_xact) AND r.expires_at > now() AND tandem_has_role('case_coordinator'))));
    RETURN v_case;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_restricted_case() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_restricted_case() TO tandem_app;
