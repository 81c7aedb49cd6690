import { Type, type Static, type TSchema } from 'typebox';

/** A string limited to a fixed set, as a plain JSON Schema enum (clear errors, clear OpenAPI). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * A value or null. A primitive becomes one JSON type list (`type: ['integer', 'null']`) rather than a
 * union: under the server's type coercion a union would let a 0 or "" slip through as null instead of
 * failing its own limits.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const raw = schema as unknown as { type?: unknown; enum?: unknown[] };
  if (typeof raw.type === 'string' && raw.type !== 'object' && raw.type !== 'array')
    return Type.Unsafe<Static<T> | null>({
      ...raw,
      type: [raw.type, 'null'],
      ...(raw.enum ? { enum: [...raw.enum, null] } : {}),
    });
  return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
}

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const CommunityParams = Type.Object({ communityId: Id });

/** Free text a person types: trimmed length is checked by the handler where blank matters. */
export const Text = (maxLength: number, minLength = 1) => Type.String({ minLength, maxLength });
export const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text to search for' })),
});
export type PageQuery = Static<typeof PageQuery>;

/** A list's query string: the page parameters plus the list's own filters. */
export function ListQuery<P extends Record<string, TSchema>>(filters: P) {
  return Type.Object({ ...PageQuery.properties, ...filters });
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'Error' },
);

export const Ok = Type.Object({ ok: Type.Literal(true) });
