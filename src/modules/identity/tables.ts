import type { Generated } from 'kysely';

export type IdentityTables = {
  users: {
    id: Generated<string>;
    email: string;
    display_name: string;
    password_hash: string | null;
    locale: Generated<string>;
    status: Generated<string>;
    last_login_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  memberships: {
    id: Generated<string>;
    user_id: string;
    org_id: string;
    roles: string[];
    status: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  invitations: {
    id: Generated<string>;
    org_id: string;
    email: string;
    display_name: string;
    roles: string[];
    locale: Generated<string>;
    token_hash: Uint8Array;
    invited_by: string | null;
    created_at: Generated<Date>;
    expires_at: Date;
    accepted_at: Date | null;
    accepted_user_id: string | null;
    revoked_at: Date | null;
  };
  password_resets: {
    id: Generated<string>;
    user_id: string;
    token_hash: Uint8Array;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
  };
  sign_in_throttle: {
    key: string;
    failures: number;
    window_started_at: Date;
    locked_until: Date | null;
  };
  sessions: {
    id: Generated<string>;
    token_hash: Uint8Array;
    user_id: string;
    active_org_id: string | null;
    user_agent: string | null;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
    mfa_pending: Generated<boolean>;
  };
  user_mfa: {
    user_id: string;
    totp_secret: string;
    confirmed_at: Date | null;
    last_used_step: number | null;
    created_at: Generated<Date>;
  };
  mfa_recovery_codes: {
    id: Generated<string>;
    user_id: string;
    code_hash: Uint8Array;
    used_at: Date | null;
    created_at: Generated<Date>;
  };
};
