// Logs for a person at a terminal (the demo): one short line per event instead of JSON, and
// requests only when something went wrong, so that the demo accounts printed at start stay in
// view. Production keeps pino's JSON (one object a line) for log collectors.
// The same redaction applies: this formats lines pino has already written, redacted.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields shown elsewhere in the line, or noise for a person. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err', 'v']);

type Line = Record<string, unknown> & {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { type?: string; message?: string; stack?: string };
};

export type PrettyOptions = { /** Show every request (at debug or trace), not only failed ones. */ allRequests: boolean };

/** A pino destination that writes readable lines to `out`. */
export function prettyDestination(out: { write(text: string): unknown }, options: PrettyOptions): { write(line: string): void } {
  const format = prettyFormatter(options);
  return {
    write(line: string) {
      const text = format(line);
      if (text) out.write(text);
    },
  };
}

/** Turns pino's JSON lines into readable ones ('' for a line not worth showing). */
export function prettyFormatter(options: PrettyOptions): (json: string) => string {
  // Fastify logs a request twice: its method and address when it comes, its status when it is
  // answered. The first is kept (by request id) until the second arrives, to print one line.
  const incoming = new Map<string, string>();
  return (json) => {
    let line: Line;
    try {
      line = JSON.parse(json) as Line;
    } catch {
      return json.endsWith('\n') ? json : `${json}\n`;
    }
    const time = new Date(line.time ?? Date.now()).toISOString().slice(11, 19);
    const level = LEVELS[line.level ?? 30] ?? 'INFO';
    if (line.msg === 'incoming request' && line.reqId && line.req) {
      incoming.set(line.reqId, `${line.req.method ?? ''} ${line.req.url ?? ''}`);
      // A request never answered (the process stopping) must not keep its entry for ever.
      if (incoming.size > 1000) incoming.delete(incoming.keys().next().value!);
      return '';
    }
    if (line.msg === 'request completed' && line.reqId) {
      const request = incoming.get(line.reqId) ?? 'request';
      incoming.delete(line.reqId);
      const status = line.res?.statusCode ?? 0;
      if (!options.allRequests && status < 500) return '';
      const ms = line.responseTime === undefined ? '' : ` ${Math.round(line.responseTime)} ms`;
      return `${time} ${status >= 500 ? 'ERROR' : level} ${request} → ${status}${ms}\n`;
    }
    const extra = Object.entries(line)
      .filter(([key]) => !SHOWN.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const error = line.err ? `\n  ${line.err.type ?? 'Error'}: ${line.err.message ?? ''}${line.err.stack ? `\n${line.err.stack}` : ''}` : '';
    return `${time} ${level} ${line.msg ?? ''}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}${error}\n`;
  };
}
