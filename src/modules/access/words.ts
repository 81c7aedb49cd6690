import type { FastifyRequest } from 'fastify';

/** A short phrase for an error's {detail} or {what}, in the request's language. */
export const say = (req: FastifyRequest, zh: string, en: string): string =>
  req.locale === 'zh-CN' ? zh : en;
