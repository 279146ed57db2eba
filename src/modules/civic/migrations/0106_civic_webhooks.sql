-- Signed webhooks for civic-space alerts: an organisation's administrators register an address
-- that is sent, as JSON signed with HMAC-SHA256 under a secret shown once, what the e-mail alerts
-- say — a verified record published, a country rating confirmed — for the countries and types it
-- chose. Each sending is a delivery, tried by a job with retries; the organisation sees its
-- deliveries and their answers. See src/modules/civic/webhooks.ts.

CREATE TABLE civic_webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  url text NOT NULL CHECK (url ~ '^https?://[^\s]+$' AND length(url) <= 2000),
  -- Empty: every country; every type.
  countries text[] NOT NULL DEFAULT '{}' CHECK (cardinality(countries) <= 300),
  types text[] NOT NULL DEFAULT '{}' CHECK (cardinality(types) <= 11 AND types <@ ARRAY['registration', 'funding_rules', 'bank_derisking',
    'operations', 'assembly', 'expression', 'harassment_detention', 'surveillance', 'travel_ban', 'designation_listing', 'smear_campaign']),
  -- The signing secret, sealed with the identity vault's keys (it is needed in clear to sign).
  sealed_secret text NOT NULL CHECK (length(sealed_secret) <= 1000),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX civic_webhooks_org_idx ON civic_webhooks (org_id);

-- One sending of one event to one webhook. Written and updated by the jobs (as the system);
-- the organisation reads its own.
CREATE TABLE civic_webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES civic_webhooks (id) ON DELETE CASCADE,
  event text NOT NULL CHECK (event IN ('civic.record.published', 'civic.rating.confirmed')),
  subject_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- The answer of the last attempt: an HTTP status, or why none came (no address, refused, timed out).
  last_status integer,
  last_error text CHECK (length(last_error) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  UNIQUE (webhook_id, event, subject_id, created_at)
);
CREATE INDEX civic_webhook_deliveries_webhook_idx ON civic_webhook_deliveries (webhook_id, created_at DESC);

GRANT SELECT, DELETE ON civic_webhooks TO tandem_app;
GRANT INSERT (id, org_id, url, countries, types, sealed_secret, created_by) ON civic_webhooks TO tandem_app;
GRANT SELECT ON civic_webhook_deliveries TO tandem_app;
ALTER TABLE civic_webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_webhooks FORCE ROW LEVEL SECURITY;
ALTER TABLE civic_webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_webhook_deliveries FORCE ROW LEVEL SECURITY;

-- An organisation's administrators, for their own organisation only.
CREATE POLICY civic_webhooks_select ON civic_webhooks FOR SELECT TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')));
CREATE POLICY civic_webhooks_insert ON civic_webhooks FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')) AND created_by = (SELECT tandem_user_id()));
CREATE POLICY civic_webhooks_delete ON civic_webhooks FOR DELETE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')));
CREATE POLICY civic_webhook_deliveries_select ON civic_webhook_deliveries FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM civic_webhooks w WHERE w.id = webhook_id));
