import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve('bin/gongzhi');
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const gongzhi = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(bin, args, {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });

// Each case spawns tsx afresh, a second or more apiece on a busy two-core machine.
describe('gongzhi command line', { timeout: 120_000 }, () => {
  it('lists its commands and explains each with --help', () => {
    const help = gongzhi(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'create-admin', 'backup']) {
      expect(help.stdout).toContain(command);
      const sub = gongzhi([command, '--help']);
      expect(sub.status, command).toBe(0);
      expect(sub.stdout).toContain(`Usage: gongzhi ${command}`);
    }
  });

  it('stops with a message naming a bad variable, and no stack trace', () => {
    const res = gongzhi(['migrate'], { DATA_DIR: tempDir(), PORT: 'eighty' });
    expect(res.status).toBe(2);
    expect(res.stderr.trim()).toBe('Configuration error: PORT must be a whole number, got "eighty"');
  });

  it('creates an administrator and refuses a bad phone number in words', () => {
    const dataDir = tempDir();
    const ok = gongzhi(
      ['create-admin', '--phone', '13912345678', '--name', '管理员', '--password', 'admin-pass-1'],
      { DATA_DIR: dataDir },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Created platform administrator 管理员');
    expect(ok.stderr).toContain('Back it up');
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
    const bad = gongzhi(['create-admin', '--phone', '12345', '--name', 'x', '--password', 'admin-pass-1'], {
      DATA_DIR: dataDir,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('Error: Not a valid mobile phone number');
  });

  it('writes a backup file', () => {
    const dataDir = tempDir();
    const out = path.join(dataDir, 'copy.sqlite');
    const res = gongzhi(['backup', '--out', out], { DATA_DIR: dataDir });
    expect(res.status).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
  });

  it('serves, answers, and shuts down gracefully on SIGTERM', async () => {
    const server = spawn(bin, ['serve'], {
      env: { ...process.env, DATA_DIR: tempDir(), PORT: '0', LOG_LEVEL: 'silent' },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 30_000);
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready' });
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
