import { describe, expect, it } from 'vitest';
import { localeFromHeader, messages, translate } from './i18n';

describe('server messages', () => {
  it('every message exists in both languages with the same placeholders', () => {
    for (const [code, text] of Object.entries(messages)) {
      expect(text['zh-CN'], code).toBeTruthy();
      expect(text.en, code).toBeTruthy();
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(holes(text['zh-CN']), code).toEqual(holes(text.en));
    }
  });
  it('fills placeholders', () => {
    expect(translate('login_throttled', 'en', { minutes: 15 })).toBe(
      'Too many failed logins; try again in 15 minutes',
    );
  });
});

describe('Accept-Language', () => {
  it('follows the client’s order and weights', () => {
    expect(localeFromHeader('en-US,en;q=0.9,zh-CN;q=0.8', 'zh-CN')).toBe('en');
    expect(localeFromHeader('zh-CN,zh;q=0.9,en;q=0.8', 'en')).toBe('zh-CN');
    expect(localeFromHeader('fr;q=1, en;q=0.5, zh;q=0.7', 'en')).toBe('zh-CN');
    expect(localeFromHeader('zh-TW', 'en')).toBe('zh-CN');
  });
  it('falls back when it names neither language or nothing', () => {
    expect(localeFromHeader('fr-FR', 'zh-CN')).toBe('zh-CN');
    expect(localeFromHeader(undefined, 'en')).toBe('en');
    expect(localeFromHeader('en;q=0', 'zh-CN')).toBe('zh-CN');
  });
});
