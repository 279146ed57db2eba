-- The confidential reporting channel: anyone, signed in or not, reports a restriction; the
-- reporter is known to nobody, and comes back with a receipt code to read the monitors'
-- questions, answer them, or withdraw the report. See src/modules/civic/reports.ts.
--
-- What is kept, and what never is:
-- * no account, IP address or user agent: a report is inserted only by a transaction acting for
--   nobody (tandem_user_id() is null), and the tables have no column for any of them;
-- * the content, the reporter's optional contact details, every message and every attached file
--   (stripped of its metadata first) are sealed with the identity vault's keys before they are
--   stored (columns sealed_*, and the file store);
-- * the receipt code is never stored: only its keyed hash (HMAC under a key derived from the
--   vault's), so that a copy of the database does not let anyone try codes offline;
-- * a report is created at a time rounded down to the day.
-- Who sees what (mirrored by src/modules/civic/reports.ts):
-- * the reporter: their own report, its messages, and their own contact details, through the
--   receipt code's hash the service sets in the transaction (tandem.civic_receipt);
-- * a civic-space monitor: every new report waiting in the queue (content only), and the reports
--   assigned to them; contact details only of the reports assigned to them; once a report became
--   a restriction record, the monitors of the assigned monitor's organisation see that it did.
-- Rules the database holds by itself: a report moves new → assigned → converted, or to withdrawn
-- from any of them by its reporter (content, contact and messages wiped); who it is assigned to
-- is taken from the transaction.

CREATE FUNCTION tandem_civic_receipt() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('tandem.civic_receipt', true), '') $$;

CREATE TABLE civic_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  receipt_hash text NOT NULL UNIQUE CHECK (receipt_hash ~ '^[A-Za-z0-9_-]{43}$'),
  country text NOT NULL REFERENCES jurisdictions (code),
  -- The report (what happened, when, who, the types), sealed; null once withdrawn.
  sealed_content text CHECK (length(sealed_content) <= 40000),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'converted', 'withdrawn')),
  received_on date NOT NULL DEFAULT current_date,
  assigned_user_id uuid REFERENCES users (id),
  assigned_org_id uuid REFERENCES organisations (id),
  assigned_at timestamptz,
  record_id uuid REFERENCES civic_records (id),
  closed_at timestamptz,
  CHECK ((status = 'withdrawn') = (sealed_content IS NULL)),
  CHECK (status = 'new' OR status = 'withdrawn' OR assigned_user_id IS NOT NULL),
  CHECK ((assigned_user_id IS NULL) = (assigned_org_id IS NULL)),
  CHECK (status <> 'converted' OR record_id IS NOT NULL),
  CHECK (record_id IS NULL OR status IN ('converted', 'withdrawn'))
);
CREATE INDEX civic_reports_queue_idx ON civic_reports (status, received_on DESC);
CREATE INDEX civic_reports_assigned_idx ON civic_reports (assigned_user_id) WHERE assigned_user_id IS NOT NULL;

-- Contact details the reporter chose to leave, sealed: for the assigned monitor only.
CREATE TABLE civic_report_contacts (
  report_id uuid PRIMARY KEY REFERENCES civic_reports (id) ON DELETE CASCADE,
  sealed_contact text NOT NULL CHECK (length(sealed_contact) <= 4000)
);

-- Questions of the assigned monitor and the reporter's answers, sealed.
CREATE TABLE civic_report_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES civic_reports (id) ON DELETE CASCADE,
  from_reporter boolean NOT NULL,
  author_user_id uuid REFERENCES users (id),
  sealed_body text NOT NULL CHECK (length(sealed_body) <= 20000),
  sent_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_reporter = (author_user_id IS NULL))
);
CREATE INDEX civic_report_messages_report_idx ON civic_report_messages (report_id, sent_at);

-- Files the reporter attached (JPEG, PNG or PDF, stripped of their metadata before they are
-- stored): the name sealed here, the content sealed in the file store under the row's id.
CREATE TABLE civic_report_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES civic_reports (id) ON DELETE CASCADE,
  sealed_name text NOT NULL CHECK (length(sealed_name) <= 2000),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  added_on date NOT NULL DEFAULT current_date
);
CREATE INDEX civic_report_files_report_idx ON civic_report_files (report_id);

CREATE FUNCTION tandem_civic_report_rules() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF (NEW.id, NEW.receipt_hash, NEW.country, NEW.received_on) IS DISTINCT FROM (OLD.id, OLD.receipt_hash, OLD.country, OLD.received_on) THEN
      RAISE EXCEPTION 'a report is never rewritten' USING ERRCODE = '23514';
    END IF;
    IF OLD.status = 'withdrawn' THEN
      RAISE EXCEPTION 'a withdrawn report is closed' USING ERRCODE = '23514';
    END IF;
    IF NEW.status = 'withdrawn' THEN
      IF tandem_civic_receipt() IS DISTINCT FROM OLD.receipt_hash THEN
        RAISE EXCEPTION 'only the reporter withdraws a report' USING ERRCODE = '42501';
      END IF;
      NEW.sealed_content := NULL;
      NEW.closed_at := now();
      RETURN NEW;
    END IF;
    IF NEW.sealed_content IS DISTINCT FROM OLD.sealed_content THEN
      RAISE EXCEPTION 'a report is never rewritten' USING ERRCODE = '23514';
    END IF;
    IF OLD.status = 'new' AND NEW.status = 'assigned' THEN
      NEW.assigned_user_id := tandem_user_id();
      NEW.assigned_org_id := tandem_org_id();
      NEW.assigned_at := now();
      IF NEW.assigned_user_id IS NULL THEN
        RAISE EXCEPTION 'a report is assigned to the monitor who takes it' USING ERRCODE = '42501';
      END IF;
    ELSIF OLD.status = 'assigned' AND NEW.status = 'converted' THEN
      IF OLD.assigned_user_id IS DISTINCT FROM tandem_user_id() THEN
        RAISE EXCEPTION 'only the assigned monitor turns a report into a record' USING ERRCODE = '42501';
      END IF;
      NEW.closed_at := now();
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
      RAISE EXCEPTION 'a report moves new, assigned, converted (or withdrawn by its reporter)' USING ERRCODE = '23514';
    END IF;
    IF NEW.status <> 'assigned' OR OLD.status <> 'new' THEN
      IF (NEW.assigned_user_id, NEW.assigned_org_id, NEW.assigned_at) IS DISTINCT FROM (OLD.assigned_user_id, OLD.assigned_org_id, OLD.assigned_at) THEN
        RAISE EXCEPTION 'who a report is assigned to is recorded by the database only' USING ERRCODE = '23514';
      END IF;
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER civic_reports_rules BEFORE UPDATE ON civic_reports FOR EACH ROW EXECUTE FUNCTION tandem_civic_report_rules();

