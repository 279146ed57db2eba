-- Structured professional judgement. An organisation's administrator defines instruments
-- (factors to consider and an ordered scale of concern); a named professional records, against
-- one instrument, a rating per factor with a rationale and an overall level of concern that they
-- choose themselves, with reasons and a date for the next review. Nothing is ever computed
-- from the ratings.
--
-- An instrument version never changes once written: editing writes the next version (the old
-- one becomes 'superseded'), so a judgement always reads against the instrument as it was.
-- Only the status moves (active → superseded | retired), which column grants enforce.

CREATE TABLE judgement_instruments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The id of the first version: all versions of one instrument share it.
  family_id uuid NOT NULL,
  version integer NOT NULL CHECK (version BETWEEN 1 AND 1000),
  -- NULL: published to every organisation by a platform administrator.
  owner_org_id uuid REFERENCES organisations (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  -- [{"key": "f1", "label": …, "guidance": …, "domain": "familial"}, …]
  factors jsonb NOT NULL CHECK (jsonb_typeof(factors) = 'array' AND jsonb_array_length(factors) BETWEEN 1 AND 30),
  -- Ordered from least to most concern: [{"key": "l1", "label": "Low", "description": …}, …]
  levels jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'array' AND jsonb_array_length(levels) BETWEEN 2 AND 7),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'retired')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (family_id, version)
);
CREATE UNIQUE INDEX judgement_instruments_one_active ON judgement_instruments (family_id) WHERE status = 'active';
CREATE INDEX judgement_instruments_owner_idx ON judgement_instruments (owner_org_id, family_id, version);

CREATE FUNCTION tandem_instrument_family() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    NEW.family_id := coalesce(NEW.family_id, NEW.id);
    RETURN NEW;
  END
  $$;
CREATE TRIGGER judgement_instruments_family BEFORE INSERT ON judgement_instruments FOR EACH ROW EXECUTE FUNCTION tandem_instrument_family();

-- A superseded or retired version stays as it is.
CREATE FUNCTION tandem_instrument_status_once() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF OLD.status <> 'active' AND NEW.status IS DISTINCT FROM OLD.status THEN
      RAISE EXCEPTION 'a superseded or retired instrument does not change' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER judgement_instruments_status BEFORE UPDATE ON judgement_instruments FOR EACH ROW EXECUTE FUNCTION tandem_instrument_status_once();

CREATE TABLE case_judgements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  lead_org_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  instrument_id uuid NOT NULL REFERENCES judgement_instruments (id),
  -- {"f1": {"level": "l2", "rationale": "…"}, …}: one entry per factor of the instrument.
  ratings jsonb NOT NULL CHECK (jsonb_typeof(ratings) = 'object'),
  overall_level text NOT NULL CHECK (length(overall_level) BETWEEN 1 AND 40),
  overall_reasons text NOT NULL CHECK (length(btrim(overall_reasons)) BETWEEN 1 AND 8000),
  next_review_on date NOT NULL,
  recorded_by uuid REFERENCES users (id),
  -- The professional's name as it read then: readers at other organisations may not see accounts.
  recorder_name text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_judgements_case_idx ON case_judgements (case_id, recorded_at DESC);
CREATE INDEX case_judgements_lead_idx ON case_judgements (lead_org_id, case_id);
CREATE TRIGGER case_judgements_lead BEFORE INSERT OR UPDATE OF case_id ON case_judgements FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();

-- The recorder's name from their account, and the ratings checked against the instrument's
-- factors and scale: every factor rated once, on the scale, and nothing else.
CREATE FUNCTION tandem_judgement_checks() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    v_factors jsonb;
    v_levels jsonb;
  BEGIN
    SELECT factors, levels INTO v_factors, v_levels FROM judgement_instruments WHERE id = NEW.instrument_id;
    IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_levels) l WHERE l ->> 'key' = NEW.overall_level) THEN
      RAISE EXCEPTION 'the overall level is not on the instrument''s scale' USING ERRCODE = 'check_violation';
    END IF;
    IF (SELECT count(*) FROM jsonb_object_keys(NEW.ratings)) <> jsonb_array_length(v_factors)
      OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(v_factors) f
        WHERE NOT (NEW.ratings ? (f ->> 'key'))
          OR NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v_levels) l WHERE l ->> 'key' = NEW.ratings -> (f ->> 'key') ->> 'level'))
    THEN
      RAISE EXCEPTION 'every factor of the instrument is rated on its scale' USING ERRCODE = 'check_violation';
    END IF;
    SELECT display_name INTO NEW.recorder_name FROM users WHERE id = NEW.recorded_by;
    NEW.recorder_name := coalesce(NEW.recorder_name, '');
    RETURN NEW;
  END
  $$;
