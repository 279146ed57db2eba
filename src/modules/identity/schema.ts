// Request and response shapes of the identity API, shared by the routes and the web app's forms.
import { z } from 'zod';
import { rule } from '../../platform/http/field-codes.ts';
import { line } from '../../platform/validation/text.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/password-rules.ts';
import { ABILITIES } from './policy.ts';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an e-mail address' }));

export const loginBody = z.object({
  email: emailField,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const membershipView = z.object({
  orgId: z.uuid(),
  orgName: z.string(),
  orgShortName: z.string().nullable(),
  orgType: z.string(),
  roles: z.array(z.enum(ROLES)),
});

/** `probe=1`: nobody signed in is answered 204, not 401. */
export const meQuery = z.object({ probe: z.enum(['1']).optional() });

export const meResponse = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    locale: z.enum(['en', 'ru', 'ar']),
  }),
  /** complete · mfa_pending (a code is owed) · enrolment_required (a second factor must be set up first) */
  stage: z.enum(['complete', 'mfa_pending', 'enrolment_required']),
  memberships: z.array(membershipView),
  activeOrgId: z.uuid().nullable(),
  roles: z.array(z.enum(ROLES)),
  abilities: z.array(z.enum(ABILITIES)),
  mfa: z.object({ enrolled: z.boolean(), required: z.boolean(), recoveryCodesLeft: z.number().int().nullable() }),
});
export type Me = z.infer<typeof meResponse>;

export const loginResponse = z.union([
  meResponse.extend({ mfaRequired: z.literal(false) }),
  z.object({ mfaRequired: z.literal(true) }),
]);

/** A six-digit code from the authenticator app, or a recovery code (xxxxx-xxxxx). */
export const secondFactorBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^(\d{6}|[A-Za-z2-7]{5}-[A-Za-z2-7]{5})$/, 'must be a six-digit code or a recovery code'),
});
export const totpCodeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be a six-digit code') });

export const enrolmentResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const switchOrgBody = z.object({ orgId: z.uuid() });

export const sessionView = z.object({
  id: z.uuid(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});

export const sessionIdParams = z.object({ id: z.uuid() });
export const csrfResponse = z.object({ token: z.string() });

const ASSIGNABLE_ROLES = ROLES.filter((r) => r !== 'platform_admin') as [Exclude<(typeof ROLES)[number], 'platform_admin'>, ...Array<Exclude<(typeof ROLES)[number], 'platform_admin'>>];
const displayName = line(1, 200);
const newPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH);
/** Tokens from e-mailed links: 32 random bytes in base64url. */
const linkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link');

export const memberView = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(['active', 'deactivated']),
  lastSignInAt: z.iso.datetime().nullable(),
  self: z.boolean(),
});
export type MemberView = z.infer<typeof memberView>;

export const invitationBody = z.object({
  email: emailField,
  displayName,
  roles: z.array(z.enum(ASSIGNABLE_ROLES)).min(1).max(10).refine((r) => new Set(r).size === r.length, rule('not_unique', 'lists a role twice')),
  locale: z.enum(['en', 'ru', 'ar']).default('en'),
});

export const invitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['open', 'accepted', 'revoked', 'expired']),
});
export type InvitationView = z.infer<typeof invitationView>;

export const memberParams = z.object({ userId: z.uuid() });
export const invitationParams = z.object({ id: z.uuid() });
export const rolesBody = z.object({
  roles: z.array(z.enum(ASSIGNABLE_ROLES)).min(1).max(10).refine((r) => new Set(r).size === r.length, rule('not_unique', 'lists a role twice')),
});
export const statusBody = z.object({ status: z.enum(['active', 'deactivated']) });

export const tokenBody = z.object({ token: linkToken });
export const invitationPreview = z.object({
  organisation: z.string(),
  email: z.string(),
  displayName: z.string(),
  accountExists: z.boolean(),
});
export const acceptInvitationBody = z.object({
  token: linkToken,
  displayName: displayName.optional(),
  password: newPassword.optional(),
});
export const resetRequestBody = z.object({ email: emailField });
export const resetCompleteBody = z.object({ token: linkToken, password: newPassword });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword });

export const heldMailView = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string().nullable(),
  status: z.enum(['pending', 'held', 'sent', 'failed']),
});
export type HeldMailView = z.infer<typeof heldMailView>;
