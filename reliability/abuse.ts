import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { openDatabase } from '../src/core/db';
import { describeSchema } from '../src/core/db/introspect';
import { operationsOf } from './fuzz/cases';
import { demoLogins, login, type Cast } from './lib/demo';
import { HttpClient, json, request, type Answer } from './lib/http';
import type { ServerProcess } from './lib/server';
import type { Target } from './lib/targets';

/**
 * Abuse: what a hostile or careless caller tries on purpose. Password guessing in a burst (the
 * throttle must hold even when the guesses arrive together), uploads too large, uploads that are not
 * what their name says, an image that would decompress to gigabytes, and a compound's officer
 * reading other compounds' rows through any list, filter or export.
 */

export interface AbuseOptions {
  /** The server's limits, as configured (LOGIN_MAX_FAILURES_PER_ACCOUNT / _PER_ADDRESS, UPLOAD_MAX_MB). */
  perAccount: number;
  perAddress: number | null;
  uploadMaxMb: number;
  /** Also decode an image just under the pixel limit, to measure what an accepted large photo costs. */
  largestAccepted: boolean;
  /** Compound-scoped demo logins whose lists are checked (branch, committee, property). */
  scopeLogins: readonly string[];
  /** Every page of every list, and each list's export; else the first page and no exports. */
  allPages: boolean;
}

export interface BurstResult {
  attempts: number;
  /** Passwords actually checked (answered 401): must not exceed the limit. */
  checked: number;
  throttled: number;
  other: Record<string, number>;
  /** The right password, after the burst, is refused too. */
  lockedAfter: boolean | null;
  holds: boolean;
}

export interface UploadCheck {
  name: string;
  status: number;
  expected: string;
  ok: boolean;
  note?: string;
}

export interface ScopeResult {
  login: string;
  compound: string;
  lists: number;
  itemsSeen: number;
  /** Rows of another compound (or community) in a list, by route. */
  leaks: string[];
  /** Lists filtered by another compound's id that answered rows. */
  filterLeaks: string[];
  /** Exports whose row count differs from the list's own. */
  exportMismatches: string[];
  exportsChecked: number;
}

export interface AbuseResult {
  loginPerAccount: BurstResult;
  loginPerAddress: BurstResult | null;
  uploads: UploadCheck[];
  bomb: {
    name: string;
    status: number;
    rssBeforeMb: number;
    rssAfterMb: number;
    peakRssMb: number;
    ms: number;
    ok: boolean;
  }[];
  scopes: ScopeResult[];
  serverErrors: number;
  failures: string[];
}

export async function abusePart(
  server: ServerProcess,
  cast: Cast,
  target: Target,
  options: AbuseOptions,
): Promise<AbuseResult> {
  const failures: string[] = [];
  let serverErrors = 0;
  const note = (a: Answer) => {
    if (a.status >= 500 || a.status === 0) serverErrors++;
    return a;
  };

  const scopes = await scopeChecks(server, target, options, note);
  for (const s of scopes) {
    for (const l of [...s.leaks, ...s.filterLeaks, ...s.exportMismatches]) failures.push(`${s.login}: ${l}`);
  }

  const uploads = await uploadChecks(cast, options.uploadMaxMb, note);
  for (const u of uploads.filter((x) => !x.ok))
    failures.push(`upload ${u.name}: ${u.status}, expected ${u.expected}`);

  const bomb = await bombChecks(server, cast, options.largestAccepted, note);
  for (const b of bomb.filter((x) => !x.ok)) failures.push(`decompression bomb answered ${b.status}`);

  // Last: a burst locks the account (and the address) for the window.
  const victim = demoLogins().find((l) => l.role === 'property')!;
  const loginPerAccount = await loginBurst(
    server.base,
    () => victim.phone,
    options.perAccount * 8,
    options.perAccount,
  );
  loginPerAccount.lockedAfter =
    (
      await new HttpClient(server.base).post('/api/v1/auth/login', {
        phone: victim.phone,
        password: cast.password,
      })
    ).status === 429;
  if (!loginPerAccount.holds || !loginPerAccount.lockedAfter)
    failures.push(
      `login throttle per account: ${loginPerAccount.checked} passwords checked, limit ${options.perAccount}`,
    );
  let loginPerAddress: BurstResult | null = null;
  if (options.perAddress !== null) {
    loginPerAddress = await loginBurst(
      server.base,
      () => `1990${randomBytes(4).readUInt32BE() % 10_000_000}`.padEnd(11, '7').slice(0, 11),
      options.perAddress * 2,
      options.perAddress,
    );
    if (!loginPerAddress.holds)
      failures.push(
        `login throttle per address: ${loginPerAddress.checked} checked, limit ${options.perAddress}`,
      );
  }
  return { loginPerAccount, loginPerAddress, uploads, bomb, scopes, serverErrors, failures };
}

