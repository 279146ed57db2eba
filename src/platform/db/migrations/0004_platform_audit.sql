-- The audit trail: append-only, hash-chained.
--
-- Requests only INSERT (column grants: they cannot name the actor, which comes from the request
-- context, nor touch the chain columns). Rows are sealed into one chain, in order, by a
-- background step within about a second (audit/sealer.ts): each sealed row holds the hash of the
-- previous one and of its own canonical content. Writers therefore never wait on a shared lock;
-- `tandem audit verify` walks the chain and names the first row that does not match.

CREATE TABLE audit_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid DEFAULT nullif(current_setting('tandem.user_id', true), '')::uuid,
  actor_org_id uuid DEFAULT nullif(current_setting('tandem.org_id', true), '')::uuid,
  request_id text DEFAULT nullif(current_setting('tandem.request_id', true), ''),
  action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
  outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'denied', 'failure')),
  subject_type text CHECK (subject_type ~ '^[a-z][a-z_]*$'),
  subject_id text CHECK (length(subject_id) <= 100),
  -- The organisation whose data or rules the event concerns (its data protection officer sees it).
  subject_org_id uuid,
  ip text CHECK (length(ip) <= 64),
  details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
  chain_seq bigint UNIQUE,
  prev_hash bytea,
  hash bytea,
  CHECK ((chain_seq IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
);
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE hash IS NULL;
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id);
CREATE INDEX audit_events_actor_org_idx ON audit_events (actor_org_id, id);
CREATE INDEX audit_events_subject_org_idx ON audit_events (subject_org_id, id);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);

-- What a row's hash covers, as canonical text (jsonb orders its keys).
CREATE FUNCTION audit_canonical(e audit_events) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT jsonb_build_object(
      'id', e.id,
      'at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'user', e.actor_user_id, 'org', e.actor_org_id, 'request', e.request_id,
      'action', e.action, 'outcome', e.outcome,
      'type', e.subject_type, 'subject', e.subject_id, 'subject_org', e.subject_org_id,
      'ip', e.ip, 'details', e.details)::text
  $$;

-- Sealed rows never change and no row is deleted, whoever asks; the chain would show it anyway.
CREATE FUNCTION audit_events_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'audit events are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.hash IS NOT NULL THEN
      RAISE EXCEPTION 'sealed audit events never change' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_org_id, NEW.request_id, NEW.action, NEW.outcome,
        NEW.subject_type, NEW.subject_id, NEW.subject_org_id, NEW.ip, NEW.details)
       IS DISTINCT FROM
       (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_org_id, OLD.request_id, OLD.action, OLD.outcome,
        OLD.subject_type, OLD.subject_id, OLD.subject_org_id, OLD.ip, OLD.details) THEN
      RAISE EXCEPTION 'audit events are only sealed, never edited' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER audit_events_guard BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard();

GRANT INSERT (action, outcome, subject_type, subject_id, subject_org_id, ip, details) ON audit_events TO tandem_app;
-- Sign-in happens before anyone acts, so the sign-in role names the person signing in.
GRANT INSERT (actor_user_id, actor_org_id, action, outcome, subject_type, subject_id, subject_org_id, ip, details)
  ON audit_events TO tandem_auth;
GRANT SELECT ON audit_events TO tandem_app;

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_insert_app ON audit_events FOR INSERT TO tandem_app, tandem_auth WITH CHECK (true);
-- Policies that let data protection officers read are added with the roles (0005).
