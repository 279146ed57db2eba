// All settings of a Tandem process, read once at start from the environment (and, when
// TANDEM_CONFIG_FILE names one, a JSON file whose keys are the same variable names).
// Invalid settings stop the process with a message naming each one; there are no default secrets.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z
  .object({
    PORT: positiveInt(0, 65535).default(3000),
    HOST: z.string().min(1).default('localhost'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_POOL_SIZE: positiveInt(1, 200).default(10),
    DATABASE_REQUEST_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    TANDEM_DATA_DIR: z.string().min(1).default('./data'),
    TANDEM_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    TANDEM_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    TANDEM_VAULT_KEYS: z.string().min(1).optional(),
    TANDEM_VAULT_KEY_FILE: z.string().min(1).optional(),
    TANDEM_REFERRAL_ANSWER_DAYS: positiveInt(1, 90).default(5),
    TANDEM_REMINDER_MINUTES: positiveInt(0, 24 * 60).default(15),
    TANDEM_WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .regex(/^[A-Za-z0-9.:[\]-]+(,[A-Za-z0-9.:[\]-]+)*$/, 'must be host names separated by commas')
      .optional(),
    TANDEM_JOB_POLL_SECONDS: positiveInt(1, 60).default(1),
    TANDEM_JOB_STOP_SECONDS: positiveInt(0, 600).default(10),
    TANDEM_FILES_DIR: z.string().min(1).optional(),
    TANDEM_FILES_S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens')
      .optional(),
    TANDEM_FILES_S3_ENDPOINT: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'must not hold credentials (use TANDEM_FILES_S3_ACCESS_KEY_ID and TANDEM_FILES_S3_SECRET_ACCESS_KEY)')
      .refine((u) => !/[?#]/.test(u), 'must not have a query or fragment')
      .optional(),
    TANDEM_FILES_S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as eu-central-1')
      .optional(),
    TANDEM_FILES_S3_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]*$/, 'must be folder names of letters, digits, dots, hyphens and underscores separated by "/", e.g. tandem/documents/')
      .max(200)
      .optional(),
    TANDEM_FILES_S3_FORCE_PATH_STYLE: flag.optional(),
    TANDEM_FILES_S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
    TANDEM_FILES_S3_SECRET_ACCESS_KEY: z.string().min(1).max(1024).optional(),
    TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION: z.enum(['AES256', 'aws:kms']).optional(),
    TANDEM_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
    TANDEM_RENDER_THREADS: positiveInt(1, 16).default(1),
    TANDEM_DUPLICATE_CHECKS_PER_DAY: positiveInt(1, 1_000_000).default(200),
    TANDEM_DISCLOSURE_THRESHOLD: positiveInt(1, 1000).default(5),
    TANDEM_DISCLOSURE_ROUND_TO: positiveInt(1, 100).default(1),
    TANDEM_DEMO: flag.optional(),
    TANDEM_DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    TANDEM_TRUST_PROXY: flag.default(false),
    TANDEM_BODY_LIMIT: positiveInt(1024, 100 * 1024 * 1024).default(1024 * 1024),
    TANDEM_RATE_LIMIT_PER_MINUTE: positiveInt(1, 1_000_000).default(600),
    TANDEM_SESSION_IDLE_MINUTES: positiveInt(1, 24 * 60).default(60),
    TANDEM_SESSION_ABSOLUTE_HOURS: positiveInt(1, 24 * 30).default(12),
    TANDEM_DRAIN_SECONDS: positiveInt(0, 600).optional(),
    TANDEM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TANDEM_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
  })
  .superRefine((env, ctx) => {
    const demo = env.TANDEM_DEMO ?? env.DATABASE_URL === undefined;
    if (!demo && env.TANDEM_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TANDEM_SECRET'],
        message: 'is required outside demo mode (generate one with: openssl rand -base64 48)',
      });
    }
    if (!demo && env.TANDEM_VAULT_KEYS === undefined && env.TANDEM_VAULT_KEY_FILE === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TANDEM_VAULT_KEYS'],
        message:
          'or TANDEM_VAULT_KEY_FILE is required outside demo mode: the key that encrypts identity data ' +
          '(generate one with: echo "k1:$(openssl rand -base64 32)")',
      });
    }
    if (!demo && env.TANDEM_PUBLIC_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TANDEM_PUBLIC_URL'],
        message: 'is required outside demo mode (the address users open, e.g. https://tandem.example.org)',
      });
    }
    if (!demo && env.TANDEM_PUBLIC_URL !== undefined && !isHttpsOrLocal(env.TANDEM_PUBLIC_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TANDEM_PUBLIC_URL'],
        message: 'must be https outside demo mode (sign-in cookies are only sent over https)',
      });
    }
    if (env.SMTP_URL !== undefined && env.MAIL_FROM === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' });
    }
    checkS3(env, demo, ctx);
  });

