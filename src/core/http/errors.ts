import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { localeFromHeader, translate, type MessageCode } from '../i18n';
import { constraintKind } from '../db/constraints';
import type { Locale } from '../config';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** One validation problem in words a person can act on, in their language. */
export function describeProblem(
  e: AjvError,
  context: string,
  locale: Locale,
): { field: string; message: string } {
  const missing = e.keyword === 'required' ? String(e.params.missingProperty) : '';
  const field =
    (e.instancePath.replace(/^\//, '').replace(/\//g, '.') || missing || context) +
    (missing && e.instancePath ? '.' + missing : '');
  const p = e.params;
  const zh: Record<string, string> = {
    required: '必须填写',
    type: `应为${({ string: '文字', integer: '整数', number: '数字', boolean: '是/否', object: '对象', array: '列表' } as Record<string, string>)[String(p.type)] ?? String(p.type)}`,
    minLength: Number(p.limit) === 1 ? '不能为空' : `至少 ${String(p.limit)} 个字符`,
    maxLength: `最多 ${String(p.limit)} 个字符`,
    minimum: `不能小于 ${String(p.limit)}`,
    maximum: `不能大于 ${String(p.limit)}`,
    pattern: '格式不正确',
    format: `格式不正确（应为 ${String(p.format)}）`,
    enum: `只能是：${((p.allowedValues as unknown[]) ?? []).join('、')}`,
    additionalProperties: `不认识的字段 ${String(p.additionalProperty)}`,
    minItems: `至少 ${String(p.limit)} 项`,
    maxItems: `最多 ${String(p.limit)} 项`,
  };
  const en: Record<string, string> = {
    required: 'is required',
    type: `must be ${String(p.type)}`,
    minLength: Number(p.limit) === 1 ? 'must not be empty' : `needs at least ${String(p.limit)} characters`,
    maxLength: `takes at most ${String(p.limit)} characters`,
    minimum: `must be at least ${String(p.limit)}`,
    maximum: `must be at most ${String(p.limit)}`,
    pattern: 'is not in the right format',
    format: `is not a valid ${String(p.format)}`,
    enum: `must be one of: ${((p.allowedValues as unknown[]) ?? []).join(', ')}`,
    additionalProperties: `has an unknown field ${String(p.additionalProperty)}`,
    minItems: `needs at least ${String(p.limit)} items`,
    maxItems: `takes at most ${String(p.limit)} items`,
  };
  const table = locale === 'zh-CN' ? zh : en;
  return { field, message: table[e.keyword] ?? e.message ?? e.keyword };
}

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: MessageCode,
  params: Record<string, string | number>,
  details?: unknown,
) {
  return reply.status(status).send({
    error: {
      code,
      message: translate(code, req.locale, params),
      ...(details === undefined ? {} : { details }),
    },
  });
}

/**
 * The database cannot be reached right now: PostgreSQL stopped, restarting or refusing connections,
 * a connection dropped mid-query (SQLSTATE classes 08 and 57P), or SQLite locked past its busy
 * timeout. Not the caller's fault and not a bug: worth trying again shortly.
 */
export function databaseUnavailable(err: { code?: unknown; message?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  if (/^(08|57P)/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'SQLITE_BUSY'].includes(code))
    return true;
  return (
    typeof err.message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/.test(
      err.message,
    )
  );
}

/**
 * What Fastify answers before any hook runs — a path that is not valid percent-encoding, a path
 * parameter longer than the router takes — in the same error shape and the caller's language.
 */
export function frameworkErrors(defaultLocale: Locale) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    req.locale = localeFromHeader(req.headers['accept-language'], defaultLocale);
    return send(reply, req, err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400, 'bad_url', {});
  };
}

/**
 * What Node's HTTP parser refuses (headers or URL over 16 KB, a request that is not HTTP, a client too
 * slow to send one): Fastify's default answer, in our error shape. No request exists yet to read a
 * language from, so the default locale speaks.
 */
