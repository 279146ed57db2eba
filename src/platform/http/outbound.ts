// Requests Tandem sends to addresses its users gave it (webhooks). Such an address must not
// reach into the installation's own network: every address a host name resolves to is checked
// when the connection is made (not before, so that a name that changes its answer between the
// check and the connection cannot slip through), and loopback, private, link-local and other
// special ranges are refused unless the installation names the host as allowed
// (TANDEM_WEBHOOK_ALLOWED_HOSTS, e.g. a receiver on its own network).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { FieldReason } from './field-codes.ts';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** Whether an IP address is in a range an outbound request may not reach. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

export class OutboundRefused extends Error {}

/** Why an address given by a user may not be used, or null: scheme, credentials, an internal literal address. */
export function outboundUrlProblem(text: string, allowedHosts: readonly string[]): FieldReason | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { code: 'invalid_format', params: { format: 'url' }, message: 'is not an address' };
  }
  const allowed = allowedHosts.includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) return { code: 'url_refused', params: { reason: 'https' }, message: 'must start with https://' };
  if (url.username || url.password) return { code: 'url_refused', params: { reason: 'credentials' }, message: 'must not carry a user name or password' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isInternalAddress(host)))) {
    return { code: 'url_refused', params: { reason: 'private_network' }, message: 'must not be an address of a private network' };
  }
  return null;
}

export type OutboundAnswer = { status: number };

/**
 * POSTs a body to an address given by a user: resolved addresses checked at connection, no
 * redirects followed, an answer within `timeoutMs` or an error; the answer's body is read and
 * dropped (up to 64 KB).
 */
export function postOutbound(text: string, body: string, headers: Record<string, string>, options: { allowedHosts: readonly string[]; timeoutMs?: number }): Promise<OutboundAnswer> {
  const problem = outboundUrlProblem(text, options.allowedHosts);
  if (problem) return Promise.reject(new OutboundRefused(`The address ${problem}`));
  const url = new URL(text);
  const allowed = options.allowedHosts.includes(url.hostname);
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const list = addresses;
      if (!allowed && list.some((a) => isInternalAddress(a.address))) {
        return callback(new OutboundRefused(`${hostname} resolves to an address of a private network`), '', 0);
      }
      if ((lookupOptions as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'POST', lookup, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Tandem-Webhooks/1', ...headers }, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}
