import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      defaultLocale: 'zh-CN',
      cookieSecure: false,
    });
  });
  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres/],
    ['SECRET_KEY', 'c2hvcnQ=', /SECRET_KEY must be 32 bytes/],
    ['COOKIE_SECURE', 'maybe', /COOKIE_SECURE must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['DEFAULT_LOCALE', 'fr', /DEFAULT_LOCALE must be one of zh-CN, en/],
    ['UPLOAD_MAX_MB', '0', /UPLOAD_MAX_MB must be between 1 and 100/],
    ['NOTIFY_WEBHOOK_URL', 'ftp://gateway', /NOTIFY_WEBHOOK_URL must be an http/],
    ['NOTIFY_WEBHOOK_SECRET', 'a-long-enough-secret', /NOTIFY_WEBHOOK_URL is not/],
    ['NOTICE_FONT', 'fonts/NotoSansCJK.ttc', /NOTICE_FONT must be an absolute path/],
  ])('names the bad variable %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
  it('reads booleans and numbers', () => {
    expect(
      loadConfig({ COOKIE_SECURE: 'yes', PORT: '8080', DATABASE_URL: 'postgres://u@h/db' }),
    ).toMatchObject({
      cookieSecure: true,
      port: 8080,
      databaseUrl: 'postgres://u@h/db',
    });
  });
});
