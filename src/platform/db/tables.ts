import type { ColumnType, Generated } from 'kysely';

export type PlatformTables = {
  instance_settings: { key: string; value: string; updated_at: Generated<Date> };
  audit_events: {
    id: ColumnType<number, never, never>;
    occurred_at: Generated<Date>;
    actor_user_id: Generated<string | null>;
    actor_org_id: Generated<string | null>;
    request_id: Generated<string | null>;
    action: string;
    outcome: Generated<string>;
    subject_type: string | null;
    subject_id: string | null;
    subject_org_id: string | null;
    ip: string | null;
    details: ColumnType<Record<string, unknown>, string | undefined, never>;
    chain_seq: ColumnType<number | null, never, number>;
    prev_hash: ColumnType<Uint8Array | null, never, Uint8Array>;
    hash: ColumnType<Uint8Array | null, never, Uint8Array>;
  };
  documents: {
    id: Generated<string>;
    kind: string;
    owner_user_id: string | null;
    owner_org_id: string | null;
    params: ColumnType<Record<string, unknown>, string, string>;
    content_key: string | null;
    status: Generated<string>;
    progress: Generated<number>;
    error: string | null;
    filename: string | null;
    content_type: string | null;
    size_bytes: number | null;
    created_at: Generated<Date>;
    started_at: Date | null;
    finished_at: Date | null;
    expires_at: Generated<Date>;
    sealed: Generated<boolean>;
  };
  mail_outbox: {
    id: Generated<string>;
    created_at: Generated<Date>;
    org_id: string | null;
    kind: string;
    to_email: string;
    subject: string;
    body_text: string | null;
    status: string;
    attempts: Generated<number>;
    last_error: string | null;
    sent_at: Date | null;
    claimed_at: Date | null;
  };
  schema_migrations: { version: number; name: string; checksum: string; applied_at: Generated<Date> };
};
