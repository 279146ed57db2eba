-- The applicant sees that its application is under review. Who reviews it stays hidden from
-- the applicant (funding_reviewers is the call owner's and the reviewers'), so the application
-- itself records when its review began: a trigger sets it when the first reviewer is assigned.
-- Only that trigger writes it (no column grant), and it never goes back.
ALTER TABLE funding_applications ADD COLUMN review_started_at timestamptz;
UPDATE funding_applications a SET review_started_at = (SELECT min(r.assigned_at) FROM funding_reviewers r WHERE r.application_id = a.id);

CREATE FUNCTION tandem_funding_review_started() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    UPDATE funding_applications SET review_started_at = NEW.assigned_at
     WHERE id = NEW.application_id AND review_started_at IS NULL;
    RETURN NULL;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_review_started() FROM PUBLIC;
CREATE TRIGGER funding_reviewers_review_started AFTER INSERT ON funding_reviewers
  FOR EACH ROW EXECUTE FUNCTION tandem_funding_review_started();

-- A submitted application changes only by its decision, and by the start of its review.
CREATE OR REPLACE FUNCTION tandem_funding_application_fixed() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF OLD.status IN ('awarded', 'rejected') AND NEW IS DISTINCT FROM OLD THEN
      RAISE EXCEPTION 'a decided application is final' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.review_started_at IS NOT NULL AND NEW.review_started_at IS DISTINCT FROM OLD.review_started_at THEN
      RAISE EXCEPTION 'the start of a review is not changed' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'submitted' AND (
         NEW.status NOT IN ('submitted', 'awarded', 'rejected')
         OR (to_jsonb(NEW) - ARRAY['status', 'decision_reasons', 'decided_at', 'decided_by', 'panel_score', 'review_started_at'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'decision_reasons', 'decided_at', 'decided_by', 'panel_score', 'review_started_at'])) THEN
      RAISE EXCEPTION 'a submitted application is not changed, only decided' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'draft' AND NEW.status = 'submitted' AND NEW.submitted_at IS NULL THEN
      RAISE EXCEPTION 'a submission has its time' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
