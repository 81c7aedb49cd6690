import AjvModule from 'ajv';
import ajvFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  casesFor,
  encodeComponent,
  fitting,
  operationsOf,
  RawJson,
  tablesFor,
  toJsonText,
  type JsonSchema,
  type Pools,
} from './cases';

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((ajvFormatsModule as unknown as { default?: unknown }).default ??
  ajvFormatsModule) as unknown as (ajv: InstanceType<typeof Ajv>) => void;
const ajv = new Ajv({ strict: false, allowUnionTypes: true });
addFormats(ajv);

const pools: Pools = { byName: { orderId: ['order-1', 'order-2'] }, any: ['x-1'] };
const Id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };

describe('values that fit a schema', () => {
  const schemas: [string, JsonSchema][] = [
    ['an id', Id],
    ['free text', { type: 'string', minLength: 1, maxLength: 100 }],
    ['a date', { type: 'string', format: 'date' }],
    ['an enum', { type: 'string', enum: ['normal', 'urgent'] }],
    ['a nullable bounded integer', { type: 'integer', minimum: 1, maximum: 5, nullable: true }],
    ['a type list', { type: ['string', 'null'], maxLength: 3 }],
    ['unique ids', { type: 'array', items: Id, maxItems: 9, uniqueItems: true }],
    ['one of two shapes', { anyOf: [{ type: 'boolean' }, { type: 'integer', minimum: 0 }] }],
    [
      'an object with required and optional fields',
      {
        type: 'object',
        required: ['orderId', 'stars'],
        properties: {
          orderId: Id,
          stars: { type: 'integer', minimum: 1, maximum: 5 },
          note: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
  ];
  for (const [name, schema] of schemas)
    it(`${name}: every generated value validates`, () => {
      const validate = ajv.compile(schema as object);
      fc.assert(
        fc.property(fitting(schema, pools), (value) => {
          expect(validate(value), `${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`).toBe(true);
        }),
        { seed: 7, numRuns: 200 },
      );
    });

  it('fills an id field with ids that exist, most of the time', () => {
    const values = fc.sample(fitting(Id, pools, 'orderId'), { seed: 1, numRuns: 200 });
    expect(values.filter((v) => v === 'order-1' || v === 'order-2').length).toBeGreaterThan(100);
  });
});

describe('encoding', () => {
  it('writes a lone surrogate as the invalid UTF-8 bytes it would take, which decoders refuse', () => {
    expect(encodeComponent('\uD800')).toBe('%ED%A0%80');
    expect(() => decodeURIComponent(encodeComponent('a\uDC00'))).toThrow(URIError);
  });

  it('encodes everything else as encodeURIComponent does, surrogate pairs included', () => {
    for (const s of ['abc', '../etc/passwd', '字 ?&=#', '👨‍👩‍👧', '\u202E'])
      expect(encodeComponent(s)).toBe(encodeURIComponent(s));
  });

  it('writes NaN and 1e999 into JSON text as they are, and ordinary values as JSON.stringify does', () => {
    expect(toJsonText({ a: new RawJson('NaN'), b: [new RawJson('1e999'), 'x'] })).toBe(
      '{"a":NaN,"b":[1e999,"x"]}',
    );
    const plain = { a: 1, b: ['x', null, true], c: { d: '字\u0000' } };
    expect(toJsonText(plain)).toBe(JSON.stringify(plain));
  });
});

const doc = {
  paths: {
    '/api/v1/communities/{communityId}/orders/{orderId}/rate': {
      post: {
        parameters: [
          { in: 'path', name: 'communityId', required: true, schema: Id },
          { in: 'path', name: 'orderId', required: true, schema: Id },
          { in: 'query', name: 'dryRun', schema: { type: 'boolean' } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['stars'],
                properties: { stars: { type: 'integer', minimum: 1, maximum: 5 } },
              },
            },
          },
        },
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/def-0' } } } },
        },
      },
    },
  },
  components: { schemas: { 'def-0': { type: 'object', properties: { ok: { type: 'boolean' } } } } },
};

describe('operations and their cases', () => {
  const [op] = operationsOf(doc);

  it('reads parameters, the JSON body and response schemas, with $refs resolved', () => {
    expect(op!.method).toBe('POST');
    expect(op!.pathParams.map((p) => p.name)).toEqual(['communityId', 'orderId']);
    expect(op!.query.map((p) => p.name)).toEqual(['dryRun']);
    expect(op!.body?.required).toEqual(['stars']);
    expect(op!.responses['200']).toEqual({ type: 'object', properties: { ok: { type: 'boolean' } } });
  });

  it('fills every path parameter, pins the ones given, and repeats exactly from a seed', () => {
    const cases = fc.sample(casesFor(op!, pools, { communityId: 'c-1' }), { seed: 3, numRuns: 300 });
    expect(cases.every((c) => !c.url.includes('{'))).toBe(true);
    expect(
      cases.filter((c) => c.url.startsWith('/api/v1/communities/c-1/orders/order-')).length,
    ).toBeGreaterThan(150);
    expect(fc.sample(casesFor(op!, pools, { communityId: 'c-1' }), { seed: 3, numRuns: 300 })).toEqual(cases);
  });

  it('sends bodies that fit, and bodies broken in each way', () => {
    const cases = fc.sample(casesFor(op!, pools), { seed: 5, numRuns: 500 });
    const kinds = new Set(cases.map((c) => c.mutation.split(';').pop()!.trim().replace(/ .*/, '')));
    for (const kind of ['fits', 'body:']) expect([...kinds].some((k) => k.startsWith(kind))).toBe(true);
    const mutations = cases.map((c) => c.mutation).join('\n');
    for (const m of [
      'missing stars',
      'stars of the wrong type',
      'not valid JSON',
      'sent as',
      'extra field',
      'over 1 MB',
    ])
      expect(mutations).toContain(m);
    const fitting = cases.filter((c) => c.mutation === 'fits the schema');
    expect(fitting.length).toBeGreaterThan(10);
    for (const c of fitting) {
      expect(c.headers['content-type']).toBe('application/json');
      const stars = (JSON.parse(String(c.body)) as { stars: number }).stars;
      expect(stars).toBeGreaterThanOrEqual(1);
      expect(stars).toBeLessThanOrEqual(5);
    }
  });
});

describe('tablesFor', () => {
  const tables = [
    'communities',
    'orders',
    'order_categories',
    'assemblies',
    'assembly_matters',
    'agenda_items',
    'action_items',
    'party_orgs',
    'paper_ballots',
    'household_bindings',
  ];
  it('finds the table a parameter names, plural or as the end or start of a longer name', () => {
    expect(tablesFor('orderId', tables)).toEqual(['orders']);
    expect(tablesFor('communityId', tables)).toEqual(['communities']);
    expect(tablesFor('assemblyId', tables)).toEqual(['assemblies']);
    expect(tablesFor('matterId', tables)).toEqual(['assembly_matters']);
    expect(tablesFor('itemId', tables)).toEqual(['agenda_items', 'action_items']);
    expect(tablesFor('orgId', tables)).toEqual(['party_orgs']);
    expect(tablesFor('paperId', tables)).toEqual(['paper_ballots']);
    expect(tablesFor('categoryIds', tables)).toEqual(['order_categories']);
    expect(tablesFor('bindingId', tables)).toEqual(['household_bindings']);
    expect(tablesFor('unicornId', tables)).toEqual([]);
  });
});
