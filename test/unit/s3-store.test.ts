// The bucket store against an S3-compatible server that checks every request's signature
// (test/support/s3-server.ts): objects go in and come back whole with their content type, a
// missing one is "none", deleting is idempotent, a wrong key or bucket is an error that shows,
// and readiness asks the bucket (once in a while) and gives up in time.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type S3Settings } from '../../src/config.ts';
import { bucketStore, type BucketStore } from '../../src/platform/files/s3.ts';
import { loggerOptions } from '../../src/platform/http/logger.ts';
import { startFakeS3, type FakeS3 } from '../support/s3-server.ts';

const settingsFor = (env: Record<string, string>): S3Settings => loadConfig(env).files.s3!;

describe('files in an S3-compatible bucket', () => {
  let fake: FakeS3;
  let store: BucketStore;
  const opened: BucketStore[] = [];
  const open = (env: Record<string, string>, options?: Parameters<typeof bucketStore>[1]) => {
    const s = bucketStore(settingsFor(env), options);
    opened.push(s);
    return s;
  };
  beforeAll(async () => {
    fake = await startFakeS3();
    store = open(fake.env({ TANDEM_FILES_S3_PREFIX: 'tandem/documents' }));
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.delayMs = 0;
  });
  afterAll(async () => {
    for (const s of opened) s.close();
    await fake?.close();
  });

  it('(the server can refuse) refuses unsigned requests and signatures made with another secret', async () => {
    expect((await fetch(`${fake.url}/${fake.bucket}/x`)).status).toBe(403);
    const forged = open(fake.env({ TANDEM_FILES_S3_SECRET_ACCESS_KEY: 'not-the-secret' }));
    await expect(forged.get('x')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(fake.requests.at(-1)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const otherRegion = open(fake.env({ TANDEM_FILES_S3_REGION: 'eu-west-1' }));
    await expect(otherRegion.get('x')).rejects.toMatchObject({ name: 'AuthorizationHeaderMalformed' });
  });

  it('puts, gets and deletes a file under the prefix, with its content type', async () => {
    const body = Buffer.from('%PDF-1.7 a small document \u0000\u00ff');
    await store.put('doc-1', body, { contentType: 'application/pdf' });
    const stored = fake.objects.get('tandem/documents/doc-1');
    expect(stored?.body.equals(body)).toBe(true);
    expect(stored?.contentType).toBe('application/pdf');
    expect(stored?.serverSideEncryption).toBeUndefined();
    // The body's hash is signed, so the server checked that it arrived unchanged.
    expect(fake.requests[0]!.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
    expect((await store.get('doc-1'))?.equals(body)).toBe(true);
    await store.delete('doc-1');
    expect(fake.objects.has('tandem/documents/doc-1')).toBe(false);
    expect(await store.get('doc-1')).toBeUndefined();
    // Every request was signed and accepted, path-style.
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['PUT', `/${fake.bucket}/tandem/documents/doc-1`, 200],
      ['GET', `/${fake.bucket}/tandem/documents/doc-1`, 200],
      ['DELETE', `/${fake.bucket}/tandem/documents/doc-1`, 204],
      ['GET', `/${fake.bucket}/tandem/documents/doc-1`, 404],
    ]);
  });

  it('answers undefined for a missing file and deletes one that is not there without complaint', async () => {
    expect(await store.get('never-written')).toBeUndefined();
    await store.delete('never-written');
    await store.delete('never-written');
    expect(fake.requests.map((r) => r.status)).toEqual([404, 204, 204]);
  });

  it('writes binary/octet-stream without a content type, and replaces a file whole', async () => {
    await store.put('doc-2', new Uint8Array([1, 2, 3]));
    expect(fake.objects.get('tandem/documents/doc-2')?.contentType).toBe('application/octet-stream');
    await store.put('doc-2', new Uint8Array([4]));
    expect([...(await store.get('doc-2'))!]).toEqual([4]);
  });

  it('asks the service to encrypt only when configured', async () => {
    const encrypting = open(fake.env({ TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION: 'AES256' }));
    await encrypting.put('doc-3', Buffer.from('x'), { contentType: 'text/plain' });
    expect(fake.objects.get('doc-3')?.serverSideEncryption).toBe('AES256');
  });

  it('takes only the keys Tandem makes, before any request', async () => {
    for (const key of ['../etc/passwd', 'a/b', '', 'A', 'x'.repeat(200)]) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/unexpected form/);
      await expect(store.get(key)).rejects.toThrow(/unexpected form/);
      await expect(store.delete(key)).rejects.toThrow(/unexpected form/);
    }
    expect(fake.requests).toEqual([]);
  });

  it('surfaces a wrong secret, a wrong key id and a missing bucket as errors, never as a missing file', async () => {
    const wrongSecret = open(fake.env({ TANDEM_FILES_S3_SECRET_ACCESS_KEY: 'wrong-secret' }));
    await expect(wrongSecret.get('doc-1')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(wrongSecret.put('doc-1', Buffer.from('x'))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    await expect(wrongSecret.delete('doc-1')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const wrongKey = open(fake.env({ TANDEM_FILES_S3_ACCESS_KEY_ID: 'SOMEONEELSE' }));
    await expect(wrongKey.get('doc-1')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    const noBucket = open(fake.env({ TANDEM_FILES_S3_BUCKET: 'no-such-bucket' }));
    await expect(noBucket.get('doc-1')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(noBucket.delete('doc-1')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('is ready when the bucket answers, and asks it again only after a while', async () => {
    const probed = open(fake.env(), { probeCacheMs: 300 });
    await probed.answers();
    await Promise.all([probed.answers(), probed.answers()]);
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([['HEAD', `/${fake.bucket}/`, 200]]);
    await new Promise((r) => setTimeout(r, 350));
    await probed.answers();
    expect(fake.requests).toHaveLength(2);
  });

  it('is not ready when the bucket is missing, the secret wrong, or the service too slow', async () => {
    await expect(open(fake.env({ TANDEM_FILES_S3_BUCKET: 'no-such-bucket' })).answers()).rejects.toThrow();
    await expect(open(fake.env({ TANDEM_FILES_S3_SECRET_ACCESS_KEY: 'wrong-secret' })).answers()).rejects.toThrow();
    // A failure is not remembered: the next probe asks again.
    const slow = open(fake.env(), { probeTimeoutMs: 200 });
    fake.delayMs = 1_000;
    const started = performance.now();
    await expect(slow.answers()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(900);
    fake.delayMs = 0;
    await slow.answers();
  });
});

describe('bucket settings', () => {
  const production = {
    DATABASE_URL: 'postgres://tandem@db/tandem',
    TANDEM_SECRET: 's'.repeat(40),
    TANDEM_PUBLIC_URL: 'https://tandem.example.org',
    TANDEM_VAULT_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  };
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
  };

  it('keeps documents in the folder unless a bucket is set', () => {
    expect(loadConfig(production).files.s3).toBeUndefined();
  });

  it('reads a bucket on AWS with the credential chain, and one elsewhere with keys', () => {
    expect(loadConfig({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem-documents', TANDEM_FILES_S3_REGION: 'eu-central-1' }).files.s3).toEqual({
      bucket: 'tandem-documents',
      endpoint: undefined,
      region: 'eu-central-1',
      prefix: '',
      forcePathStyle: false,
      credentials: undefined,
      serverSideEncryption: undefined,
    });
    const s3 = loadConfig({
      ...production,
      TANDEM_FILES_S3_BUCKET: 'tandem',
      TANDEM_FILES_S3_ENDPOINT: 'https://minio.example.org:9000/',
      TANDEM_FILES_S3_PREFIX: 'prod/documents',
      TANDEM_FILES_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      TANDEM_FILES_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION: 'aws:kms',
    }).files.s3!;
    expect(s3).toMatchObject({ endpoint: 'https://minio.example.org:9000', region: 'us-east-1', prefix: 'prod/documents/', forcePathStyle: true, serverSideEncryption: 'aws:kms' });
    expect(s3.credentials?.secretAccessKey).toBe('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    expect(loadConfig({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_ENDPOINT: 'https://s3.example.org', TANDEM_FILES_S3_FORCE_PATH_STYLE: '0' }).files.s3?.forcePathStyle).toBe(false);
  });

  it('takes all that a bucket needs or nothing, naming what is missing or at odds', () => {
    expect(problems({ ...production, TANDEM_FILES_S3_REGION: 'eu-central-1', TANDEM_FILES_S3_PREFIX: 'x/' })).toEqual([
      'TANDEM_FILES_S3_BUCKET is required when other bucket settings are set (TANDEM_FILES_S3_REGION, TANDEM_FILES_S3_PREFIX)',
    ]);
    expect(problems({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem' })).toEqual([expect.stringMatching(/^TANDEM_FILES_S3_REGION is required for a bucket on AWS/)]);
    expect(problems({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_REGION: 'eu-west-1', TANDEM_FILES_S3_ACCESS_KEY_ID: 'AKID' })).toEqual([
      expect.stringMatching(/^TANDEM_FILES_S3_SECRET_ACCESS_KEY is required with the other key/),
    ]);
    expect(problems({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_REGION: 'eu-west-1', TANDEM_FILES_S3_SECRET_ACCESS_KEY: 'secret' })).toEqual([
      expect.stringMatching(/^TANDEM_FILES_S3_ACCESS_KEY_ID is required with the other key/),
    ]);
    expect(problems({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_REGION: 'eu-west-1', TANDEM_FILES_DIR: '/srv/files' })).toEqual([
      expect.stringMatching(/^TANDEM_FILES_DIR and TANDEM_FILES_S3_BUCKET cannot both be set/),
    ]);
  });

  it('refuses malformed values, naming each', () => {
    const found = problems({
      ...production,
      TANDEM_FILES_S3_BUCKET: 'Bad_Bucket',
      TANDEM_FILES_S3_ENDPOINT: 'ftp://minio',
      TANDEM_FILES_S3_PREFIX: '/leading',
      TANDEM_FILES_S3_FORCE_PATH_STYLE: 'maybe',
      TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION: 'rot13',
    });
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual([
      'TANDEM_FILES_S3_BUCKET',
      'TANDEM_FILES_S3_ENDPOINT',
      'TANDEM_FILES_S3_FORCE_PATH_STYLE',
      'TANDEM_FILES_S3_PREFIX',
      'TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION',
    ]);
    expect(problems({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_ENDPOINT: 'https://key:secret@minio.example.org' })).toEqual([
      expect.stringMatching(/^TANDEM_FILES_S3_ENDPOINT must not hold credentials/),
    ]);
  });

  it('requires https to the bucket outside demo mode, except on this machine', () => {
    const bucket = { TANDEM_FILES_S3_BUCKET: 'tandem' };
    expect(problems({ ...production, ...bucket, TANDEM_FILES_S3_ENDPOINT: 'http://minio.internal:9000' })).toEqual([expect.stringMatching(/^TANDEM_FILES_S3_ENDPOINT must be https/)]);
    expect(problems({ ...production, ...bucket, TANDEM_FILES_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual([]);
    expect(problems({ ...bucket, TANDEM_FILES_S3_ENDPOINT: 'http://minio.internal:9000' })).toEqual([]);
  });

  it('never shows the secret when the settings are logged, serialised or inspected', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const config = loadConfig({ ...production, TANDEM_FILES_S3_BUCKET: 'tandem', TANDEM_FILES_S3_REGION: 'eu-west-1', TANDEM_FILES_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', TANDEM_FILES_S3_SECRET_ACCESS_KEY: secret });
    expect(config.files.s3?.credentials?.secretAccessKey).toBe(secret);
    expect(JSON.stringify(config)).toContain('AKIDEXAMPLE');
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify({ ...config.files.s3?.credentials })).not.toContain(secret);
    // And the logs' own redaction, for a secret in another shape.
    const lines: string[] = [];
    const log = pino(loggerOptions('info') as object, { write: (line: string) => void lines.push(line) });
    log.info({ settings: config.files.s3, env: { TANDEM_FILES_S3_SECRET_ACCESS_KEY: secret }, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret } }, 'settings');
    expect(lines.join('')).toContain('AKIDEXAMPLE');
    expect(lines.join('')).not.toContain(secret);
  });
});
