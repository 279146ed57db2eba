-- The access list's refresh asked one query for three uses (a case and organisation, an
-- agreement, everything) with "parameter is null or column = parameter" conditions. Inside a SQL
-- function that query was planned afresh at every call (about 13 ms) into a plan that started
-- from all of the lead agency's agreements: every write to a case team or consent cost tens of
-- milliseconds at national scale, and a bulk load of 5,000 cases took five minutes. Now each use
-- has its own static query, written in the order that starts from the rows concerned, kept in
-- that order (join_collapse_limit = 1) and planned once per connection by PL/pgSQL.
CREATE OR REPLACE FUNCTION tandem_entitled_access(p_case uuid, p_org uuid, p_agreement uuid)
  RETURNS TABLE (case_id uuid, org_id uuid, section text, consent_id uuid, agreement_id uuid, valid_from date, valid_until date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public SET join_collapse_limit = 1 SET from_collapse_limit = 1
  AS $$
  BEGIN
    IF p_agreement IS NOT NULL THEN
      -- An agreement changed: its parties' team places on cases led by another of its parties.
      RETURN QUERY
        SELECT t.case_id, t.org_id, s.section, k.id, a.id,
          greatest(k.starts_on, a.valid_from), least(coalesce(k.ends_on, 'infinity'::date), a.valid_until)
        FROM partnership_agreements a
        JOIN agreement_parties y ON y.agreement_id = a.id
        JOIN case_team t ON t.org_id = y.org_id AND t.left_at IS NULL
        JOIN cases c ON c.id = t.case_id AND c.status <> 'anonymised'
        JOIN agreement_parties x ON x.agreement_id = a.id AND x.org_id = c.lead_org_id
        JOIN case_consents k ON k.case_id = t.case_id AND k.recipient_org_id = t.org_id AND k.withdrawn_at IS NULL
        CROSS JOIN LATERAL unnest(t.sections) AS s (section)
        WHERE a.id = p_agreement AND a.status = 'active'
          AND s.section = ANY (a.data_categories) AND s.section = ANY (k.data_categories)
          AND (s.section <> 'security' OR t.team_role = 'security')
          AND greatest(k.starts_on, a.valid_from) <= least(coalesce(k.ends_on, 'infinity'::date), a.valid_until);
    ELSIF p_case IS NULL THEN
      -- Everything, place by place (used when the list is first built).
      RETURN QUERY
        SELECT e.* FROM (SELECT DISTINCT t.case_id, t.org_id FROM case_team t WHERE t.left_at IS NULL) p,
          LATERAL tandem_entitled_access(p.case_id, p.org_id, NULL) e;
    ELSE
      -- One organisation's place on one case.
      RETURN QUERY
        SELECT t.case_id, t.org_id, s.section, k.id, a.id,
          greatest(k.starts_on, a.valid_from), least(coalesce(k.ends_on, 'infinity'::date), a.valid_until)
        FROM case_team t
        JOIN cases c ON c.id = t.case_id AND c.status <> 'anonymised'
        JOIN case_consents k ON k.case_id = t.case_id AND k.recipient_org_id = t.org_id AND k.withdrawn_at IS NULL
        JOIN agreement_parties y ON y.org_id = t.org_id
        JOIN agreement_parties x ON x.agreement_id = y.agreement_id AND x.org_id = c.lead_org_id
        JOIN partnership_agreements a ON a.id = y.agreement_id AND a.status = 'active'
        CROSS JOIN LATERAL unnest(t.sections) AS s (section)
        WHERE t.left_at IS NULL
          AND t.case_id = p_case AND t.org_id = p_org
          AND s.section = ANY (a.data_categories) AND s.section = ANY (k.data_categories)
          AND (s.section <> 'security' OR t.team_role = 'security')
          AND greatest(k.starts_on, a.valid_from) <= least(coalesce(k.ends_on, 'infinity'::date), a.valid_until);
    END IF;
  END
  $$;

-- The refreshes, in PL/pgSQL for the same reason: their statements are planned once per connection.
CREATE OR REPLACE FUNCTION tandem_refresh_case_access(p_case uuid, p_org uuid) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    DELETE FROM case_access WHERE case_id = p_case AND org_id = p_org;
    INSERT INTO case_access SELECT * FROM tandem_entitled_access(p_case, p_org, NULL) ON CONFLICT DO NOTHING;
  END
  $$;

CREATE OR REPLACE FUNCTION tandem_refresh_agreement_access(p_agreement uuid) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    DELETE FROM case_access WHERE agreement_id = p_agreement;
    INSERT INTO case_access SELECT * FROM tandem_entitled_access(NULL, NULL, p_agreement) ON CONFLICT DO NOTHING;
  END
  $$;
