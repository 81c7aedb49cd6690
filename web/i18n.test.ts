import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { roles } from '../src/core/access/roles';
import { messages } from '../src/core/i18n';
import { mergeCatalogues } from './shared/catalogues';

/** Every text in both languages: a key missing in either catalogue, or used but missing, fails here. */
const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, file), 'utf8')) as Record<string, unknown>;
const folder = (dir: string) =>
  mergeCatalogues(
    Object.fromEntries(
      fs
        .readdirSync(path.join(__dirname, dir))
        .filter((f) => f.endsWith('.json'))
        .map((f) => [f, read(path.join(dir, f))]),
    ),
  );

function flatten(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

const shells = {
  resident: {
    'zh-CN': { ...read('shared/locales/zh-CN.json'), ...read('resident/locales/zh-CN.json') },
    en: { ...read('shared/locales/en.json'), ...read('resident/locales/en.json') },
  },
  console: {
    'zh-CN': mergeCatalogues({ a: read('shared/locales/zh-CN.json'), b: folder('console/locales/zh-CN') }),
    en: mergeCatalogues({ a: read('shared/locales/en.json'), b: folder('console/locales/en') }),
  },
};

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')
      ? [fs.readFileSync(path.join(__dirname, rel), 'utf8')]
      : [];
  });
}

describe.each(Object.entries(shells))('%s shell catalogues', (shell, catalogues) => {
  const zh = new Set(flatten(catalogues['zh-CN']));
  const en = new Set(flatten(catalogues.en));

  it('have the same keys in Chinese and English', () => {
    expect(
      [...zh].filter((k) => !en.has(k)),
      'missing in English',
    ).toEqual([]);
    expect(
      [...en].filter((k) => !zh.has(k)),
      'missing in Chinese',
    ).toEqual([]);
  });

  it('hold every key the code asks for by name', () => {
    const used = new Set<string>();
    for (const text of [...sources(shell), ...sources('shared')])
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]!);
    // Labels passed as data (title: 'menu.x', label: 'compound.name') are keys too.
    for (const text of sources(shell))
      for (const m of text.matchAll(/\b(?:title|label):\s*'([a-z]\w*\.[\w.]+)'/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((k) => !zh.has(k)).sort()).toEqual([]);
  });

  it('name every role', () => {
    for (const role of roles) expect(zh.has(`roles.${role}`) && en.has(`roles.${role}`), role).toBe(true);
  });
});

describe('notifications', () => {
  it('have a text in both languages for every kind the server sends, so the inbox follows a language switch', () => {
    const kinds = Object.keys(messages)
      .filter((code) => code.startsWith('notify.'))
      .sort();
    for (const locale of ['zh-CN', 'en'] as const) {
      const known = new Set(flatten(read(`shared/locales/${locale}.json`)));
      expect(kinds.filter((k) => !known.has(k))).toEqual([]);
    }
  });
});
