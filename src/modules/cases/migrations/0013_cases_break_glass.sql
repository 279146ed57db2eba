-- Break-glass: emergency access to a case outside the team, by case number, with a written
-- reason, for a limited time, announced to the data protection officers concerned.

-- The case a number names, for a person who may break the glass: its id only, and only in the
-- actor's jurisdiction and while the case holds data.
CREATE FUNCTION tandem_case_for_break_glass(p_case_number text)
  RETURNS TABLE (case_id uuid, lead_org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT c.id, c.lead_org_id FROM cases c
    WHERE c.case_number = p_case_number AND c.status <> 'anonymised'
      AND (tandem_has_role('case_coordinator') OR tandem_has_role('caseworker'))
      AND c.jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = tandem_org_id())
  $$;

-- Who must hear of it: the data protection officers of the given organisations.
CREATE FUNCTION tandem_dpo_contacts(p_orgs uuid[])
  RETURNS TABLE (email text, display_name text, locale text, org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT u.email, u.display_name, u.locale, m.org_id FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ANY (p_orgs) AND m.status = 'active' AND u.status = 'active' AND 'dpo' = ANY (m.roles)
      AND tandem_user_id() IS NOT NULL
  $$;

REVOKE EXECUTE ON FUNCTION tandem_case_for_break_glass(text), tandem_dpo_contacts(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_for_break_glass(text), tandem_dpo_contacts(uuid[]) TO tandem_app;

-- A data protection officer who reviews a use may end it at once.
CREATE FUNCTION tandem_end_break_glass(p_id uuid) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    UPDATE case_break_glass b SET expires_at = least(b.expires_at, now())
    WHERE b.id = p_id AND tandem_has_role('dpo')
      AND (b.org_id = tandem_org_id() OR EXISTS (SELECT 1 FROM cases c WHERE c.id = b.case_id AND c.lead_org_id = tandem_org_id()))
  $$;
REVOKE EXECUTE ON FUNCTION tandem_end_break_glass(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_end_break_glass(uuid) TO tandem_app;

-- Who broke the glass, as their name read at that moment: the reviewing officer may not see
-- accounts of other organisations.
ALTER TABLE case_break_glass ADD COLUMN user_name text NOT NULL DEFAULT '' CHECK (length(user_name) <= 200);