// ------------------------------------------------------------------ logins

/**
 * `attempts` wrong passwords at once, then one at a time until refused: passwords actually checked
 * (401s) over both must not pass the limit. Guesses arriving together may all be refused unchecked.
 */
async function loginBurst(
  base: string,
  phone: () => string,
  attempts: number,
  limit: number,
): Promise<BurstResult> {
  const guess = () =>
    request(base, 'POST', '/api/v1/auth/login', { body: { phone: phone(), password: 'wrong-password-1' } });
  const answers = await Promise.all(Array.from({ length: attempts }, guess));
  for (let more = 0; more <= limit; more++) {
    const a = await guess();
    answers.push(a);
    if (a.status !== 401) break;
  }
  const other: Record<string, number> = {};
  let checked = 0;
  let throttled = 0;
  for (const a of answers) {
    if (a.status === 401) checked++;
    else if (a.status === 429) throttled++;
    else other[a.status] = (other[a.status] ?? 0) + 1;
  }
  return { attempts: answers.length, checked, throttled, other, lockedAfter: null, holds: checked <= limit };
}

// ------------------------------------------------------------------ uploads

function multipart(data: Buffer, name: string, type: string) {
  const boundary = `----reliability${randomBytes(8).toString('hex')}`;
  return {
    raw: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function upload(client: HttpClient, communityId: string, data: Buffer, name: string, type = 'image/jpeg') {
  return client.send('POST', `/api/v1/communities/${communityId}/files`, {
    ...multipart(data, name, type),
    timeoutMs: 60_000,
  });
}

const htmlPayload = '<html><body><script>alert(document.cookie)</script></body></html>';

async function uploadChecks(cast: Cast, maxMb: number, note: (a: Answer) => Answer): Promise<UploadCheck[]> {
  const staff = cast.staff;
  const at = cast.communityId;
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a7' } })
    .jpeg()
    .toBuffer();
  const checks: UploadCheck[] = [];
  const refused = async (name: string, data: Buffer, file: string, type?: string) => {
    const a = note(await upload(staff, at, data, file, type));
    checks.push({ name, status: a.status, expected: '400 or 415', ok: a.status === 400 || a.status === 415 });
  };
  const big = Buffer.concat([photo, randomBytes((maxMb + 1) * 1024 * 1024)]);
  const tooBig = note(await upload(staff, at, big, 'huge.jpg'));
  checks.push({
    name: `over ${maxMb} MB`,
    status: tooBig.status,
    expected: '413',
    ok: tooBig.status === 413,
  });
  await refused(
    'Windows executable named .jpg',
    Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), randomBytes(4096)]),
    'photo.jpg',
  );
  await refused(
    'ELF executable named .png',
    Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00'), randomBytes(4096)]),
    'photo.png',
    'image/png',
  );
  await refused('HTML named .jpg', Buffer.from(htmlPayload), 'photo.jpg');
  await refused(
    'SVG with a script named .png',
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
    'photo.png',
    'image/png',
  );
  await refused(
    'GIF/JavaScript polyglot',
    Buffer.from('GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(1)//;'),
    'photo.gif',
    'image/gif',
  );
  await refused(
    'JPEG header, then garbage',
    Buffer.concat([photo.subarray(0, 200), randomBytes(2048)]),
    'photo.jpg',
  );
  await refused(
    'ZIP named .pdf',
    Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(2048)]),
    'notice.pdf',
    'application/pdf',
  );

  // A real photo with a page appended: accepted only as a photo re-encoded without the page.
  const polyglot = Buffer.concat([photo, Buffer.from(htmlPayload)]);
  const a = note(await upload(staff, at, polyglot, 'photo.html', 'text/html'));
  if (a.status === 201) {
    const id = json<{ id: string; mime: string }>(a).id;
    const back = await staff.get(`/api/v1/communities/${at}/files/${id}`);
    const clean =
      !back.text.includes('<script>') &&
      String(back.headers['content-type']).startsWith('image/') &&
      back.headers['x-content-type-options'] === 'nosniff';
    checks.push({
      name: 'JPEG/HTML polyglot',
      status: a.status,
      expected: '4xx, or 201 re-encoded without the HTML and served as image/* with nosniff',
      ok: clean,
      note: clean
        ? 'accepted as a photo; the appended page is gone from the stored bytes'
        : 'the page survived',
    });
  } else
    checks.push({
      name: 'JPEG/HTML polyglot',
      status: a.status,
      expected: '4xx or a clean 201',
      ok: a.status < 500,
    });
  return checks;
}

