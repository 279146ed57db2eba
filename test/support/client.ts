// An HTTP client for app.inject() that keeps cookies like a browser and sends the anti-forgery
// token on state-changing requests, as the web app does.
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/platform/http/app.ts';

type Options = { headers?: Record<string, string>; csrf?: boolean; rawBody?: string | Buffer; contentType?: string };

export type ClientOptions = { remoteAddress?: string };

export class TestClient {
  readonly #app: App;
  readonly cookies = new Map<string, string>();
  #csrf: string | undefined;

  readonly #remoteAddress: string | undefined;

  constructor(app: App, options: ClientOptions = {}) {
    this.#app = app;
    this.#remoteAddress = options.remoteAddress;
  }

  get(url: string, options: Options = {}) {
    return this.request('GET', url, undefined, options);
  }
  post(url: string, body?: unknown, options: Options = {}) {
    return this.request('POST', url, body, options);
  }
  put(url: string, body?: unknown, options: Options = {}) {
    return this.request('PUT', url, body, options);
  }
  patch(url: string, body?: unknown, options: Options = {}) {
    return this.request('PATCH', url, body, options);
  }
  delete(url: string, options: Options = {}) {
    return this.request('DELETE', url, undefined, options);
  }

  async csrfToken(): Promise<string> {
    if (!this.#csrf) {
      const res = await this.request('GET', '/api/auth/csrf');
      this.#csrf = (res.json() as { token: string }).token;
    }
    return this.#csrf;
  }

  async request(method: string, url: string, body?: unknown, options: Options = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = await this.csrfToken();
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | Buffer | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.#app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: this.#remoteAddress });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const expired = c.value === '' || (c.expires !== undefined && c.expires.getTime() <= Date.now()) || c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
}
