-- Civic space: records of restrictions on civil society, kept by civic-space monitors, and
-- country ratings on the five-step scale (open, narrowed, obstructed, repressed, closed).
--
-- Who sees what (mirrored by the service's policy checks in src/modules/civic/policy.ts):
-- * a published record, its sources and its affected organisations are readable by everyone,
--   signed in or not; a confirmed rating too, with the links to its published records;
-- * a civic-space monitor reads the records and rating proposals of their own organisation at
--   any status, and the verified records of other monitoring organisations;
-- * only monitors of the recording organisation write a record, its sources and its affected
--   organisations, and only before it is published.
-- Rules the database holds by itself, whatever the application does:
-- * status moves unverified → corroborated → verified only, one step at a time; the database
--   records who confirmed from the transaction, and the monitor who entered a record never
--   verifies it (nor confirms their own rating proposal);
-- * a record is published only once verified, and never while an affected organisation named
--   in it has not consented to publication;
-- * who entered a record and for which organisation never change (no column grant).

CREATE TABLE civic_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  monitor_org_id uuid NOT NULL REFERENCES organisations (id),
  country text NOT NULL REFERENCES jurisdictions (code),
  region text CHECK (region ~ '^[a-z0-9_-]{1,40}$'),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  description text NOT NULL CHECK (length(btrim(description)) BETWEEN 3 AND 8000),
  started_on date NOT NULL,
  ended_on date,
  types text[] NOT NULL CHECK (cardinality(types) BETWEEN 1 AND 11 AND types <@ ARRAY['registration', 'funding_rules', 'bank_derisking',
    'operations', 'assembly', 'expression', 'harassment_detention', 'surveillance', 'travel_ban', 'designation_listing', 'smear_campaign']),
  -- Whether the authorities gave counter-terrorism or extremism as the reason, and under which instrument.
  ct_justification boolean NOT NULL DEFAULT false,
  legal_instrument text CHECK (length(btrim(legal_instrument)) BETWEEN 1 AND 500),
  actor text NOT NULL CHECK (length(btrim(actor)) BETWEEN 2 AND 300),
  -- Whether women-led organisations or women human-rights defenders were targeted.
  women_targeted boolean NOT NULL DEFAULT false,
  severity text NOT NULL CHECK (severity IN ('low', 'moderate', 'high', 'severe')),
  status text NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'corroborated', 'verified')),
  entered_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  corroborated_by uuid REFERENCES users (id),
  corroborated_at timestamptz,
  verified_by uuid REFERENCES users (id),
  verified_at timestamptz,
  published_at timestamptz,
  published_by uuid REFERENCES users (id),
  CHECK (ended_on IS NULL OR ended_on >= started_on),
  CHECK (verified_by IS NULL OR verified_by <> entered_by),
  CHECK ((status = 'verified') = (verified_by IS NOT NULL)),
  CHECK (status = 'unverified' OR corroborated_by IS NOT NULL),
  CHECK (published_at IS NULL OR status = 'verified')
);
CREATE INDEX civic_records_org_idx ON civic_records (monitor_org_id, created_at DESC);
CREATE INDEX civic_records_published_idx ON civic_records (country, started_on DESC) WHERE published_at IS NOT NULL;
CREATE INDEX civic_records_verified_idx ON civic_records (country, started_on DESC) WHERE status = 'verified';

-- Sources as links (files come with the reporting channel).
CREATE TABLE civic_record_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL REFERENCES civic_records (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (url ~ '^https?://[^\s]{3,}$' AND length(url) <= 2000),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 2 AND 300),
  published_on date,
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX civic_record_sources_record_idx ON civic_record_sources (record_id, added_at);

-- Organisations affected by a restriction: named (then publication waits for their consent),
-- or anonymous, described without anything that identifies them.
CREATE TABLE civic_affected_orgs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  record_id uuid NOT NULL REFERENCES civic_records (id) ON DELETE CASCADE,
  name text CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  description text NOT NULL CHECK (length(btrim(description)) BETWEEN 2 AND 500),
  women_led boolean NOT NULL DEFAULT false,
  consent_at timestamptz,
  consent_note text CHECK (length(btrim(consent_note)) BETWEEN 3 AND 1000),
  consent_recorded_by uuid REFERENCES users (id),
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  -- Consent is asked of a named organisation only, and is recorded with how it was given.
  CHECK ((consent_at IS NULL) = (consent_note IS NULL) AND (consent_at IS NULL) = (consent_recorded_by IS NULL)),
  CHECK (name IS NOT NULL OR consent_at IS NULL)
);
CREATE INDEX civic_affected_orgs_record_idx ON civic_affected_orgs (record_id);

