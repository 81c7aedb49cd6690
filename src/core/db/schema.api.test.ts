import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDeps } from '../../../test/support/deps';
import { describeSchema } from './introspect';
import { referenceTables } from './schema';
import { tenancyViolations } from './tenancy-rules';

let deps: Awaited<ReturnType<typeof freshDeps>>;
beforeAll(async () => {
  deps = await freshDeps();
});
afterAll(() => deps.cleanup());

it('the migrated schema keeps the tenancy rules of DESIGN §5', async () => {
  const tables = await describeSchema(deps.database);
  // The check must see the real schema, not an empty one.
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(['rooms', 'people', 'grants', 'ownerships', 'communities']),
  );
  expect(tables.find((t) => t.name === 'rooms')!.foreignKeys.length).toBeGreaterThanOrEqual(3);
  expect(tenancyViolations(tables, referenceTables)).toEqual([]);
});

it('every table the code knows is in the database', async () => {
  const names = new Set((await describeSchema(deps.database)).map((t) => t.name));
  for (const ref of referenceTables) expect(names.has(ref), ref).toBe(true);
});
