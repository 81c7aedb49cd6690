import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** The response's JSON, once its status is the one expected (the body shows when it is not). */
export function body<T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

/** The error code of a failed response with the expected status. */
export function errorCode(res: LightMyRequestResponse, status: number): string {
  return body<{ error: { code: string } }>(res, status).error.code;
}

/** A browser-like caller for app.inject: keeps the session cookie and sends the CSRF token. */
export class Client {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    public locale = 'zh-CN',
  ) {}

  /** What a browser would send with each request: language, session cookie, CSRF token. */
  headers(): Record<string, string> {
    return {
      'accept-language': this.locale,
      ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
    };
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: { ...this.headers(), ...headers },
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(phone: string, password: string): Promise<this> {
    const res = await this.post('/api/v1/auth/login', { phone, password });
    if (res.statusCode !== 200) throw new Error(`login ${phone} failed: ${res.statusCode} ${res.body}`);
    this.csrf = res.json<{ csrfToken: string }>().csrfToken;
    return this;
  }
}