CREATE TABLE civic_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  monitor_org_id uuid NOT NULL REFERENCES organisations (id),
  country text NOT NULL REFERENCES jurisdictions (code),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  rating text NOT NULL CHECK (rating IN ('open', 'narrowed', 'obstructed', 'repressed', 'closed')),
  reasons text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 20 AND 8000),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed')),
  proposed_by uuid NOT NULL REFERENCES users (id),
  proposed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by uuid REFERENCES users (id),
  confirmed_at timestamptz,
  CHECK ((status = 'confirmed') = (confirmed_by IS NOT NULL)),
  CHECK (confirmed_by IS NULL OR confirmed_by <> proposed_by)
);
-- One confirmed rating per country and year: the history is one line.
CREATE UNIQUE INDEX civic_ratings_confirmed_idx ON civic_ratings (country, year) WHERE status = 'confirmed';
CREATE INDEX civic_ratings_org_idx ON civic_ratings (monitor_org_id, country, year DESC);

-- The records a rating's reasons rest on.
CREATE TABLE civic_rating_records (
  rating_id uuid NOT NULL REFERENCES civic_ratings (id) ON DELETE CASCADE,
  record_id uuid NOT NULL REFERENCES civic_records (id),
  PRIMARY KEY (rating_id, record_id)
);
CREATE INDEX civic_rating_records_record_idx ON civic_rating_records (record_id);

-- The status of a record moves one step forward at a time, and the database fills in who
-- confirmed each step from the transaction: no application value is trusted for it. Published
-- records are never edited; a published record may only be withdrawn from publication.
CREATE FUNCTION tandem_civic_record_rules() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF (NEW.title, NEW.description, NEW.country, NEW.region, NEW.started_on, NEW.ended_on, NEW.types, NEW.ct_justification,
        NEW.legal_instrument, NEW.actor, NEW.women_targeted, NEW.severity)
       IS DISTINCT FROM (OLD.title, OLD.description, OLD.country, OLD.region, OLD.started_on, OLD.ended_on, OLD.types, OLD.ct_justification,
        OLD.legal_instrument, OLD.actor, OLD.women_targeted, OLD.severity)
       AND OLD.status <> 'unverified' THEN
      RAISE EXCEPTION 'a record is edited only while unverified' USING ERRCODE = '23514';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
      IF NOT ((OLD.status = 'unverified' AND NEW.status = 'corroborated') OR (OLD.status = 'corroborated' AND NEW.status = 'verified')) THEN
        RAISE EXCEPTION 'status moves one step forward at a time' USING ERRCODE = '23514';
      END IF;
      IF NEW.status = 'corroborated' THEN
        NEW.corroborated_by := tandem_user_id();
        NEW.corroborated_at := now();
      ELSE
        NEW.verified_by := tandem_user_id();
        NEW.verified_at := now();
      END IF;
    ELSIF (NEW.corroborated_by, NEW.corroborated_at, NEW.verified_by, NEW.verified_at)
          IS DISTINCT FROM (OLD.corroborated_by, OLD.corroborated_at, OLD.verified_by, OLD.verified_at) THEN
      RAISE EXCEPTION 'who confirmed a record is recorded by the database only' USING ERRCODE = '23514';
    END IF;
    IF NEW.published_at IS NOT NULL AND OLD.published_at IS NULL THEN
      IF EXISTS (SELECT 1 FROM civic_affected_orgs a WHERE a.record_id = NEW.id AND a.name IS NOT NULL AND a.consent_at IS NULL) THEN
        RAISE EXCEPTION 'a named organisation has not consented to publication' USING ERRCODE = '23514';
      END IF;
      NEW.published_by := tandem_user_id();
    ELSIF NEW.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at THEN
      RAISE EXCEPTION 'a published record is withdrawn before it is published again' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER civic_records_rules BEFORE UPDATE ON civic_records FOR EACH ROW EXECUTE FUNCTION tandem_civic_record_rules();

-- The same for ratings: confirmed once, by the database's reading of who acts.
CREATE FUNCTION tandem_civic_rating_rules() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF OLD.status = 'confirmed' THEN
      RAISE EXCEPTION 'a confirmed rating is history and never changes' USING ERRCODE = '23514';
    END IF;
    IF NEW.status = 'confirmed' THEN
      NEW.confirmed_by := tandem_user_id();
      NEW.confirmed_at := now();
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER civic_ratings_rules BEFORE UPDATE ON civic_ratings FOR EACH ROW EXECUTE FUNCTION tandem_civic_rating_rules();

