#!/usr/bin/env node
// Before the suite: the PostgreSQL server binaries (every API test also runs on PostgreSQL), Debian's
// Chromium and CJK fonts (browser tests). As root we install what is missing; otherwise we say the
// exact command to run.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const hasPostgres = () =>
  has('initdb') ||
  (fs.existsSync('/usr/lib/postgresql') &&
    fs.readdirSync('/usr/lib/postgresql').some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));

const missing = [];
if (!hasPostgres()) missing.push('postgresql');
if (!has('chromium')) missing.push('chromium');
if (spawnSync('sh', ['-c', 'fc-list | grep -qi "Noto Sans CJK"']).status !== 0)
  missing.push('fonts-noto-cjk');

if (missing.length) {
  if (process.getuid?.() === 0) {
    console.log(`Installing ${missing.join(' ')} for the tests…`);
    execSync(
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`,
      {
        stdio: 'inherit',
      },
    );
  } else {
    console.error(
      `The tests need: ${missing.join(' ')}. Install with:\n  sudo apt-get install -y ${missing.join(' ')}`,
    );
    process.exit(1);
  }
}
