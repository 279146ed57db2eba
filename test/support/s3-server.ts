// A small S3-compatible server for tests: one bucket, path-style addresses, PutObject, GetObject,
// HeadObject, DeleteObject and HeadBucket — and AWS Signature Version 4 checked on every request,
// written here from the specification (not the SDK's signer), so that a request signed with the
// wrong secret, for another region, or whose body does not match its signed hash is refused with
// 403 or 400 as S3 does. Objects are kept in memory; every request is recorded.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StoredObject = { body: Buffer; contentType: string | undefined; serverSideEncryption: string | undefined };
export type RecordedRequest = { method: string; path: string; status: number; code?: string; headers: IncomingMessage['headers'] };

export type FakeS3 = {
  url: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, StoredObject>;
  requests: RecordedRequest[];
  /** Answers are held back this long (to see timeouts). */
  delayMs: number;
  /** Settings that point Tandem at this server. */
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
};

const MAX_SKEW_MS = 15 * 60_000;
const MAX_BODY = 50 * 1024 * 1024;

export async function startFakeS3(options: { bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } = {}): Promise<FakeS3> {
  const fake: Omit<FakeS3, 'url' | 'env' | 'close'> = {
    bucket: options.bucket ?? 'tandem-test',
    region: options.region ?? 'us-east-1',
    accessKeyId: options.accessKeyId ?? 'TESTACCESSKEY',
    secretAccessKey: options.secretAccessKey ?? 'test-secret-key-of-forty-characters-long',
    objects: new Map(),
    requests: [],
    delayMs: 0,
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const method = req.method ?? 'GET';
    const send = (status: number, code?: string, headers: Record<string, string | number> = {}, payload?: Buffer) => {
      fake.requests.push({ method, path: rawPath, status, code, headers: req.headers });
      if (code !== undefined && method !== 'HEAD') {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message><Resource>${rawPath}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
        res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
        res.end(xml);
        return;
      }
      res.writeHead(status, { 'x-amz-request-id': randomUUID(), ...headers });
      res.end(method === 'HEAD' ? undefined : payload);
    };

    const refused = verifySignature(req, method, rawPath, rawQuery, body, fake);
    if (refused) return send(refused.status, refused.code);

    const [, bucketPart = '', ...keyParts] = rawPath.split('/');
    if (decodeURIComponent(bucketPart) !== fake.bucket) return send(404, 'NoSuchBucket');
    if (keyParts.length === 0 || (keyParts.length === 1 && keyParts[0] === '')) {
      if (method === 'HEAD') return send(200, undefined, { 'x-amz-bucket-region': fake.region });
      return send(501, 'NotImplemented');
    }
    const key = keyParts.map(decodeURIComponent).join('/');
    const found = fake.objects.get(key);
    switch (method) {
      case 'PUT': {
        const sse = header(req, 'x-amz-server-side-encryption');
        fake.objects.set(key, { body, contentType: header(req, 'content-type'), serverSideEncryption: sse });
        return send(200, undefined, { etag: etag(body), ...(sse ? { 'x-amz-server-side-encryption': sse } : {}) });
      }
      case 'GET':
      case 'HEAD':
        if (!found) return send(404, 'NoSuchKey');
        return send(
          200,
          undefined,
          { 'content-type': found.contentType ?? 'binary/octet-stream', 'content-length': found.body.byteLength, etag: etag(found.body), 'last-modified': new Date().toUTCString() },
          found.body,
        );
      case 'DELETE':
        fake.objects.delete(key);
        return send(204);
      default:
        return send(405, 'MethodNotAllowed');
    }
  }

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url,
    env: (extra: Record<string, string> = {}) => ({
      TANDEM_FILES_S3_BUCKET: fake.bucket,
      TANDEM_FILES_S3_ENDPOINT: url,
      TANDEM_FILES_S3_REGION: fake.region,
      TANDEM_FILES_S3_ACCESS_KEY_ID: fake.accessKeyId,
      TANDEM_FILES_S3_SECRET_ACCESS_KEY: fake.secretAccessKey,
      ...extra,
    }),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  });
}

type Refusal = { status: number; code: string };
type Keys = { accessKeyId: string; secretAccessKey: string; region: string };

/** Checks the request's Signature Version 4 (Authorization header form) against the keys. */
export function verifySignature(req: IncomingMessage, method: string, rawPath: string, rawQuery: string, body: Buffer, keys: Keys): Refusal | undefined {
  const auth = header(req, 'authorization');
  const m = auth?.match(/^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/);
  if (!m) return { status: 403, code: 'AccessDenied' };
  const [, accessKeyId, day, region, service, signedList, signature] = m as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== keys.accessKeyId) return { status: 403, code: 'InvalidAccessKeyId' };
  if (service !== 's3' || region !== keys.region) return { status: 400, code: 'AuthorizationHeaderMalformed' };
  const amzDate = header(req, 'x-amz-date') ?? '';
  const when = amzDate.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!when || amzDate.slice(0, 8) !== day) return { status: 403, code: 'AccessDenied' };
  const at = Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!);
  if (Math.abs(Date.now() - at) > MAX_SKEW_MS) return { status: 403, code: 'RequestTimeTooSkewed' };

  const signed = signedList.split(';');
  const sorted = [...signed].sort();
  if (signed.join(';') !== sorted.join(';') || !['host', 'x-amz-date', 'x-amz-content-sha256'].every((h) => signed.includes(h))) {
    return { status: 403, code: 'AccessDenied' };
  }
  const payloadHash = header(req, 'x-amz-content-sha256') ?? '';
  if (payloadHash.startsWith('STREAMING-')) return { status: 501, code: 'NotImplemented' };
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-f]{64}$/.test(payloadHash)) return { status: 400, code: 'InvalidArgument' };

  const canonicalHeaders = signed.map((name) => `${name}:${(header(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [method, rawPath, canonicalQuery(rawQuery), canonicalHeaders, signedList, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let signingKey = hmac(`AWS4${keys.secretAccessKey}`, day);
  for (const part of [region, service, 'aws4_request']) signingKey = hmac(signingKey, part);
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { status: 403, code: 'SignatureDoesNotMatch' };
  // The signature covers the hash the client claims; the body must match it.
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && sha256(body) !== payloadHash) return { status: 400, code: 'XAmzContentSHA256Mismatch' };
  return undefined;
}

function canonicalQuery(raw: string): string {
  if (raw === '') return '';
  return raw
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const [k = '', v = ''] = pair.split(/=(.*)/s);
      return [rfc3986(decodeURIComponent(k.replace(/\+/g, ' '))), rfc3986(decodeURIComponent(v.replace(/\+/g, ' ')))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const etag = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
