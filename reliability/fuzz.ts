import AjvModule from 'ajv';
import ajvFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { openDatabase } from '../src/core/db';
import { casesFor, operationsOf, type FuzzCase, type JsonSchema, type Operation } from './fuzz/cases';
import type { Cast } from './lib/demo';
import { HttpClient, json, request, type Answer } from './lib/http';
import { idPools } from './lib/pools';
import type { ServerProcess } from './lib/server';
import type { Target } from './lib/targets';

/**
 * Bad input: every operation of the server's own OpenAPI document, called with generated requests
 * (fuzz/cases.ts) as community staff, as a resident and anonymously. Every answer must be below
 * 500, carry no stack trace or server path, and — when 2xx — match the response schema the
 * document declares. Cases are drawn from a seed per operation and caller, so a failure can be
 * replayed with the same seed.
 */

// Both are CommonJS; their default exports arrive wrapped under ESM.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule;
const ajvFormats = ((ajvFormatsModule as unknown as { default?: unknown }).default ??
  ajvFormatsModule) as unknown as (ajv: InstanceType<typeof Ajv>) => void;

export interface FuzzOptions {
  /** Cases per operation and caller. */
  casesPerOperation: number;
  seed: number;
  concurrency: number;
  /** Each operation called by one caller only, in turn (staff, resident, anonymous…): the short form. */
  split?: boolean;
}

export interface Finding {
  caller: string;
  method: string;
  url: string;
  mutation: string;
  status: number;
  problem: string;
}

export interface FuzzResult {
  operations: number;
  casesRun: number;
  byCaller: Record<string, number>;
  byStatus: Record<string, number>;
  serverErrors: number;
  noAnswer: number;
  leaks: number;
  schemaMismatches: number;
  /** 4xx answers not in the one error shape {"error": {"code", "message"}}. */
  badErrorBodies: number;
  serverAliveAfter: boolean;
  findings: Finding[];
}