GRANT SELECT, INSERT ON civic_records TO tandem_app;
GRANT UPDATE (title, description, country, region, started_on, ended_on, types, ct_justification, legal_instrument, actor, women_targeted,
  severity, status, corroborated_by, corroborated_at, verified_by, verified_at, published_at, published_by) ON civic_records TO tandem_app;
GRANT SELECT, INSERT, DELETE ON civic_record_sources TO tandem_app;
GRANT SELECT, INSERT, DELETE ON civic_affected_orgs TO tandem_app;
GRANT UPDATE (consent_at, consent_note, consent_recorded_by) ON civic_affected_orgs TO tandem_app;
GRANT SELECT, INSERT ON civic_ratings TO tandem_app;
GRANT UPDATE (status, confirmed_by, confirmed_at) ON civic_ratings TO tandem_app;
GRANT SELECT, INSERT ON civic_rating_records TO tandem_app;

ALTER TABLE civic_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_records FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_record_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_record_sources FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_affected_orgs ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_affected_orgs FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_ratings FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_rating_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_rating_records FORCE ROW LEVEL SECURITY;

CREATE POLICY civic_records_select ON civic_records FOR SELECT TO tandem_app
  USING (published_at IS NOT NULL
    OR ((SELECT tandem_has_role('civic_monitor')) AND (monitor_org_id = (SELECT tandem_org_id()) OR status = 'verified')));
CREATE POLICY civic_records_insert ON civic_records FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id())
    AND entered_by = (SELECT tandem_user_id()) AND status = 'unverified' AND published_at IS NULL
    AND corroborated_by IS NULL AND verified_by IS NULL);
CREATE POLICY civic_records_update ON civic_records FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id()))
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id()));

-- Sources and affected organisations follow their record; they are written by the recording
-- organisation's monitors while the record is unpublished.
CREATE POLICY civic_record_sources_select ON civic_record_sources FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id));
CREATE POLICY civic_record_sources_insert ON civic_record_sources FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND added_by = (SELECT tandem_user_id())
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.published_at IS NULL));
CREATE POLICY civic_record_sources_delete ON civic_record_sources FOR DELETE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor'))
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.status = 'unverified'));

CREATE POLICY civic_affected_orgs_select ON civic_affected_orgs FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id));
CREATE POLICY civic_affected_orgs_insert ON civic_affected_orgs FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND added_by = (SELECT tandem_user_id()) AND consent_at IS NULL
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.published_at IS NULL));
CREATE POLICY civic_affected_orgs_update ON civic_affected_orgs FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor'))
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.published_at IS NULL))
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND (consent_recorded_by IS NULL OR consent_recorded_by = (SELECT tandem_user_id()))
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.published_at IS NULL));
CREATE POLICY civic_affected_orgs_delete ON civic_affected_orgs FOR DELETE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor'))
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.monitor_org_id = (SELECT tandem_org_id()) AND r.status = 'unverified'));

CREATE POLICY civic_ratings_select ON civic_ratings FOR SELECT TO tandem_app
  USING (status = 'confirmed' OR ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id())));
CREATE POLICY civic_ratings_insert ON civic_ratings FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id())
    AND proposed_by = (SELECT tandem_user_id()) AND status = 'proposed' AND confirmed_by IS NULL);
CREATE POLICY civic_ratings_update ON civic_ratings FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id()) AND status = 'proposed')
  WITH CHECK ((SELECT tandem_has_role('civic_monitor')) AND monitor_org_id = (SELECT tandem_org_id()));

-- A rating's links are readable with the rating; the public reads only those to published
-- records (the record's own policy hides the rest). Links are made with the proposal.
CREATE POLICY civic_rating_records_select ON civic_rating_records FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_ratings g WHERE g.id = rating_id) AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id));
CREATE POLICY civic_rating_records_insert ON civic_rating_records FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('civic_monitor'))
    AND EXISTS (SELECT 1 FROM civic_ratings g WHERE g.id = rating_id AND g.monitor_org_id = (SELECT tandem_org_id()) AND g.status = 'proposed')
    AND EXISTS (SELECT 1 FROM civic_records r WHERE r.id = record_id AND r.country = (SELECT g.country FROM civic_ratings g WHERE g.id = rating_id)));
