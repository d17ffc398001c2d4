import fastJson from 'fast-json-stringify';
import type { FastifySchemaCompiler } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { RequestValidationError, toValidationItems } from '../errors.js';

/**
 * The one zod schema per concept is compiled three ways: to a validator (requests), to a fast
 * serializer (responses) and, by @fastify/swagger, to the OpenAPI document.
 */

/** Request validation: zod parses, and failures become pydantic-style items the error handler locates. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(toValidationItems(result.error.issues)) };
  };

const EMPTY_REGISTRY = z.registry<z.GlobalMeta>();

/** JSON Schema of what a zod schema outputs, every reference inlined, for fast-json-stringify. */
export function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-07',
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'ref',
    metadata: EMPTY_REGISTRY,
  }) as Record<string, unknown>;
}

function isZod(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

type Stringify = (data: unknown) => string;
const compiled = new WeakMap<z.ZodType, Stringify>();

/** Compiles on first use and once per schema: start-up stays fast and every app shares the work. */
function stringifierFor(schema: z.ZodType): Stringify {
  let stringify = compiled.get(schema);
  if (!stringify) {
    stringify = fastJson(outputJsonSchema(schema) as unknown as Parameters<typeof fastJson>[0]) as Stringify;
    compiled.set(schema, stringify);
  }
  return stringify;
}

/**
 * Response serialisation. fast-json-stringify writes only the properties the schema declares, so
 * internal fields never leak. With `strict`, every body is first checked against the zod schema:
 * tests run that way, so a response that drifts from its declared shape fails loudly.
 */
export function createSerializerCompiler(options: { strict: boolean }): FastifySerializerCompiler<unknown> {
  return ({ schema }) => {
    if (!isZod(schema)) return (data) => JSON.stringify(data);
    if (schema.def.type === 'undefined') return () => '';
    let stringify: Stringify | null = null;
    return (data) => {
      stringify ??= stringifierFor(schema);
      if (options.strict) {
        const checked = z.safeEncode(schema, data);
        if (!checked.success) {
          const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
          throw new Error(`response does not match its schema: ${issues}`);
        }
      }
      return stringify(data);
    };
  };
}