const S3_SETTINGS = [
  'TANDEM_FILES_S3_BUCKET',
  'TANDEM_FILES_S3_ENDPOINT',
  'TANDEM_FILES_S3_REGION',
  'TANDEM_FILES_S3_PREFIX',
  'TANDEM_FILES_S3_FORCE_PATH_STYLE',
  'TANDEM_FILES_S3_ACCESS_KEY_ID',
  'TANDEM_FILES_S3_SECRET_ACCESS_KEY',
  'TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION',
] as const;

type S3Env = Partial<Record<(typeof S3_SETTINGS)[number] | 'TANDEM_FILES_DIR', unknown>> & { TANDEM_FILES_S3_ENDPOINT?: string };

/** The bucket's settings go together: all that they need, or none of them. */
function checkS3(env: S3Env, demo: boolean, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const given = S3_SETTINGS.filter((name) => env[name] !== undefined);
  if (given.length === 0) return;
  if (env.TANDEM_FILES_S3_BUCKET === undefined) {
    issue('TANDEM_FILES_S3_BUCKET', `is required when other bucket settings are set (${given.join(', ')})`);
    return;
  }
  if (env.TANDEM_FILES_DIR !== undefined) {
    issue('TANDEM_FILES_DIR', 'and TANDEM_FILES_S3_BUCKET cannot both be set: built documents go to the folder or to the bucket, not both');
  }
  if ((env.TANDEM_FILES_S3_ACCESS_KEY_ID === undefined) !== (env.TANDEM_FILES_S3_SECRET_ACCESS_KEY === undefined)) {
    const missing = env.TANDEM_FILES_S3_ACCESS_KEY_ID === undefined ? 'TANDEM_FILES_S3_ACCESS_KEY_ID' : 'TANDEM_FILES_S3_SECRET_ACCESS_KEY';
    issue(missing, 'is required with the other key of the pair (or set neither, to use the standard AWS credential chain)');
  }
  if (env.TANDEM_FILES_S3_ENDPOINT === undefined && env.TANDEM_FILES_S3_REGION === undefined) {
    issue('TANDEM_FILES_S3_REGION', "is required for a bucket on AWS (the bucket's region, e.g. eu-central-1); with TANDEM_FILES_S3_ENDPOINT it defaults to us-east-1");
  }
  if (!demo && env.TANDEM_FILES_S3_ENDPOINT !== undefined && !isHttpsOrLocal(env.TANDEM_FILES_S3_ENDPOINT)) {
    issue('TANDEM_FILES_S3_ENDPOINT', 'must be https outside demo mode (documents hold personal data); http is accepted only on this machine');
  }
}

