// Generated files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, …), chosen by the
// TANDEM_FILES_S3_* settings. Objects are written whole (a reader never sees half a file), with
// their content type, and encrypted by the service when TANDEM_FILES_S3_SERVER_SIDE_ENCRYPTION
// says so. The bucket must be private: Tandem reads every object itself and serves it only to
// whoever may see the document.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../../config.ts';
import { checkedKey, type FileStore } from './store.ts';

/** Longest wait for one request to the bucket (documents are a few megabytes at most). */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** The readiness probe gives up after this long (the readiness check itself after three seconds). */
const PROBE_TIMEOUT_MS = 2_500;
/** A bucket that answered is not asked again for this long, so that frequent probes cost nothing. */
const PROBE_CACHE_MS = 10_000;

export type BucketStore = FileStore & {
  /** Resolves when the bucket answers (HeadBucket), remembered for a few seconds; rejects when it does not. */
  answers(): Promise<void>;
  /** Closes the client's kept-alive connections. */
  close(): void;
};

export type BucketStoreOptions = { probeTimeoutMs?: number; probeCacheMs?: number };

export function bucketStore(settings: S3Settings, options: BucketStoreOptions = {}): BucketStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    // A fresh plain object: the settings' own pair hides its secret from logs.
    credentials: settings.credentials && { accessKeyId: settings.credentials.accessKeyId, secretAccessKey: settings.credentials.secretAccessKey },
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    maxAttempts: 3,
    // Other services than AWS do not all accept the additional checksums that the SDK now sends
    // by default; the payload is still signed (SHA-256) and carried over TLS.
    ...(settings.endpoint !== undefined ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
  const { bucket } = settings;
  const objectKey = (key: string) => `${settings.prefix}${checkedKey(key)}`;

  const probeTimeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const probeCacheMs = options.probeCacheMs ?? PROBE_CACHE_MS;
  let answeredAt = -Infinity;
  let probing: Promise<void> | undefined;

  return {
    async put(key, body, put = {}) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: body,
          ContentLength: body.byteLength,
          ContentType: put.contentType ?? 'application/octet-stream',
          ...(settings.serverSideEncryption ? { ServerSideEncryption: settings.serverSideEncryption } : {}),
        }),
      );
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        if (!res.Body) return undefined;
        return Buffer.from(await res.Body.transformToByteArray());
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      } catch (error) {
        // S3 answers 204 for a key that is not there; some other services answer 404.
        if (!isMissingObject(error)) throw error;
      }
    },
    async answers() {
      if (performance.now() - answeredAt < probeCacheMs) return;
      probing ??= client
        .send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: AbortSignal.timeout(probeTimeoutMs) })
        .then(() => {
          answeredAt = performance.now();
        })
        .finally(() => {
          probing = undefined;
        });
      await probing;
    },
    close() {
      client.destroy();
    },
  };
}

/** No such object — but not "no such bucket", which is a misconfiguration to report. */
function isMissingObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  if (error.name === 'NoSuchKey') return true;
  return error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket';
}
