import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Personal data at rest (DESIGN §7): phone and ID numbers are sealed with AES-256-GCM and found
 * through a keyed hash, so the database alone reveals neither.
 */
export interface Vault {
  seal(plain: string): string;
  open(sealed: string): string;
  /** Keyed hash for exact look-ups (login by phone, duplicate checks). */
  lookupHash(plain: string): string;
}

export function createVault(key: Buffer): Vault {
  if (key.length !== 32) throw new Error('the vault key must be 32 bytes');
  // Separate subkeys so a leaked look-up hash says nothing about the encryption key.
  const encKey = createHmac('sha256', key).update('gongzhi/enc').digest();
  const macKey = createHmac('sha256', key).update('gongzhi/lookup').digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    lookupHash(plain) {
      return createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}

/**
 * The key comes from SECRET_KEY, or from DATA_DIR/secret.key, created on first start.
 * Returns whether it was just generated so the caller can warn the operator to back it up.
 */
export function loadOrCreateKey(
  secretKey: string | undefined,
  dataDir: string,
): { key: Buffer; created: boolean; file?: string } {
  if (secretKey) return { key: Buffer.from(secretKey, 'base64'), created: false };
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return { key, created: false, file };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, created: true, file };
}
