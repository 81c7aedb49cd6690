import fc from 'fast-check';

/**
 * Requests for the fuzzer, generated from the OpenAPI document (pure: no I/O). For each operation:
 * path parameters mostly real ids (so the handler runs past its lookups) and sometimes hostile
 * strings; query strings with values that fit, values that do not, and parameters nobody declared;
 * bodies that fit the declared schema and then broken one way at a time — a field missing, one
 * extra, one of the wrong type or absurd size, the whole body of the wrong kind, JSON that does not
 * parse or carries NaN and 1e999, the wrong content type. Every case is a plain object of bytes to
 * send, drawn from fast-check with a seed, so a run can be repeated exactly.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  $ref?: string;
}

export interface Param {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

export interface Operation {
  method: string;
  /** As the document writes it: /api/v1/communities/{communityId}/orders */
  path: string;
  pathParams: Param[];
  query: Param[];
  /** The JSON body's schema, when the operation takes one. */
  body: JsonSchema | null;
  /** JSON response schemas by status code. */
  responses: Record<string, JsonSchema>;
}

export interface FuzzCase {
  method: string;
  /** Already encoded: sent byte for byte. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What was done to the request, for the report. */
  mutation: string;
}

/** Known ids by path or field name (orderId → ids of orders), and ids of anything for the rest. */
export interface Pools {
  byName: Record<string, string[]>;
  any: string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with $refs into components resolved. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const resolve = (s: JsonSchema | undefined): JsonSchema =>
    s ? (inlineRefs(s, doc.components?.schemas ?? {}) as JsonSchema) : {};
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!methods.includes(method)) continue;
      const params = op.parameters ?? [];
      const param = (p: (typeof params)[number]): Param => ({
        name: p.name,
        schema: resolve(p.schema),
        required: !!p.required,
      });
      const json = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map(param),
        query: params.filter((p) => p.in === 'query').map(param),
        body: json ? resolve(json) : null,
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {}).flatMap(([status, r]) => {
            const schema = r.content?.['application/json']?.schema;
            return schema ? [[status, resolve(schema)]] : [];
          }),
        ),
      });
    }
  }
  return out;
}

function inlineRefs(value: unknown, components: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 50 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, components, depth + 1));
  const ref = (value as JsonSchema).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace(/^#\/components\/schemas\//, '');
    return inlineRefs(components[name] ?? {}, components, depth + 1);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineRefs(v, components, depth + 1)]));
}

// ------------------------------------------------------------------ hostile values

/** Strings that have broken servers: sizes, encodings, scripts, traversal, injection. */
export const nastyStrings: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  '字'.repeat(20_000),
  'a'.repeat(100_001),
  '\uD800',
  'x\uDC00y',
  '\uDBFF\uDFFF\uD800',
  '\u202Eevil\u202C',
  '\u200B\u200C\u200D\uFEFF',
  '\u0000',
  'a\u0000b',
  'é'.normalize('NFD').repeat(50),
  '👨‍👩‍👧‍👦🇨🇳',
  '１３８００１３８０００',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/dev/zero',
  'con.txt',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  '"; DROP TABLE orders; --',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '9'.repeat(400),
  'NaN',
  'null',
  'true',
  '2026-02-30',
  '0000-00-00',
  '9999-99-99T99:99:99Z',
];

/** A JSON token written as is: numbers JSON.stringify cannot write, or would write otherwise. */
export class RawJson {
  constructor(readonly text: string) {}
}

const nastyNumbers: readonly (number | RawJson)[] = [
  -1,
  0,
  -0,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('NaN'),
  new RawJson('Infinity'),
  new RawJson('0x10'),
];

/** Any value of the wrong shape: strings, numbers, booleans, null, containers, deep nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...nastyStrings), weight: 4 },
  { arbitrary: fc.constantFrom(...nastyNumbers), weight: 3 },
  { arbitrary: fc.constantFrom(true, false, null), weight: 1 },
  {
    arbitrary: fc.constantFrom<unknown>(
      [],
      {},
      [null],
      { $gt: '' },
      { __proto__: null, polluted: true },
      deepArray(2_000),
      Array.from({ length: 10_000 }, (_, i) => i),
    ),
    weight: 1,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
);

function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** JSON text, with RawJson tokens written as they are (so NaN and 1e999 reach the parser). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

// ------------------------------------------------------------------ fitting values

const dateOnly = fc
  .date({ min: new Date('1950-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function idsFor(name: string | undefined, pools: Pools): string[] {
  if (!name) return [];
  const key = name.replace(/Ids$/, 'Id');
  return pools.byName[key] ?? (/Ids?$/.test(name) ? pools.any : []);
}

function stringFitting(schema: JsonSchema, name: string | undefined, pools: Pools): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  if (schema.format === 'date') return dateOnly;
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl();
  const ids = idsFor(name, pools).filter((id) => id.length >= min && id.length <= max);
  const free = schema.pattern
    ? fc
        .stringMatching(new RegExp(schema.pattern))
        .map((s) => s.slice(0, max))
        .filter((s) => s.length >= min && new RegExp(schema.pattern!).test(s))
    : fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 60)) });
  return ids.length ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, free) : free;
}

function numberFitting(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let min = schema.minimum ?? (exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 1e-9) : -1e6);
  let max = schema.maximum ?? (exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : 1e-9) : 1e6);
  if (schema.exclusiveMinimum === true) min += integer ? 1 : 1e-9;
  if (schema.exclusiveMaximum === true) max -= integer ? 1 : 1e-9;
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (for `name`d id fields, mostly ids that exist). */
export function fitting(schema: JsonSchema, pools: Pools, name?: string, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const base = fittingNotNull(schema, pools, name, depth);
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}

