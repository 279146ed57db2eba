-- Imports run as jobs that survive a restart: the rows still to import are kept with the run,
-- sealed with the identity vault's keys (they hold names and document numbers), until the run
-- ends; a run stopped between two batches (shutdown, or the process killed) goes on where it
-- stopped when a server is up again, skipping the rows already imported.
ALTER TABLE case_imports ADD COLUMN sealed_rows text CHECK (sealed_rows LIKE 'v1.%');
GRANT UPDATE (sealed_rows) ON case_imports TO tandem_app;
