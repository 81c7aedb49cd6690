import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLoad } from '../../scripts/bundle-size';
import { webRoot } from '../../src/core/http/web';
import { startTestApp, type TestContext } from '../support/app';

/** The built web app as the server hands it out (npm test builds it first). */
let t: TestContext;
beforeAll(async () => {
  if (!fs.existsSync(path.join(webRoot, 'index.html')))
    throw new Error('the web app is not built: run `npm run build`');
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('serving the two shells', () => {
  it('serves the resident shell at / and for its deep links, never cached', async () => {
    for (const url of ['/', '/household', '/join?code=ABC']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('/assets/resident-');
      expect(res.body).not.toContain('/assets/console-');
    }
  });

  it('serves the console for /console and its deep links', async () => {
    for (const url of ['/console', '/console/', '/console/rooms']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('/assets/console-');
    }
  });

  it('caches hashed assets for a year and compresses them', async () => {
    const html = (await t.app.inject('/')).body;
    const script = /src="(\/assets\/resident-[^"]+\.js)"/.exec(html)![1]!;
    const res = await t.app.inject({ url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toMatch(/br|gzip/);
  });

  it('answers a missing asset or API path with a 404, not the app', async () => {
    expect((await t.app.inject('/assets/nope.js')).statusCode).toBe(404);
    const api = await t.app.inject('/api/v2/anything');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('route_not_found');
  });

  it('a resident’s first download stays inside its 170 KB budget and holds no console code', async () => {
    const resident = firstLoad('index.html');
    expect(resident.gzip).toBeLessThan(170 * 1024);
    expect(resident.files.some((f) => f.file.includes('console'))).toBe(false);
  });
});
