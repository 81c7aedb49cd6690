import path from 'node:path';

export type Locale = 'zh-CN' | 'en';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL when set; the embedded SQLite file under dataDir otherwise. */
  databaseUrl: string | undefined;
  /** 32-byte key for AES-256-GCM and keyed hashes, base64; generated into dataDir when absent. */
  secretKey: string | undefined;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  logLevel: string;
  defaultLocale: Locale;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  /** How often a server-sent event stream sends a comment to keep proxies from closing it. */
  sseHeartbeatSeconds: number;
  /** Largest upload accepted (photos, PDFs), in MiB. */
  uploadMaxMb: number;
  /** Where notifications are POSTed as JSON (a WeChat/SMS gateway); none when unset. */
  notifyWebhookUrl: string | undefined;
  /** Signs each webhook body (HMAC-SHA256, header x-gongzhi-signature) so the receiver can trust it. */
  notifyWebhookSecret: string | undefined;
  notifyWebhookTimeoutSeconds: number;
  /** Attempts before a webhook delivery is marked failed. */
  notifyWebhookMaxAttempts: number;
  /** The CJK font the printed assembly results notice is set in (Debian's fonts-noto-cjk by default). */
  noticeFont: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Reads and validates configuration from the environment; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const secretKey = env.SECRET_KEY || undefined;
  if (secretKey && Buffer.from(secretKey, 'base64').length !== 32)
    throw new ConfigError('SECRET_KEY must be 32 bytes encoded in base64 (openssl rand -base64 32)');
  const notifyWebhookUrl = env.NOTIFY_WEBHOOK_URL || undefined;
  if (notifyWebhookUrl && !/^https?:\/\/[^\s/]+/.test(notifyWebhookUrl))
    throw new ConfigError('NOTIFY_WEBHOOK_URL must be an http:// or https:// address');
  const notifyWebhookSecret = env.NOTIFY_WEBHOOK_SECRET || undefined;
  if (notifyWebhookSecret && notifyWebhookSecret.length < 16)
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET must be at least 16 characters');
  if (notifyWebhookSecret && !notifyWebhookUrl)
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET is set but NOTIFY_WEBHOOK_URL is not');
  // Not required to exist at start-up: without it only the printed notice is unavailable (503).
  const noticeFont = env.NOTICE_FONT || '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
  if (!path.isAbsolute(noticeFont))
    throw new ConfigError(
      `NOTICE_FONT must be an absolute path to a .ttc, .ttf or .otf font, got "${noticeFont}"`,
    );
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl,
    secretKey,
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 24 * 60, 1, 60 * 24 * 30),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 14 * 24, 1, 24 * 365),
    cookieSecure: bool(env, 'COOKIE_SECURE', false),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    defaultLocale: oneOf(env, 'DEFAULT_LOCALE', 'zh-CN', ['zh-CN', 'en'] as const),
    loginMaxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
    loginMaxFailuresPerAddress: int(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100000),
    loginWindowMinutes: int(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    sseHeartbeatSeconds: int(env, 'SSE_HEARTBEAT_SECONDS', 25, 1, 300),
    uploadMaxMb: int(env, 'UPLOAD_MAX_MB', 10, 1, 100),
    notifyWebhookUrl,
    notifyWebhookSecret,
    notifyWebhookTimeoutSeconds: int(env, 'NOTIFY_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 120),
    notifyWebhookMaxAttempts: int(env, 'NOTIFY_WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    noticeFont,
  };
}
