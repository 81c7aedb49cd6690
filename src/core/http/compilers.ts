import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own schema compilers (Ajv for what comes in, fast-json-stringify for what goes out), shared by
 * every app in the process so that a schema object compiled once is not compiled again. With `lazy`, a
 * route's schemas are compiled the first time the route is used rather than at startup: over 500 routes
 * cost about 1.5 s of CPU to compile, and a test file or a CLI command uses a handful. `gongzhi serve`
 * compiles eagerly, so a bad schema stops the server at start rather than failing a request.
 */
const validatorPool = AjvCompiler();
const serializerPool = SerializerSelector();

export function schemaCompilers(lazy: boolean): {
  buildValidator: ValidatorFactory;
  buildSerializer: SerializerFactory;
} {
  if (!lazy) return { buildValidator: validatorPool, buildSerializer: serializerPool };
  return {
    buildValidator: (externalSchemas, options) => {
      const compile = validatorPool(externalSchemas, options);
      return (route) => {
        let compiled: ReturnType<typeof compile> | undefined;
        const validate = ((data: unknown, context?: unknown) => {
          compiled ??= compile(route);
          const valid = (compiled as (d: unknown, c?: unknown) => unknown)(data, context);
          validate.errors = compiled.errors;
          return valid;
        }) as unknown as ReturnType<typeof compile>;
        // Fastify hands Ajv validators their parent object (so root values can be coerced) when this is set.
        Object.assign(validate, { schemaEnv: true });
        return validate;
      };
    },
    buildSerializer: (externalSchemas, options) => {
      const compile = serializerPool(externalSchemas, options);
      return (route) => {
        let compiled: ReturnType<typeof compile> | undefined;
        return (doc) => (compiled ??= compile(route))(doc);
      };
    },
  };
}
