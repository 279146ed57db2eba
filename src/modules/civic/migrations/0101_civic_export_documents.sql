-- The open-data export of published civic-space records, built in the background as a public
-- document (src/modules/civic/export-documents.ts): one per filter, format and state of
-- publication, shared by every reader. It only ever holds published records, so anyone may read
-- and ask for one; the service stops serving a document once records were published or withdrawn
-- since (its content key is no longer current), and the sweep removes it with its file.
CREATE POLICY documents_civic_export_select ON documents FOR SELECT TO tandem_app
  USING (owner_user_id IS NULL AND kind = 'public_civic_export');
CREATE POLICY documents_civic_export_insert ON documents FOR INSERT TO tandem_app
  WITH CHECK (owner_user_id IS NULL AND owner_org_id IS NULL AND kind = 'public_civic_export' AND content_key IS NOT NULL
    AND status = 'queued' AND jsonb_typeof(params -> 'filter') = 'object' AND params ->> 'format' IN ('csv', 'json'));