// ------------------------------------------------------------------ decompression bomb

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A greyscale PNG of `width`×`height` declaring every row; `rows` of them actually present (all zero). */
export function pngBomb(width: number, height: number, rows = height): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const raw = Buffer.alloc((width + 1) * rows); // filter byte 0 and zero pixels, row after row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function bombChecks(
  server: ServerProcess,
  cast: Cast,
  largestAccepted: boolean,
  note: (a: Answer) => Answer,
) {
  const bombs: { name: string; data: Buffer; refused: boolean }[] = [
    { name: '50000×50000, 16 rows present', data: pngBomb(50_000, 50_000, 16), refused: true },
  ];
  if (largestAccepted) {
    bombs.push({
      name: '10000×10000, every row (100 MB of pixels)',
      data: pngBomb(10_000, 10_000),
      refused: true,
    });
    bombs.push({ name: '7000×8000, under the limit', data: pngBomb(7_000, 8_000), refused: false });
  }
  const out: AbuseResult['bomb'] = [];
  for (const b of bombs) {
    const rssBeforeMb = server.rssMb();
    const started = Date.now();
    const a = note(await upload(cast.staff, cast.communityId, b.data, 'bomb.png', 'image/png'));
    out.push({
      name: b.name,
      status: a.status,
      rssBeforeMb,
      rssAfterMb: server.rssMb(),
      peakRssMb: server.peakRssMb(),
      ms: Date.now() - started,
      ok: b.refused ? a.status === 400 : a.status === 201,
    });
  }
  return out;
}

// ------------------------------------------------------------------ compound scope over real data

interface Grant {
  role: string;
  scopeKind: string;
  scopeId: string;
  communityId: string | null;
}

/**
 * For each demo login scoped to one compound (the branch secretary, the committee, the property
 * manager): every list of its community, every page; each row that belongs to a compound (by its
 * own compound_id, or its building's, room's or household's) must be in the login's compound. The
 * same list filtered by another compound's id must come back empty or refused, and its export
 * must hold exactly the rows the list holds.
 */
