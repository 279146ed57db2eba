-- Jurisdictions (the countries a deployment serves; case data of one never mixes with another's)
-- and organisations: government agencies, civil society organisations, donors and others.

CREATE TABLE jurisdictions (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  -- Display names by locale, e.g. {"en": "...", "ru": "...", "ar": "..."}; English is required.
  names jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object' AND names ? 'en'),
  regions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(regions) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 2 AND 200),
  short_name text CHECK (length(btrim(short_name)) BETWEEN 1 AND 40),
  type text NOT NULL CHECK (type IN ('government', 'cso', 'community', 'international', 'donor', 'academic')),
  country text NOT NULL REFERENCES jurisdictions (code),
  regions text[] NOT NULL DEFAULT '{}',
  areas_of_work text[] NOT NULL DEFAULT '{}'
    CHECK (areas_of_work <@ ARRAY['prevention', 'intervention', 'rehabilitation_reintegration']),
  need_domains text[] NOT NULL DEFAULT '{}'
    CHECK (need_domains <@ ARRAY['psychosocial', 'vocational', 'financial', 'educational', 'legal',
      'religious_ideological', 'familial', 'communication_social', 'health', 'housing',
      'documentation', 'community_acceptance']),
  languages text[] NOT NULL DEFAULT '{}',
  women_led boolean NOT NULL DEFAULT false,
  gender_expertise boolean NOT NULL DEFAULT false,
  registration_status text NOT NULL DEFAULT 'registered'
    CHECK (registration_status IN ('registered', 'pending', 'unregistered', 'not_applicable')),
  -- A CSO decides who may find it; the default is not public.
  visibility text NOT NULL DEFAULT 'partners' CHECK (visibility IN ('public', 'partners', 'hidden')),
  description text CHECK (length(description) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_country_idx ON organisations (country);

GRANT SELECT ON jurisdictions TO tandem_app, tandem_auth;
GRANT SELECT, INSERT, UPDATE ON organisations TO tandem_app;
GRANT SELECT (id, name, short_name, type, country) ON organisations TO tandem_auth;

ALTER TABLE organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organisations FORCE ROW LEVEL SECURITY;
-- Policies on organisations depend on memberships and are created with them (0003).