function fittingNotNull(schema: JsonSchema, pools: Pools, name: string | undefined, depth: number) {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fitting(s, pools, name, depth)));
  if (schema.allOf?.length)
    return fitting(Object.assign({}, ...schema.allOf) as JsonSchema, pools, name, depth);
  const types = [schema.type ?? (schema.properties ? 'object' : undefined)].flat();
  if (types.length > 1)
    return fc.oneof(...types.map((type) => fitting({ ...schema, type: type as string }, pools, name, depth)));
  switch (types[0]) {
    case 'string':
      return stringFitting(schema, name, pools);
    case 'integer':
      return numberFitting(schema, true);
    case 'number':
      return numberFitting(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = fitting(schema.items ?? {}, pools, name, depth + 1);
      const constraints = {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      };
      return schema.uniqueItems
        ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(item, constraints);
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [key, fitting(s, pools, key, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ------------------------------------------------------------------ encoding

/**
 * Percent-encodes a path segment or query value. A lone surrogate cannot be UTF-8: it goes out as
 * the three bytes it would take (WTF-8), which no decoder should accept.
 */
export function encodeComponent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(value[i]!);
  }
  return out;
}

/** Segments written raw into the path: traversal and escapes a decoder must survive. */
const rawSegments = ['..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', '%', '%zz', '%C0%AF', '%ED%A0%80'];

const asText = (v: unknown) => (typeof v === 'string' ? v : v instanceof RawJson ? v.text : toJsonText(v));

// ------------------------------------------------------------------ cases

type Part<T> = fc.Arbitrary<{ value: T; mutation: string | null }>;

const kept = <T>(arb: fc.Arbitrary<T>): Part<T> => arb.map((value) => ({ value, mutation: null }));

function pathArb(op: Operation, pools: Pools, home: Record<string, string>): Part<string> {
  const segments = op.pathParams.map((p): Part<string> => {
    const known = home[p.name] ? [home[p.name]!] : (pools.byName[p.name] ?? pools.any);
    const good = known.length
      ? fc.constantFrom(...known)
      : (fitting(p.schema, pools, p.name) as fc.Arbitrary<string>).map(String);
    return fc.oneof(
      { arbitrary: kept(good.map(encodeComponent)), weight: 8 },
      {
        arbitrary: fc
          .constantFrom(...nastyStrings)
          .map((s) => ({ value: encodeComponent(s), mutation: `path ${p.name}: hostile string` })),
        weight: 1,
      },
      {
        arbitrary: fc
          .constantFrom(...rawSegments)
          .map((s) => ({ value: s, mutation: `path ${p.name}: raw ${s}` })),
        weight: 1,
      },
    );
  });
  return fc.tuple(...segments).map((parts) => {
    let i = 0;
    const value = op.path.replace(/\{[^}]+\}/g, () => parts[i++]!.value);
    return { value, mutation: parts.find((x) => x.mutation)?.mutation ?? null };
  });
}

function queryArb(op: Operation, pools: Pools): Part<string> {
  const pairs = op.query.map((p): fc.Arbitrary<{ text: string | null; mutation: string | null }> => {
    const good = fitting(p.schema, pools, p.name).map((v) => ({
      text: `${p.name}=${encodeComponent(asText(v))}`,
      mutation: null,
    }));
    const bad = nastyValue.map((v) => ({
      text: `${p.name}=${encodeComponent(asText(v))}`,
      mutation: `query ${p.name}: wrong value`,
    }));
    const twice = fitting(p.schema, pools, p.name).map((v) => ({
      text: `${p.name}=${encodeComponent(asText(v))}&${p.name}=${encodeComponent(asText(v))}`,
      mutation: `query ${p.name}: given twice`,
    }));
    return fc.oneof(
      { arbitrary: fc.constant({ text: null, mutation: null }), weight: 4 },
      { arbitrary: good, weight: 3 },
      { arbitrary: bad, weight: 2 },
      { arbitrary: twice, weight: 1 },
    );
  });
  const extra = fc.oneof(
    { arbitrary: fc.constant(null), weight: 6 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom('undeclared', '__proto__', 'constructor[prototype]', 'a[b][c]', ''),
          nastyValue,
        )
        .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(asText(v))}`),
      weight: 1,
    },
    { arbitrary: fc.constant('%zz=%'), weight: 1 },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, more]) => {
    const texts = chosen.flatMap((c) => (c.text ? [c.text] : []));
    if (more) texts.push(more);
    return {
      value: texts.length ? `?${texts.join('&')}` : '',
      mutation: chosen.find((c) => c.mutation)?.mutation ?? (more ? 'query: undeclared parameter' : null),
    };
  });
}

interface BodyPart {
  body?: string | Buffer;
  contentType?: string;
}

function bodyArb(op: Operation, pools: Pools): Part<BodyPart> {
  const schema = op.body ?? { type: 'object', properties: {} };
  const valid = fitting(schema, pools) as fc.Arbitrary<unknown>;
  const json = (v: unknown, mutation: string | null) => ({
    value: { body: toJsonText(v), contentType: 'application/json' },
    mutation,
  });
  const objectValid = valid.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}));
  const required = schema.required ?? [];
  const keys = Object.keys(schema.properties ?? {});
  const options: { arbitrary: Part<BodyPart>; weight: number }[] = [
    { arbitrary: valid.map((v) => json(v, null)), weight: 4 },
    {
      arbitrary: fc
        .tuple(
          objectValid,
          fc.constantFrom('unexpected', '__proto__', 'constructor', 'id', 'communityId'),
          nastyValue,
        )
        .map(([v, k, x]) => {
          const withExtra = { ...(v as object) };
          Object.defineProperty(withExtra, k, { value: x, enumerable: true });
          return json(withExtra, `body: extra field ${k}`);
        }),
      weight: 1,
    },
    {
      arbitrary: nastyValue.map((v) => json(v, 'body: wrong kind of value')),
      weight: 1,
    },
    {
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          'nul',
          '{"a":1,}',
          "{'a':1}",
          '\uFEFF{}',
          '[]]',
          '{"a":1}{"b":2}',
          '['.repeat(10_000),
          '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
        )
        .map((text) => ({
          value: { body: text, contentType: 'application/json' },
          mutation: 'body: not valid JSON',
        })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=utf-16',
            'image/jpeg',
          ),
        )
        .map(([v, type]) => ({
          value: { body: toJsonText(v), contentType: type },
          mutation: `body: sent as ${type}`,
        })),
      weight: 1,
    },
    {
      arbitrary: fc.constant({
        value: { contentType: 'application/json', body: '' },
        mutation: 'body: empty',
      }),
      weight: 1,
    },
    {
      arbitrary: fc.constant({
        value: {
          body: Buffer.from('{"a":"\xED\xA0\x80\xFF\xFE"}', 'latin1'),
          contentType: 'application/json',
        },
        mutation: 'body: invalid UTF-8',
      }),
      weight: 1,
    },
    {
      arbitrary: fc.constant({
        value: { body: `{"a":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' },
        mutation: 'body: over 1 MB',
      }),
      weight: 1,
    },
  ];
  if (required.length)
    options.push({
      arbitrary: fc.tuple(objectValid, fc.constantFrom(...required)).map(([v, k]) => {
        const rest = { ...(v as Record<string, unknown>) };
        delete rest[k];
        return json(rest, `body: missing ${k}`);
      }),
      weight: 2,
    });
  if (keys.length)
    options.push({
      arbitrary: fc.tuple(objectValid, fc.constantFrom(...keys), nastyValue).map(([v, k, x]) => {
        return json({ ...(v as object), [k]: x }, `body: ${k} of the wrong type or size`);
      }),
      weight: 4,
    });
  return fc.oneof(...options);
}