export type Config = {
  port: number;
  host: string;
  /**
   * PostgreSQL: `url` logs in as the owner (migrations, jobs, maintenance); requests log in as
   * `requestUrl`'s role, or as the login role Tandem keeps for them when it is unset.
   */
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number; requestUrl?: string | undefined };
  dataDir: string;
  publicUrl: string;
  /** Secret for signing cookies; undefined only in demo mode, where one is generated and stored. */
  secret: string | undefined;
  /** Identity-vault keys as "id:base64" (the first seals), or a file holding them, one a line. */
  vault: { keys: string | undefined; keyFile: string | undefined };
  /**
   * Reminders are raised (and duplicate notices mailed) every `reminderMinutes` (0: never, e.g. in
   * tests that raise them by hand). `duplicateChecksPerDay`: people one person may check against
   * other agencies' cases per day (each case opened with a name or document number is one).
   */
  cases: { referralAnswerDays: number; reminderMinutes: number; duplicateChecksPerDay: number };
  /**
   * Disclosure control of every figure computed from people's records (monitoring indicators,
   * planning's representation figures): counts at or below `threshold` are hidden, with
   * secondary suppression; published counts are rounded to a multiple of `roundTo` (1: not rounded).
   */
  disclosure: { threshold: number; roundTo: number };
  /** An idle job worker looks for work every `pollingSeconds`; shutting down waits `stopSeconds` for jobs in progress. */
  jobs: { pollingSeconds: number; stopSeconds: number };
  /**
   * Generated files (documents) go in the folder `dir`, or in the bucket `s3` when one is
   * configured; they are rendered in `renderThreads` worker threads.
   */
  files: { dir: string; renderThreads: number; s3: S3Settings | undefined };
  /** GET /metrics answers only with "Authorization: Bearer <token>"; without a token, there is no /metrics. */
  metricsToken: string | undefined;
  /** Hosts a webhook may reach although they are on a private network (or over http). */
  webhookAllowedHosts: string[];
  demo: { enabled: boolean; password: string | undefined };
  trustProxy: boolean;
  bodyLimit: number;
  rateLimitPerMinute: number;
  session: { idleMinutes: number; absoluteHours: number };
  logLevel: string;
  /** json for log collectors; pretty (one short line each) for a person at a terminal. Unset: pretty in demo mode at a terminal. */
  logFormat: 'json' | 'pretty' | undefined;
  /**
   * Seconds between SIGTERM and closing the listening socket: readiness answers 503 at once while
   * requests are still answered, so that a load balancer stops sending before anything is refused.
   */
  drainSeconds: number;
  mail: { smtpUrl: string; from: string } | undefined;
  /** Cookies are marked Secure whenever the public address is https. */
  secureCookies: boolean;
};

/** An S3-compatible bucket for generated files (see platform/files/s3.ts). */
export type S3Settings = {
  bucket: string;
  /** The service's address (MinIO, Ceph, Garage, …); undefined means AWS. */
  endpoint: string | undefined;
  region: string;
  /** Put before every key: empty, or ending in "/". */
  prefix: string;
  forcePathStyle: boolean;
  /** Undefined: the standard AWS credential chain (environment, shared files, web identity, container or instance role). */
  credentials: S3Credentials | undefined;
  serverSideEncryption: 'AES256' | 'aws:kms' | undefined;
};

/**
 * A key pair whose secret is not an enumerable property: JSON, logs, spreads and util.inspect
 * leave it out, while the bucket client reads it by name.
 */
export type S3Credentials = { readonly accessKeyId: string; readonly secretAccessKey: string };

function s3Credentials(accessKeyId: string, secretAccessKey: string): S3Credentials {
  return Object.defineProperties({} as S3Credentials, {
    accessKeyId: { value: accessKeyId, enumerable: true },
    secretAccessKey: { value: secretAccessKey, enumerable: false },
  });
}