async function scopeChecks(
  server: ServerProcess,
  target: Target,
  options: Pick<AbuseOptions, 'scopeLogins' | 'allPages'>,
  note: (a: Answer) => Answer,
): Promise<ScopeResult[]> {
  const doc = json<Parameters<typeof operationsOf>[0]>(
    await request(server.base, 'GET', '/api/openapi.json'),
  );
  const lists = operationsOf(doc).filter(
    (op) =>
      op.method === 'GET' &&
      /^\/api\/v1\/communities\/\{communityId\}\/[\w-]+(\/[\w-]+)*$/.test(op.path) &&
      op.pathParams.length === 1 &&
      'items' in (op.responses['200']?.properties ?? {}),
  );
  const database = openDatabase(target.config);
  const compoundOf = new Map<string, string>();
  const compounds: { id: string; community_id: string }[] = [];
  try {
    const tables = await describeSchema(database);
    const has = (t: (typeof tables)[number], c: string) => t.columns.some((x) => x.name === c);
    for (const t of tables.filter((x) => has(x, 'id') && has(x, 'compound_id'))) {
      const rows = await database.db
        .selectFrom(t.name as 'rooms')
        .select(['id', 'compound_id'])
        .execute();
      for (const r of rows) if (r.compound_id) compoundOf.set(r.id, r.compound_id);
    }
    // Rows that know their place only through a building or a room (entrances, households…).
    for (const via of ['building_id', 'room_id'])
      for (const t of tables.filter((x) => has(x, 'id') && has(x, via) && !has(x, 'compound_id'))) {
        const rows = await database.db
          .selectFrom(t.name as 'entrances')
          .select(['id', `${via} as ref` as 'building_id'])
          .execute();
        for (const r of rows) {
          const c = compoundOf.get(r.building_id);
          if (c) compoundOf.set(r.id, c);
        }
      }
    compounds.push(...(await database.db.selectFrom('compounds').select(['id', 'community_id']).execute()));
  } finally {
    await database.close();
  }

  const results: ScopeResult[] = [];
  for (const l of demoLogins().filter((x) => options.scopeLogins.includes(x.role))) {
    const client = await login(server.base, l.phone);
    const me = json<{ grants: Grant[] }>(await client.get('/api/v1/auth/me'));
    const grant = me.grants.find((g) => g.role === l.role && g.scopeKind === 'compound');
    if (!grant?.communityId) continue;
    const mine = grant.scopeId;
    const other = compounds.find((c) => c.community_id === grant.communityId && c.id !== mine);
    const result: ScopeResult = {
      login: l.role,
      compound: mine,
      lists: 0,
      itemsSeen: 0,
      leaks: [],
      filterLeaks: [],
      exportMismatches: [],
      exportsChecked: 0,
    };
    for (const op of lists) {
      const path = op.path.replace('{communityId}', grant.communityId);
      const first = note(await client.get(`${path}?pageSize=200`));
      if (first.status !== 200) continue;
      result.lists++;
      let page = json<{ items: Record<string, unknown>[]; total: number }>(first);
      const seen: Record<string, unknown>[] = [...page.items];
      for (let p = 2; options.allPages && seen.length < page.total && p <= 10; p++) {
        page = json(note(await client.get(`${path}?pageSize=200&page=${p}`)));
        if (!page.items.length) break;
        seen.push(...page.items);
      }
      result.itemsSeen += seen.length;
      const foreign = seen.filter((item) => {
        const place = placeOf(item, compoundOf);
        return place !== undefined && place !== mine;
      });
      if (foreign.length)
        result.leaks.push(
          `${op.path}: ${foreign.length} of ${seen.length} rows from other compounds (e.g. ${String(foreign[0]!.id)})`,
        );
      if (other && op.query.some((q) => q.name === 'compoundId')) {
        const filtered = note(await client.get(`${path}?compoundId=${other.id}`));
        if (filtered.status === 200 && json<{ items: unknown[] }>(filtered).items.length)
          result.filterLeaks.push(
            `${op.path}?compoundId=<another compound>: ${json<{ total: number }>(filtered).total} rows`,
          );
      }
      const exported = options.allPages
        ? note(await client.get(`/api/v1/export?path=${encodeURIComponent(path)}`))
        : null;
      if (exported?.status === 200) {
        result.exportsChecked++;
        if (Number(exported.headers['x-export-total']) !== page.total)
          result.exportMismatches.push(
            `${op.path}: export total ${String(exported.headers['x-export-total'])}, list total ${page.total}`,
          );
      }
    }
    results.push(result);
  }
  return results;
}

/** The compound a listed row belongs to: its own, or its building's, room's or household's; none for community-wide rows. */
export function placeOf(
  item: Record<string, unknown>,
  compoundOf: ReadonlyMap<string, string>,
): string | undefined {
  for (const key of ['id', 'buildingId', 'roomId', 'householdId']) {
    const v = item[key];
    if (typeof v === 'string' && compoundOf.has(v)) return compoundOf.get(v);
  }
  return typeof item.compoundId === 'string' ? item.compoundId : undefined;
}
