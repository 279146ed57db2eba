-- Report desks: who reads a confidential report. Until now every civic-space monitor of every
-- organisation read every report waiting in the queue, whatever its country. A report now goes
-- to the desks open for its country: an organisation's monitors open a desk for a country (or
-- for every country) and read the reports sent there. The reporter may address one organisation
-- among them, and then no other organisation's monitors see the report at all; or leave it to
-- any desk of the country (desk_org_id null), as before but limited to those who chose to read
-- that country's reports.
--
-- A desk is public: its organisation's name is what the reporter chooses by. Opening one is the
-- organisation's choice to be named on the reporting form, whatever its visibility in the
-- directory (tandem_civic_report_desks gives the form the names, and nothing else).

CREATE TABLE civic_report_desks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  -- Null: reports about any country.
  country text REFERENCES jurisdictions (code),
  opened_by uuid NOT NULL REFERENCES users (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (org_id, country)
);
CREATE INDEX civic_report_desks_country_idx ON civic_report_desks (country, org_id);

GRANT SELECT, DELETE ON civic_report_desks TO tandem_app;
GRANT INSERT (org_id, country, opened_by) ON civic_report_desks TO tandem_app;
ALTER TABLE civic_report_desks ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_report_desks FORCE ROW LEVEL SECURITY;

CREATE POLICY civic_report_desks_select ON civic_report_desks FOR SELECT TO tandem_app USING (true);
CREATE POLICY civic_report_desks_insert ON civic_report_desks FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND org_id = (SELECT tandem_org_id()) AND opened_by = (SELECT tandem_user_id()));
CREATE POLICY civic_report_desks_delete ON civic_report_desks FOR DELETE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor')) AND org_id = (SELECT tandem_org_id()));

-- The desks with their organisations' names, for the reporting form (read by anyone, signed in
-- or not: the organisations chose to be named there by opening a desk).
CREATE FUNCTION tandem_civic_report_desks() RETURNS TABLE (org_id uuid, name text, country text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT d.org_id, o.name, d.country FROM civic_report_desks d JOIN organisations o ON o.id = d.org_id ORDER BY o.name, d.country NULLS FIRST
  $$;
REVOKE EXECUTE ON FUNCTION tandem_civic_report_desks() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_civic_report_desks() TO tandem_app;

-- The organisation the reporter addressed; null: any desk open for the report's country.
ALTER TABLE civic_reports ADD COLUMN desk_org_id uuid REFERENCES organisations (id);
CREATE INDEX civic_reports_waiting_idx ON civic_reports (country, received_on DESC) WHERE status = 'new';

-- Whether the acting organisation reads a waiting report of this country, addressed so.
CREATE FUNCTION tandem_civic_desk_reads(p_country text, p_desk_org uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM civic_report_desks d
      WHERE d.org_id = tandem_org_id() AND (d.country = p_country OR d.country IS NULL)
        AND (p_desk_org IS NULL OR p_desk_org = d.org_id))
  $$;
REVOKE EXECUTE ON FUNCTION tandem_civic_desk_reads(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_civic_desk_reads(text, uuid) TO tandem_app;

DROP POLICY civic_reports_select ON civic_reports;
CREATE POLICY civic_reports_select ON civic_reports FOR SELECT TO tandem_app
  USING (receipt_hash = (SELECT tandem_civic_receipt())
    OR ((SELECT tandem_has_role('civic_monitor'))
      AND ((status = 'new' AND tandem_civic_desk_reads(country, desk_org_id)) OR assigned_user_id = (SELECT tandem_user_id())
        OR (status = 'converted' AND assigned_org_id = (SELECT tandem_org_id())))));

-- A report goes to a desk open for its country: the one addressed, or any.
DROP POLICY civic_reports_insert ON civic_reports;
CREATE POLICY civic_reports_insert ON civic_reports FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_user_id()) IS NULL AND receipt_hash = (SELECT tandem_civic_receipt())
    AND status = 'new' AND assigned_user_id IS NULL AND record_id IS NULL AND closed_at IS NULL
    AND EXISTS (SELECT 1 FROM civic_report_desks d WHERE (d.country = civic_reports.country OR d.country IS NULL)
      AND (civic_reports.desk_org_id IS NULL OR d.org_id = civic_reports.desk_org_id)));

DROP POLICY civic_reports_update_monitor ON civic_reports;
CREATE POLICY civic_reports_update_monitor ON civic_reports FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor'))
    AND ((status = 'new' AND tandem_civic_desk_reads(country, desk_org_id)) OR assigned_user_id = (SELECT tandem_user_id())))
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND assigned_user_id = (SELECT tandem_user_id()) AND status IN ('assigned', 'converted'));

-- Who a report is addressed to is the reporter's choice, made once.
CREATE FUNCTION tandem_civic_report_addressed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF NEW.desk_org_id IS DISTINCT FROM OLD.desk_org_id THEN
      RAISE EXCEPTION 'who a report is addressed to is never changed' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER civic_reports_addressed BEFORE UPDATE ON civic_reports FOR EACH ROW EXECUTE FUNCTION tandem_civic_report_addressed();

-- Installations with reports already: each organisation with an active civic-space monitor
-- keeps reading the reports of its own country and of the countries it has recorded
-- restrictions in, so that no waiting report is left without a reader by this change.
INSERT INTO civic_report_desks (org_id, country, opened_by)
SELECT DISTINCT ON (o.id, c.country) o.id, c.country, first_monitor.user_id
  FROM organisations o
  JOIN LATERAL (
    SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.org_id = o.id AND m.status = 'active' AND 'civic_monitor' = ANY (m.roles) AND u.status = 'active'
     ORDER BY m.user_id LIMIT 1) first_monitor ON true
  JOIN LATERAL (
    SELECT o.country UNION SELECT r.country FROM civic_records r WHERE r.monitor_org_id = o.id) c ON true;
