-- Alerts of the civic-space monitor: a signed-in person subscribes to a country (all types of
-- restriction, or some), and is sent an e-mail when a verified record about it is published or
-- its rating is confirmed. Each person sees and changes only their own subscriptions; the mail is
-- written by a job (src/modules/civic/alerts.ts), not by the person who published.
CREATE TABLE civic_subscriptions (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  country text NOT NULL REFERENCES jurisdictions (code),
  -- Empty: every type.
  types text[] NOT NULL DEFAULT '{}' CHECK (cardinality(types) <= 11 AND types <@ ARRAY['registration', 'funding_rules', 'bank_derisking',
    'operations', 'assembly', 'expression', 'harassment_detention', 'surveillance', 'travel_ban', 'designation_listing', 'smear_campaign']),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, country)
);
CREATE INDEX civic_subscriptions_country_idx ON civic_subscriptions (country);

GRANT SELECT, INSERT, DELETE ON civic_subscriptions TO tandem_app;
GRANT UPDATE (types) ON civic_subscriptions TO tandem_app;
ALTER TABLE civic_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE civic_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY civic_subscriptions_own ON civic_subscriptions FOR ALL TO tandem_app
  USING (user_id = (SELECT tandem_user_id()))
  WITH CHECK (user_id = (SELECT tandem_user_id()));