/**
 * Requests for one operation. `home` pins path parameters (communityId → the caller's community),
 * so most cases reach the handler instead of stopping at the gate.
 */
export function casesFor(
  op: Operation,
  pools: Pools,
  home: Record<string, string> = {},
): fc.Arbitrary<FuzzCase> {
  const takesBody = op.method !== 'GET' && op.method !== 'DELETE';
  const body: Part<BodyPart> = takesBody ? bodyArb(op, pools) : fc.constant({ value: {}, mutation: null });
  return fc.tuple(pathArb(op, pools, home), queryArb(op, pools), body).map(([path, query, b]): FuzzCase => ({
    method: op.method,
    url: path.value + query.value,
    headers: b.value.contentType ? { 'content-type': b.value.contentType } : ({} as Record<string, string>),
    ...(b.value.body !== undefined ? { body: b.value.body } : {}),
    mutation: [path.mutation, query.mutation, b.mutation].filter(Boolean).join('; ') || 'fits the schema',
  }));
}

/** Names of tables a path or field parameter's ids live in: orderId → orders, itemId → agenda_items… */
export function tablesFor(param: string, tables: readonly string[]): string[] {
  const stem = param.replace(/Ids?$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (!stem) return [];
  const plurals = [`${stem}s`, `${stem}es`, stem.replace(/y$/, 'ies')];
  const exact = tables.filter((t) => plurals.includes(t));
  if (exact.length) return exact;
  return tables.filter((t) => plurals.some((p) => t.endsWith(`_${p}`)) || t.startsWith(`${stem}_`));
}
