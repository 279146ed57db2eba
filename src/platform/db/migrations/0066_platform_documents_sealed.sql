-- Documents sealed at rest, and no longer readable once expired. From here every document's file
-- is sealed (AES-256-GCM under a key derived from the identity vault's keyring, bound to the
-- document) before it reaches the file store, and opened when its owner downloads it: a case
-- summary or a subject access export holds identifying data decrypted from the vault, and the
-- file store (a shared folder, a bucket) must not hold it readable. `sealed` says how a file was
-- stored, so that files built before this migration still download. A kind of document has its
-- own lifetime (an hour for case documents, 7 days for reports): past it, the owner no longer
-- reads the document, even in the minute before the sweep deletes it with its file.
ALTER TABLE documents ADD COLUMN sealed boolean NOT NULL DEFAULT false;
GRANT SELECT (sealed) ON documents TO tandem_app;

DROP POLICY documents_own_select ON documents;
CREATE POLICY documents_own_select ON documents FOR SELECT TO tandem_app
  USING (owner_user_id = (SELECT tandem_user_id()) AND owner_org_id = (SELECT tandem_org_id()) AND expires_at > now());
