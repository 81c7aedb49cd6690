import type { Locale } from '../../core/config';
import { messages, translate, type MessageCode } from '../../core/i18n';

export type NotifyParams = Record<string, string | number>;

/** The text of a notification in `locale`; a kind whose text has since been removed shows as its code. */
export function renderNotification(kind: string, params: NotifyParams, locale: Locale): string {
  const code = `notify.${kind}`;
  return code in messages ? translate(code as MessageCode, locale, params) : code;
}

/** The language an account reads in: its own choice, or the server's default. */
export function localeOf(account: { locale: string | null }, fallback: Locale): Locale {
  return account.locale === 'en' || account.locale === 'zh-CN' ? account.locale : fallback;
}
