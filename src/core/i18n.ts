import type { Locale } from './config';

/**
 * Server-side messages in zh-CN and English. Every code the API can answer with lives here, so a
 * test can check both catalogues are complete.
 */
export const messages = {
  validation: { 'zh-CN': '提交的内容有误：{detail}', en: 'The request is not valid: {detail}' },
  invalid_json: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: {
    'zh-CN': '不支持的内容类型，请以 JSON 提交',
    en: 'Unsupported content type; send JSON',
  },
  payload_too_large: { 'zh-CN': '提交的内容过大', en: 'The request is too large' },
  not_found: { 'zh-CN': '找不到您要的内容', en: 'Not found' },
  route_not_found: { 'zh-CN': '没有这个接口：{method} {url}', en: 'No such endpoint: {method} {url}' },
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in first' },
  session_expired: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
  forbidden: { 'zh-CN': '您没有权限进行此操作', en: 'You do not have permission to do this' },
  csrf: {
    'zh-CN': '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  login_failed: { 'zh-CN': '手机号或密码不正确', en: 'Wrong phone number or password' },
  login_throttled: {
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed logins; try again in {minutes} minutes',
  },
  account_disabled: {
    'zh-CN': '该账号已停用，请联系社区',
    en: 'This account is disabled; contact your community',
  },
  conflict: { 'zh-CN': '与已有记录冲突：{detail}', en: 'Conflicts with an existing record: {detail}' },
  duplicate: { 'zh-CN': '已存在相同的{what}', en: 'A {what} like this already exists' },
  bad_reference: { 'zh-CN': '引用的{what}不存在', en: 'The referenced {what} does not exist' },
  invalid_state: {
    'zh-CN': '当前状态下不能这样操作：{detail}',
    en: 'Not possible in the current state: {detail}',
  },
  invitation_invalid: {
    'zh-CN': '邀请码无效或已过期，请向社区索取新的邀请码',
    en: 'The invitation code is invalid or has expired; ask your community for a new one',
  },
  grant_not_allowed: {
    'zh-CN': '您不能在该范围授予此角色',
    en: 'You cannot grant this role on that scope',
  },
  invalid_phone: { 'zh-CN': '手机号格式不正确', en: 'Not a valid mobile phone number' },
  invalid_id_number: { 'zh-CN': '身份证号不正确', en: 'Not a valid ID number' },
  weak_password: {
    'zh-CN': '密码至少需要 8 位，且包含字母和数字',
    en: 'A password needs at least 8 characters with letters and digits',
  },
  internal: {
    'zh-CN': '服务器出了点问题，请稍后再试（编号 {requestId}）',
    en: 'Something went wrong on our side; please try again later (ref {requestId})',
  },
} satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof messages;

export function translate(
  code: MessageCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const template = messages[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** Picks zh-CN or English from an Accept-Language header, by the order and weights the client gave. */
export function localeFromHeader(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}
