// Request and response shapes of the identity API, shared by the routes and the web app's forms.
import { z } from 'zod';
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