function s3Settings(e: z.output<typeof envSchema>): S3Settings | undefined {
  if (e.TANDEM_FILES_S3_BUCKET === undefined) return undefined;
  const endpoint = e.TANDEM_FILES_S3_ENDPOINT?.replace(/\/+$/, '');
  const prefix = e.TANDEM_FILES_S3_PREFIX ?? '';
  return {
    bucket: e.TANDEM_FILES_S3_BUCKET,
    endpoint,
    region: e.TANDEM_FILES_S3_REGION ?? 'us-east-1',
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    // Self-hosted services are most often reached by path (http://minio:9000/bucket/key); AWS by name.
    forcePathStyle: e.TANDEM_FILES_S3_FORCE_PATH_STYLE ?? endpoint !== undefined,
    credentials:
      e.TANDEM_FILES_S3_ACCESS_KEY_ID !== undefined && e.TANDEM_FILES_S3_SECRET_ACCESS_KEY !== undefined
        ? s3Credentials(e.TANDEM_FILES_S3_ACCESS_KEY_ID, e.TANDEM_FILES_S3_SECRET_ACCESS_KEY)
        : undefined,
    serverSideEncryption: e.TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION,
  };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Reads settings from `env`, merging the JSON file named by TANDEM_CONFIG_FILE (environment wins). */
export function loadConfig(env: Env = process.env): Config {
  const merged: Env = { ...readConfigFile(env.TANDEM_CONFIG_FILE), ...withoutEmpty(env) };
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'} ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.TANDEM_DATA_DIR);
  const port = e.PORT;
  const demo = e.TANDEM_DEMO ?? e.DATABASE_URL === undefined;
  const publicUrl = (e.TANDEM_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: e.HOST,
    database:
      e.DATABASE_URL === undefined
        ? { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') }
        : { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, requestUrl: e.DATABASE_REQUEST_URL },
    dataDir,
    publicUrl,
    secret: e.TANDEM_SECRET,
    vault: { keys: e.TANDEM_VAULT_KEYS, keyFile: e.TANDEM_VAULT_KEY_FILE },
    jobs: { pollingSeconds: e.TANDEM_JOB_POLL_SECONDS, stopSeconds: e.TANDEM_JOB_STOP_SECONDS },
    files: { dir: resolve(e.TANDEM_FILES_DIR ?? join(dataDir, 'files')), renderThreads: e.TANDEM_RENDER_THREADS, s3: s3Settings(e) },
    metricsToken: e.TANDEM_METRICS_TOKEN,
    webhookAllowedHosts: e.TANDEM_WEBHOOK_ALLOWED_HOSTS ? e.TANDEM_WEBHOOK_ALLOWED_HOSTS.split(',') : [],
    cases: { referralAnswerDays: e.TANDEM_REFERRAL_ANSWER_DAYS, reminderMinutes: e.TANDEM_REMINDER_MINUTES, duplicateChecksPerDay: e.TANDEM_DUPLICATE_CHECKS_PER_DAY },
    disclosure: { threshold: e.TANDEM_DISCLOSURE_THRESHOLD, roundTo: e.TANDEM_DISCLOSURE_ROUND_TO },
    demo: { enabled: demo, password: e.TANDEM_DEMO_PASSWORD },
    trustProxy: e.TANDEM_TRUST_PROXY,
    bodyLimit: e.TANDEM_BODY_LIMIT,
    rateLimitPerMinute: e.TANDEM_RATE_LIMIT_PER_MINUTE,
    session: { idleMinutes: e.TANDEM_SESSION_IDLE_MINUTES, absoluteHours: e.TANDEM_SESSION_ABSOLUTE_HOURS },
    logLevel: e.TANDEM_LOG_LEVEL,
    logFormat: e.TANDEM_LOG_FORMAT,
    // Behind a load balancer ten seconds covers a few health-check intervals; a demo on a laptop
    // stops almost at once.
    drainSeconds: e.TANDEM_DRAIN_SECONDS ?? (demo ? 1 : 10),
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    secureCookies: publicUrl.startsWith('https://'),
  };
}

function isHttpsOrLocal(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function readConfigFile(path: string | undefined): Env {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`TANDEM_CONFIG_FILE cannot be read: ${path}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError([`TANDEM_CONFIG_FILE is not valid JSON: ${path}`]);
  }
  const fileSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError([`TANDEM_CONFIG_FILE must hold one object of settings: ${path}`]);
  return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)]));
}
