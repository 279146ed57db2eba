-- Held mail is read only by the administrators of the organisation its recipient belongs to.
--
-- Without SMTP, invitations and password resets wait in mail_outbox with their single-use link.
-- Until now a platform administrator read every held message (other organisations' invitation
-- and password-reset links included), and a message was filed under whichever organisation the
-- sender chose. From here on:
--  * org_id is the recipient's organisation: one they are an active member of, or invited into
--    by an invitation still open. A message filed under any other organisation is filed under
--    none instead (a trigger, below), so that no administrator reads it.
--  * An administrator (organisation or platform) of the acting organisation reads the held
--    messages filed under that organisation, and nothing else: not mail being sent or already
--    sent, not another organisation's mail, not mail filed under no organisation.
--  * The sign-in role only ever queues password resets; requests never queue them; nobody
--    queues mail as already sent.
--  * Requests read only the columns the outbox page shows.

-- Trigger (it cannot be called, so it answers no questions about memberships): runs with the
-- owner's rights because the sender may not see the recipient's organisation's memberships.
CREATE FUNCTION tandem_mail_file_under_recipient()
  RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF NEW.org_id IS NOT NULL AND NOT (
      EXISTS (
        SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = NEW.org_id AND u.email = lower(NEW.to_email) AND m.status = 'active' AND u.status = 'active')
      OR EXISTS (
        SELECT 1 FROM invitations i
        WHERE i.org_id = NEW.org_id AND i.email = lower(NEW.to_email)
          AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()))
    THEN
      NEW.org_id := NULL;
    END IF;
    RETURN NEW;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_mail_file_under_recipient() FROM PUBLIC;
CREATE TRIGGER mail_outbox_recipient_org BEFORE INSERT OR UPDATE OF org_id, to_email ON mail_outbox
  FOR EACH ROW EXECUTE FUNCTION tandem_mail_file_under_recipient();

DROP POLICY mail_outbox_insert ON mail_outbox;
DROP POLICY mail_outbox_admin_select ON mail_outbox;

CREATE POLICY mail_outbox_app_insert ON mail_outbox FOR INSERT TO tandem_app
  WITH CHECK (status IN ('pending', 'held') AND kind <> 'password_reset');
CREATE POLICY mail_outbox_auth_insert ON mail_outbox FOR INSERT TO tandem_auth
  WITH CHECK (status IN ('pending', 'held') AND kind = 'password_reset');

CREATE POLICY mail_outbox_held_admin ON mail_outbox FOR SELECT TO tandem_app
  USING (
    status = 'held' AND org_id = (SELECT tandem_org_id())
    AND ((SELECT tandem_has_role('org_admin')) OR (SELECT tandem_has_role('platform_admin'))));

REVOKE SELECT ON mail_outbox FROM tandem_app;
GRANT SELECT (id, created_at, org_id, kind, to_email, subject, body_text, status) ON mail_outbox TO tandem_app;

-- Break-glass mail written before now carried the written reason. Where its body is still kept
-- (held, or not yet sent), it is replaced by a notice without it; the use itself, reason
-- included, is on the emergency access page.
UPDATE mail_outbox
  SET subject = 'Tandem: emergency access was used',
      body_text = E'Emergency access to a case was used. The reason given is not sent by e-mail: read it and review this use on the emergency access page in Tandem.\n'
  WHERE kind = 'break_glass' AND body_text IS NOT NULL;
