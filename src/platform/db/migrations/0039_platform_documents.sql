-- Documents built in the background (response report PDFs, later exports): a request records
-- what it asked for and gets the document's id at once (202); a job builds it, in a worker
-- thread, and keeps the file in the file store; the page follows its progress and downloads it.
-- A person's document is theirs alone, for the organisation they acted for; a public document
-- (a published plan's report) is one per content, for anyone while the plan is published.
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
  owner_user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  owner_org_id uuid REFERENCES organisations (id),
  params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(params) = 'object'),
  -- A public document's content (a hash of what it shows): the same content is built once.
  content_key text CHECK (length(content_key) <= 100),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error text CHECK (length(error) <= 500),
  filename text CHECK (length(filename) <= 200),
  content_type text CHECK (length(content_type) <= 100),
  size_bytes integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz NOT NULL DEFAULT now() + interval '7 days',
  CHECK ((owner_user_id IS NULL) = (owner_org_id IS NULL))
);
CREATE INDEX documents_owner_idx ON documents (owner_user_id, created_at DESC);
CREATE INDEX documents_pending_idx ON documents (created_at) WHERE status IN ('queued', 'building');
CREATE UNIQUE INDEX documents_public_content_idx ON documents (kind, content_key) WHERE owner_user_id IS NULL;
CREATE INDEX documents_expires_idx ON documents (expires_at);

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
GRANT SELECT (id, kind, owner_user_id, owner_org_id, params, content_key, status, progress, error, filename, content_type, size_bytes, created_at, finished_at, expires_at)
  ON documents TO tandem_app;
GRANT INSERT (id, kind, owner_user_id, owner_org_id, params, content_key) ON documents TO tandem_app;

-- One's own, asked for in the organisation one acts for.
CREATE POLICY documents_own_select ON documents FOR SELECT TO tandem_app
  USING (owner_user_id = (SELECT tandem_user_id()) AND owner_org_id = (SELECT tandem_org_id()));
CREATE POLICY documents_own_insert ON documents FOR INSERT TO tandem_app
  WITH CHECK (owner_user_id = (SELECT tandem_user_id()) AND owner_org_id = (SELECT tandem_org_id()) AND content_key IS NULL);
-- A published plan's report: anyone's, while the plan is published.
CREATE POLICY documents_public_select ON documents FOR SELECT TO tandem_app
  USING (owner_user_id IS NULL AND kind = 'public_plan_report'
    AND EXISTS (SELECT 1 FROM plans p WHERE p.id = (params ->> 'planId')::uuid AND p.published_at IS NOT NULL));
CREATE POLICY documents_public_insert ON documents FOR INSERT TO tandem_app
  WITH CHECK (owner_user_id IS NULL AND kind = 'public_plan_report' AND content_key IS NOT NULL
    AND EXISTS (SELECT 1 FROM plans p WHERE p.id = (params ->> 'planId')::uuid AND p.published_at IS NOT NULL));
