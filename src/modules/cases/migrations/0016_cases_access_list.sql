-- The access list: which sections of which case are open to which team organisation, and
-- between which dates, kept up to date by triggers on everything that decides it (the team,
-- consents, agreements and their parties, anonymisation). Policies read it through an index
-- instead of re-deriving access for every row, so a caseload of any size answers in
-- milliseconds. A row exists per (case, organisation, section, consent, agreement) that allows
-- it; its dates are where the consent's and the agreement's overlap, so expiry needs no job.
-- Withdrawal, suspension and termination are writes: their triggers remove rows at once.

CREATE TABLE case_access (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  section text NOT NULL,
  consent_id uuid NOT NULL REFERENCES case_consents (id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL REFERENCES partnership_agreements (id) ON DELETE CASCADE,
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  PRIMARY KEY (org_id, section, case_id, consent_id, agreement_id)
);
CREATE INDEX case_access_case_idx ON case_access (case_id, org_id);
CREATE INDEX case_access_agreement_idx ON case_access (agreement_id);
-- Read only through the functions below; the application role has no grant on it.
ALTER TABLE case_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_access FORCE ROW LEVEL SECURITY;

-- Rows a (case, organisation) pair is entitled to, from its team membership, its valid
-- consents and the agreements in force between it and the lead agency.
CREATE FUNCTION tandem_entitled_access(p_case uuid, p_org uuid, p_agreement uuid)
  RETURNS TABLE (case_id uuid, org_id uuid, section text, consent_id uuid, agreement_id uuid, valid_from date, valid_until date)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.case_id, t.org_id, s.section, k.id, a.id,
      greatest(k.starts_on, a.valid_from), least(coalesce(k.ends_on, 'infinity'::date), a.valid_until)
    FROM case_team t
    JOIN cases c ON c.id = t.case_id AND c.status <> 'anonymised'
    CROSS JOIN LATERAL unnest(t.sections) AS s (section)
    JOIN case_consents k ON k.case_id = t.case_id AND k.recipient_org_id = t.org_id AND k.withdrawn_at IS NULL
      AND s.section = ANY (k.data_categories)
    JOIN agreement_parties y ON y.org_id = t.org_id
    JOIN agreement_parties x ON x.agreement_id = y.agreement_id AND x.org_id = c.lead_org_id
    JOIN partnership_agreements a ON a.id = y.agreement_id AND a.status = 'active' AND s.section = ANY (a.data_categories)
    WHERE t.left_at IS NULL
      AND (s.section <> 'security' OR t.team_role = 'security')
      AND greatest(k.starts_on, a.valid_from) <= least(coalesce(k.ends_on, 'infinity'::date), a.valid_until)
      AND (p_case IS NULL OR t.case_id = p_case)
      AND (p_org IS NULL OR t.org_id = p_org)
      AND (p_agreement IS NULL OR a.id = p_agreement)
  $$;

CREATE FUNCTION tandem_refresh_case_access(p_case uuid, p_org uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    DELETE FROM case_access WHERE case_id = p_case AND org_id = p_org;
    INSERT INTO case_access SELECT * FROM tandem_entitled_access(p_case, p_org, NULL) ON CONFLICT DO NOTHING;
  $$;

CREATE FUNCTION tandem_refresh_agreement_access(p_agreement uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    DELETE FROM case_access WHERE agreement_id = p_agreement;
    INSERT INTO case_access SELECT * FROM tandem_entitled_access(NULL, NULL, p_agreement) ON CONFLICT DO NOTHING;
  $$;

CREATE FUNCTION tandem_case_access_after_team() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ BEGIN PERFORM tandem_refresh_case_access(NEW.case_id, NEW.org_id); RETURN NULL; END $$;
CREATE TRIGGER case_team_access AFTER INSERT OR UPDATE ON case_team FOR EACH ROW EXECUTE FUNCTION tandem_case_access_after_team();

CREATE FUNCTION tandem_case_access_after_consent() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ BEGIN PERFORM tandem_refresh_case_access(NEW.case_id, NEW.recipient_org_id); RETURN NULL; END $$;
CREATE TRIGGER case_consents_access AFTER INSERT OR UPDATE ON case_consents FOR EACH ROW EXECUTE FUNCTION tandem_case_access_after_consent();

CREATE FUNCTION tandem_case_access_after_agreement() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ BEGIN PERFORM tandem_refresh_agreement_access(NEW.id); RETURN NULL; END $$;
CREATE TRIGGER partnership_agreements_access AFTER UPDATE OF status, valid_from, valid_until, data_categories ON partnership_agreements
  FOR EACH ROW EXECUTE FUNCTION tandem_case_access_after_agreement();

CREATE FUNCTION tandem_case_access_after_party() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    PERFORM tandem_refresh_agreement_access(CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END);
    RETURN NULL;
  END
  $$;
CREATE TRIGGER agreement_parties_access AFTER INSERT OR DELETE ON agreement_parties FOR EACH ROW EXECUTE FUNCTION tandem_case_access_after_party();

CREATE FUNCTION tandem_case_access_after_case() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ BEGIN DELETE FROM case_access WHERE case_id = NEW.id; RETURN NULL; END $$;
CREATE TRIGGER cases_access_anonymised AFTER UPDATE OF status ON cases
  FOR EACH ROW WHEN (NEW.status = 'anonymised') EXECUTE FUNCTION tandem_case_access_after_case();

INSERT INTO case_access SELECT * FROM tandem_entitled_access(NULL, NULL, NULL) ON CONFLICT DO NOTHING;

-- The readers: the same questions as before, now answered from the list.
CREATE OR REPLACE FUNCTION tandem_team_case_ids(p_section text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT a.case_id FROM case_access a
    WHERE a.org_id = tandem_org_id() AND tandem_case_role_ok()
      AND (p_section IS NULL OR a.section = p_section)
      AND current_date BETWEEN a.valid_from AND a.valid_until
    UNION
    SELECT b.case_id FROM case_break_glass b
    JOIN cases c ON c.id = b.case_id AND c.status <> 'anonymised'
    WHERE b.user_id = tandem_user_id() AND b.expires_at > now() AND tandem_case_role_ok()
      AND (p_section IS NULL OR p_section NOT IN ('security', 'psychosocial_notes', 'professional_judgement'))
  $$;

CREATE OR REPLACE FUNCTION tandem_case_sections(p_case uuid) RETURNS text[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    v_org uuid := tandem_org_id();
    v_lead uuid;
    v_result text[];
  BEGIN
    IF v_org IS NULL OR NOT tandem_case_role_ok() THEN
      RETURN '{}';
    END IF;
    SELECT lead_org_id INTO v_lead FROM cases WHERE id = p_case AND status <> 'anonymised';
    IF v_lead IS NULL THEN RETURN '{}'; END IF;
    IF v_lead = v_org THEN
      RETURN ARRAY['identity', 'contact', 'household', 'consents', 'needs_assessment', 'professional_judgement',
        'case_plan', 'referrals_services', 'case_conferences', 'psychosocial_notes', 'other_notes'];
    END IF;
    SELECT coalesce(array_agg(DISTINCT s), '{}') INTO v_result FROM (
      SELECT a.section AS s FROM case_access a
      WHERE a.case_id = p_case AND a.org_id = v_org AND current_date BETWEEN a.valid_from AND a.valid_until
      UNION
      SELECT s FROM case_break_glass b
        CROSS JOIN LATERAL unnest(ARRAY['identity', 'contact', 'household', 'consents', 'needs_assessment',
          'case_plan', 'referrals_services', 'case_conferences', 'other_notes']) AS s
      WHERE b.case_id = p_case AND b.user_id = tandem_user_id() AND b.expires_at > now()
    ) x;
    RETURN v_result;
  END
  $$;
