-- A confidential reporter's steps (sending a report, answering, adding a file, withdrawing) are
-- audited without an account, address or request id; their exact time could still tie them to
-- a network's own logs. Such events keep the day only (midnight UTC), whoever writes them.
CREATE FUNCTION tandem_audit_reporter_day() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF NEW.action LIKE 'civic.report.%' AND NEW.actor_user_id IS NULL THEN
      NEW.occurred_at := date_trunc('day', NEW.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
      NEW.request_id := NULL;
      NEW.ip := NULL;
    END IF;
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_audit_reporter_day() FROM PUBLIC;
CREATE TRIGGER audit_events_reporter_day BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION tandem_audit_reporter_day();
