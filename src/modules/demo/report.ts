import { demoPassword, type DemoLogin } from './data';
import type { DemoSeeded } from './seed';

/** What `seed-demo` and `npm start` print after loading the demo: the figures, then the logins. Pure. */

// Chinese characters and full-width punctuation take two columns in a terminal.
const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += wide.test(ch) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

export function loginTable(logins: readonly DemoLogin[]): string {
  const header = ['role', '角色', 'phone', 'password', 'name', 'granted on'];
  const rows = logins.map((l) => [l.role, l.title, l.phone, l.password, l.name, l.scope]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...logins.flatMap((l, i) => [line(rows[i]!), `  ${' '.repeat(widths[0]! + 2)}↳ ${l.sees}`]),
  ].join('\n');
}

export function demoReport(seeded: DemoSeeded): string {
  const n = (table: keyof DemoSeeded['counts']) => (seeded.counts[table] ?? 0).toLocaleString('en');
  return [
    '',
    `Loaded the demo street 湘江街道（演示） in ${(seeded.ms / 1000).toFixed(1)} s: ${n('communities')} communities, ` +
      `${n('compounds')} compounds, ${n('rooms')} rooms, ${n('households')} households, ${n('people')} people.`,
    `Every name is invented; phone numbers are 1380000xxxx (logins) and 1990000xxxx (residents).`,
    '',
    `Demo logins (the password is ${demoPassword} for all):`,
    '',
    loginTable(seeded.logins),
    '',
  ].join('\n');
}