CREATE TRIGGER case_judgements_checks BEFORE INSERT ON case_judgements FOR EACH ROW EXECUTE FUNCTION tandem_judgement_checks();

-- Append-only for the application: no UPDATE or DELETE (anonymisation runs as the owner).
GRANT SELECT, INSERT ON judgement_instruments, case_judgements TO tandem_app;
GRANT UPDATE (status, retired_at) ON judgement_instruments TO tandem_app;

ALTER TABLE judgement_instruments ENABLE ROW LEVEL SECURITY;
ALTER TABLE judgement_instruments FORCE ROW LEVEL SECURITY;
ALTER TABLE case_judgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_judgements FORCE ROW LEVEL SECURITY;

-- Judgements: the lead agency's case roles, and team organisations while the section
-- `professional_judgement` is open to them (team role, consent and agreement; never break-glass).
CREATE POLICY case_judgements_select ON case_judgements FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR case_id IN (SELECT tandem_team_case_ids('professional_judgement')));
CREATE POLICY case_judgements_insert ON case_judgements FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND recorded_by = (SELECT tandem_user_id())
    AND ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
      OR case_id IN (SELECT tandem_team_case_ids('professional_judgement')))
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.status = 'open')
    AND EXISTS (SELECT 1 FROM judgement_instruments i WHERE i.id = instrument_id AND i.status = 'active'
      AND (i.owner_org_id IS NULL OR i.owner_org_id = (SELECT tandem_org_id()))));

-- Instruments: read by the owner organisation's case roles and administrators (platform-wide
-- ones by everyone who may use or manage instruments), and wherever a visible judgement uses one.
CREATE FUNCTION tandem_instrument_reader() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tandem_case_role_ok() OR tandem_has_role('org_admin') OR tandem_has_role('platform_admin') $$;
-- Whether a judgement the acting organisation may see uses the instrument (the rule of
-- case_judgements_select, asked here so that the two policies do not call each other). Asked
-- per instrument row, of which there are few; each question is an index probe.
CREATE FUNCTION tandem_instrument_in_view(p_instrument uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (SELECT 1 FROM case_judgements j
        WHERE j.instrument_id = p_instrument AND j.lead_org_id = tandem_org_id() AND tandem_case_role_ok())
      OR EXISTS (SELECT 1 FROM case_judgements j
        WHERE j.instrument_id = p_instrument AND j.case_id IN (SELECT tandem_team_case_ids('professional_judgement')))
  $$;
REVOKE EXECUTE ON FUNCTION tandem_instrument_reader(), tandem_instrument_in_view(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_instrument_reader(), tandem_instrument_in_view(uuid) TO tandem_app;
CREATE INDEX case_judgements_instrument_idx ON case_judgements (instrument_id, lead_org_id);

CREATE POLICY judgement_instruments_select ON judgement_instruments FOR SELECT TO tandem_app
  USING (((SELECT tandem_instrument_reader()) AND (owner_org_id IS NULL OR owner_org_id = (SELECT tandem_org_id())))
    OR tandem_instrument_in_view(id));
CREATE POLICY judgement_instruments_insert ON judgement_instruments FOR INSERT TO tandem_app
  WITH CHECK (created_by = (SELECT tandem_user_id())
    AND ((owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')))
      OR (owner_org_id IS NULL AND (SELECT tandem_has_role('platform_admin')))));
CREATE POLICY judgement_instruments_update ON judgement_instruments FOR UPDATE TO tandem_app
  USING ((owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')))
    OR (owner_org_id IS NULL AND (SELECT tandem_has_role('platform_admin'))))
  WITH CHECK ((owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')))
    OR (owner_org_id IS NULL AND (SELECT tandem_has_role('platform_admin'))));
