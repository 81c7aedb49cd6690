import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { translate, type MessageCode } from '../i18n';
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

/** A database constraint that the request broke, on SQLite or PostgreSQL: the caller's fault, not ours. */
function constraintKind(err: { code?: string }): 'unique' | 'foreign' | null {
  if (
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err.code === '23505'
  )
    return 'unique';
  if (err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || err.code === '23503') return 'foreign';
  return null;
}

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
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 500, 'internal', { requestId: String(req.id) });
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, req, 404, 'route_not_found', { method: req.method, url: req.url.split('?')[0] ?? '' }),
  );
}
