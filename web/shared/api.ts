import type { TFunction } from 'i18next';

/** The one way the web app talks to the server: JSON, the session cookie, the CSRF token, the user's language. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The server's message in the user's language, or the network one. */
export function errorText(err: unknown, t: TFunction): string {
  return err instanceof ApiError ? err.message : t('common.networkError');
}

let csrfToken: string | null = null;
let language = 'zh-CN';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** The headers every state-changing request carries: the user's language and the CSRF token. */
export function requestHeaders(): Record<string, string> {
  return { 'accept-language': language, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', language === 'en' ? 'No connection; try again' : '网络连接失败，请重试');
  }
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'unknown',
      data?.error?.message ?? res.statusText,
      data?.error?.details,
    );
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

export interface Me {
  id: string;
  displayName: string;
  phone: string;
  locale: 'zh-CN' | 'en' | null;
  largeText: boolean;
  platformAdmin: boolean;
  /** The password is a temporary one from the office: ask for a new one before anything else. */
  mustChangePassword: boolean;
  csrfToken: string;
  grants: {
    role: string;
    scopeKind: string;
    scopeId: string;
    communityId: string | null;
    streetId: string;
  }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