GRANT SELECT, INSERT ON civic_reports TO tandem_app;
GRANT UPDATE (sealed_content, status, assigned_user_id, assigned_org_id, assigned_at, record_id, closed_at) ON civic_reports TO tandem_app;
GRANT SELECT, INSERT, DELETE ON civic_report_contacts TO tandem_app;
GRANT SELECT, INSERT, DELETE ON civic_report_messages TO tandem_app;
GRANT SELECT, INSERT, DELETE ON civic_report_files TO tandem_app;

ALTER TABLE civic_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_reports FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_report_contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_report_contacts FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_report_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_report_messages FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_report_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_report_files FORCE ROW LEVEL SECURITY;

CREATE POLICY civic_reports_select ON civic_reports FOR SELECT TO tandem_app
  USING (receipt_hash = (SELECT tandem_civic_receipt())
    OR ((SELECT tandem_has_role('civic_monitor'))
      AND (status = 'new' OR assigned_user_id = (SELECT tandem_user_id())
        OR (status = 'converted' AND assigned_org_id = (SELECT tandem_org_id())))));
-- Only a transaction acting for nobody reports, and only under the receipt it sets.
CREATE POLICY civic_reports_insert ON civic_reports FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_user_id()) IS NULL AND receipt_hash = (SELECT tandem_civic_receipt())
    AND status = 'new' AND assigned_user_id IS NULL AND record_id IS NULL AND closed_at IS NULL);
CREATE POLICY civic_reports_update_reporter ON civic_reports FOR UPDATE TO tandem_app
  USING (receipt_hash = (SELECT tandem_civic_receipt()) AND (SELECT tandem_user_id()) IS NULL)
  WITH CHECK (receipt_hash = (SELECT tandem_civic_receipt()) AND status = 'withdrawn');
CREATE POLICY civic_reports_update_monitor ON civic_reports FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor')) AND (status = 'new' OR assigned_user_id = (SELECT tandem_user_id())))
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND assigned_user_id = (SELECT tandem_user_id()) AND status IN ('assigned', 'converted'));

CREATE POLICY civic_report_contacts_select ON civic_report_contacts FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id
    AND (r.receipt_hash = (SELECT tandem_civic_receipt()) OR ((SELECT tandem_has_role('civic_monitor')) AND r.assigned_user_id = (SELECT tandem_user_id())))));
CREATE POLICY civic_report_contacts_insert ON civic_report_contacts FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_user_id()) IS NULL
    AND EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.receipt_hash = (SELECT tandem_civic_receipt()) AND r.status = 'new'));
CREATE POLICY civic_report_contacts_delete ON civic_report_contacts FOR DELETE TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.receipt_hash = (SELECT tandem_civic_receipt())));

CREATE POLICY civic_report_messages_select ON civic_report_messages FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id
    AND (r.receipt_hash = (SELECT tandem_civic_receipt()) OR ((SELECT tandem_has_role('civic_monitor')) AND r.assigned_user_id = (SELECT tandem_user_id())))));
CREATE POLICY civic_report_messages_insert ON civic_report_messages FOR INSERT TO tandem_app
  WITH CHECK (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.status = 'assigned'
    AND ((from_reporter AND author_user_id IS NULL AND (SELECT tandem_user_id()) IS NULL AND r.receipt_hash = (SELECT tandem_civic_receipt()))
      OR (NOT from_reporter AND (SELECT tandem_has_role('civic_monitor')) AND author_user_id = (SELECT tandem_user_id())
        AND r.assigned_user_id = (SELECT tandem_user_id())))));
CREATE POLICY civic_report_messages_delete ON civic_report_messages FOR DELETE TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.receipt_hash = (SELECT tandem_civic_receipt())));

-- Files: the reporter's own (added while the report is open), and the assigned monitor's to read.
CREATE POLICY civic_report_files_select ON civic_report_files FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id
    AND (r.receipt_hash = (SELECT tandem_civic_receipt()) OR ((SELECT tandem_has_role('civic_monitor')) AND r.assigned_user_id = (SELECT tandem_user_id())))));
CREATE POLICY civic_report_files_insert ON civic_report_files FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_user_id()) IS NULL
    AND EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.receipt_hash = (SELECT tandem_civic_receipt()) AND r.status IN ('new', 'assigned')));
CREATE POLICY civic_report_files_delete ON civic_report_files FOR DELETE TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_reports r WHERE r.id = report_id AND r.receipt_hash = (SELECT tandem_civic_receipt())));
