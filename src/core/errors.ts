import type { MessageCode } from './i18n';

/**
 * An error a person can act on: an HTTP status, a message code translated per request, and optional
 * details (which field, which row). Thrown anywhere; rendered by the error handler in server.ts.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: MessageCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
}

/** An error about one field of the request: the page can show its message beside that field. */
export const fieldError = (
  status: number,
  code: MessageCode,
  field: string,
  params: Record<string, string | number> = {},
) => new AppError(status, code, params, [{ field }]);

export const notFound = () => new AppError(404, 'not_found');
export const forbidden = () => new AppError(403, 'forbidden');
export const invalidState = (detail: string) => new AppError(409, 'invalid_state', { detail });
export const badRequest = (detail: string, details?: unknown) =>
  new AppError(400, 'validation', { detail }, details);