/** A stack frame, a source position or a path on the server: nothing a caller should ever see. */
export function leaksInternals(text: string, serverPaths: readonly string[]): string | null {
  const patterns: [RegExp, string][] = [
    [/\n\s+at [^\n]+(\(|:\d+:\d+)/, 'stack trace'],
    [/node:internal|node_modules\//, 'module path'],
    [/\.(ts|js|mjs|cjs):\d+:\d+/, 'source position'],
    [/file:\/\//, 'file URL'],
  ];
  for (const [pattern, what] of patterns) if (pattern.test(text)) return what;
  for (const p of serverPaths) if (p && text.includes(p)) return `server path ${p}`;
  return null;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function fuzzPart(
  server: ServerProcess,
  cast: Cast,
  target: Target,
  options: FuzzOptions,
): Promise<FuzzResult> {
  const doc = json<Parameters<typeof operationsOf>[0]>(
    await request(server.base, 'GET', '/api/openapi.json'),
  );
  const operations = operationsOf(doc);
  const database = openDatabase(target.config);
  const pools = await idPools(database, operations, cast.communityId).finally(() => database.close());

  const ajv = new Ajv({ strict: false, allErrors: false, allowUnionTypes: true });
  ajvFormats(ajv);
  ajv.addFormat('binary', true);
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (op: Operation, status: number) => {
    const schema = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`];
    if (!schema) return null;
    const key = `${op.method} ${op.path} ${status}`;
    if (!validators.has(key)) validators.set(key, ajv.compile(schema as JsonSchema & object));
    return validators.get(key)!;
  };

  const resident = cast.orderers.find((o) => o.label === 'resident') ?? cast.orderers[0]!;
  const staffLogin = cast.logins.find((l) => l.role === 'communityStaff')!;
  const residentLogin = cast.logins.find((l) => l.role === resident.label)!;
  const callers: { name: string; client: HttpClient; phone: string | null; home: Record<string, string> }[] =
    [
      { name: 'staff', client: cast.staff, phone: staffLogin.phone, home: { communityId: cast.communityId } },
      {
        name: 'resident',
        client: resident.client,
        phone: residentLogin.phone,
        home: { communityId: resident.communityId },
      },
      {
        name: 'anonymous',
        client: new HttpClient(server.base),
        phone: null,
        home: { communityId: cast.communityId },
      },
    ];
  const serverPaths = [target.dir, process.cwd()];

  const result: FuzzResult = {
    operations: operations.length,
    casesRun: 0,
    byCaller: {},
    byStatus: {},
    serverErrors: 0,
    noAnswer: 0,
    leaks: 0,
    schemaMismatches: 0,
    badErrorBodies: 0,
    serverAliveAfter: false,
    findings: [],
  };
  const find = (caller: string, c: FuzzCase, a: Answer, problem: string) => {
    if (result.findings.length < 200)
      result.findings.push({
        caller,
        method: c.method,
        url: c.url.length > 300 ? `${c.url.slice(0, 300)}…` : c.url,
        mutation: c.mutation,
        status: a.status,
        problem: problem.slice(0, 600),
      });
  };

  for (const [index, caller] of callers.entries()) {
    const work: { op: Operation; c: FuzzCase }[] = [];
    for (const [i, op] of operations.entries()) {
      if (options.split && i % callers.length !== index) continue;
      const seed = (options.seed ^ hash(`${caller.name} ${op.method} ${op.path}`)) | 0;
      for (const c of fc.sample(casesFor(op, pools, caller.home), {
        seed,
        numRuns: options.casesPerOperation,
      }))
        work.push({ op, c });
    }
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        const { op, c } = work[next++]!;
        const a = await caller.client.send(c.method, c.url, {
          ...(c.body !== undefined ? { raw: c.body } : {}),
          headers: c.headers,
          timeoutMs: 30_000,
        });
        // A case that logged the caller out (logout, revoking sessions): log in again and go on.
        if (a.status === 401 && caller.phone && (await stillLoggedOut(caller.client))) {
          await caller.client.login(caller.phone, cast.password);
        }
        check(caller.name, op, c, a);
      }
    };
    const check = (who: string, op: Operation, c: FuzzCase, a: Answer) => {
      result.casesRun++;
      result.byCaller[who] = (result.byCaller[who] ?? 0) + 1;
      result.byStatus[a.status] = (result.byStatus[a.status] ?? 0) + 1;
      if (a.status === 0) {
        result.noAnswer++;
        find(who, c, a, `no answer: ${a.error}`);
        return;
      }
      if (a.status >= 500) {
        result.serverErrors++;
        find(who, c, a, a.text.slice(0, 600));
      }
      const leak = leaksInternals(a.text, serverPaths);
      if (leak) {
        result.leaks++;
        find(who, c, a, `${leak}: ${a.text.slice(0, 500)}`);
      }
      const isJson = String(a.headers['content-type'] ?? '').startsWith('application/json');
      if (a.status >= 200 && a.status < 300 && isJson) {
        const validate = validatorFor(op, a.status);
        if (validate && !validate(JSON.parse(a.text))) {
          result.schemaMismatches++;
          find(who, c, a, `response does not match its schema: ${ajv.errorsText(validate.errors)}`);
        }
      }
      if (a.status >= 400 && a.status < 500 && !errorShaped(a)) {
        result.badErrorBodies++;
        find(who, c, a, `error body not in the error shape: ${a.text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  }
  result.serverAliveAfter =
    server.alive && (await request(server.base, 'GET', '/readyz', { timeoutMs: 10_000 })).status === 200;
  return result;
}

async function stillLoggedOut(client: HttpClient): Promise<boolean> {
  return (await client.get('/api/v1/auth/me')).status === 401;
}

function errorShaped(a: Answer): boolean {
  try {
    const { error } = JSON.parse(a.text) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0;
  } catch {
    return false;
  }
}