export function clientErrors(defaultLocale: Locale) {
  return (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code]: [number, MessageCode] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'request_too_long']
          : [400, 'bad_request'];
    const body = JSON.stringify({ error: { code, message: translate(code, defaultLocale, {}) } });
    if (socket.writable)
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    socket.destroy(err);
  };
}

/**
 * Where the request holds a value no handler can use, and why: a number that is NaN, ±Infinity or
 * beyond ±2^53 (JSON.parse reads 1e999 as Infinity; the validator coerces a query's "Infinity" and
 * lets it through; 1e300 is an integer to it), or text with a NUL character (PostgreSQL cannot store
 * one; SQLite would, so both refuse it here alike). Every figure here — fen, centi-m², epoch ms,
 * page numbers — is a safe integer or well inside one.
 */
export function unusableValueAt(input: unknown): { field: string; why: 'number' | 'nul' } | null {
  const stack: [unknown, string][] = [[input, '']];
  while (stack.length) {
    const [value, field] = stack.pop()!;
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
        return { field, why: 'number' };
    } else if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field, why: 'nul' };
    } else if (value && typeof value === 'object' && !Buffer.isBuffer(value))
      for (const [key, v] of Object.entries(value)) stack.push([v, field ? `${field}.${key}` : key]);
  }
  return null;
}

const unusableWords = {
  number: { 'zh-CN': '数字超出范围', en: 'is out of range' },
  nul: { 'zh-CN': '含有无法保存的字符（NUL）', en: 'contains a character that cannot be stored (NUL)' },
} as const;

/** One error shape for every failure: {"error": {"code", "message", "details"?}}; never a stack trace. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      const message = translate(err.code, req.locale, err.params);
      // Field errors raised without words get the error's own message beside their field.
      const details = Array.isArray(err.details)
        ? err.details.map((d: { field?: string; message?: string }) =>
            d.field && !d.message ? { ...d, message } : d,
          )
        : err.details;
      return send(reply, req, err.status, err.code, err.params, details);
    }
    if (err.validation) {
      const problems = err.validation.map((v) =>
        describeProblem(v as AjvError, err.validationContext ?? 'body', req.locale),
      );
      const detail = problems.map((p) => `${p.field} ${p.message}`).join('; ');
      return send(reply, req, 400, 'validation', { detail }, problems);
    }
    const constraint = constraintKind(err);
    if (constraint === 'unique')
      return send(reply, req, 409, 'conflict', {
        detail: req.locale === 'zh-CN' ? '记录已存在' : 'record exists',
      });
    // PostgreSQL refusing the request's text (a NUL reached it before validation): the caller's input.
    if (err.code === '22021' || err.code === '22P05')
      return send(reply, req, 400, 'validation', { detail: unusableWords.nul[req.locale] });
    if (constraint === 'foreign')
      return send(reply, req, 400, 'bad_reference', { what: req.locale === 'zh-CN' ? '记录' : 'record' });
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, req, 415, 'unsupported_media_type', {});
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, req, 413, 'payload_too_large', {});
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, req, 400, 'invalid_json', {});
    }
    if (err.statusCode === 400 && err instanceof SyntaxError)
      return send(reply, req, 400, 'invalid_json', {});
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return send(reply, req, err.statusCode, 'validation', { detail: err.message });
    if (databaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(reply, req, 503, 'database_unavailable', {});
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 500, 'internal', { requestId: String(req.id) });
  });
  app.addHook('preHandler', async (req) => {
    const found =
      unusableValueAt(req.params) ?? unusableValueAt(req.query) ?? unusableValueAt(req.body ?? null);
    if (found)
      throw new AppError(
        400,
        'validation',
        { detail: `${found.field} ${unusableWords[found.why][req.locale]}` },
        [{ field: found.field }],
      );
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, req, 404, 'route_not_found', { method: req.method, url: req.url.split('?')[0] ?? '' }),
  );
}
