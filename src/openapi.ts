import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMIN_TOKEN_PARAM } from './mock/admin-token.js';
import { CreateWorkloadRequest } from './schemas/workload.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const REF_PREFIX = '#/components/schemas/';

function walk(value: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/**
 * A value of several types (`"type": ["string", "number", "boolean", "null"]`, as zod writes a union
 * of primitives) as an `anyOf` of one type each, as the reference writes them: some generators read
 * only the first of a type list (orval's zod output takes such an attribute for a string).
 */
function splitTypeLists(document: JsonObject): void {
  walk(document, (node) => {
    const types = node.type;
    if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) return;
    if (types.filter((t) => t !== 'null').length < 2) return;
    delete node.type;
    node.anyOf = types.map((type) => ({ type }));
  });
}

function renameRefs(value: Json, renames: Map<string, string>): void {
  walk(value, (node) => {
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const renamed = renames.get(ref.slice(REF_PREFIX.length));
      if (renamed) node.$ref = REF_PREFIX + renamed;
    }
  });
}

function referencedSchemas(document: JsonObject): Set<string> {
  const schemas = ((document.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const seen = new Set<string>();
  const pending: Json[] = [document.paths ?? {}];
  while (pending.length > 0) {
    walk(pending.pop()!, (node) => {
      const ref = node.$ref;
      if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
        const name = ref.slice(REF_PREFIX.length);
        if (!seen.has(name) && schemas[name] !== undefined) {
          seen.add(name);
          pending.push(schemas[name]!);
        }
      }
    });
  }
  return seen;
}

/**
 * zod writes a discriminated union as a bare `oneOf`. Where every branch requires its tag (a
 * property whose `const` tells the branches apart), the union gets the `discriminator` code
 * generators read. Where a request may leave the tag out (the server supplies it: an artifact's
 * `spec.type` comes from its `type`), a body without it matches more than one branch, which `oneOf`
 * forbids, and a discriminator would have generators demand the tag: such unions are a plain `anyOf`.
 */
function describeDiscriminatedUnions(document: JsonObject, schemas: JsonObject): void {
  walk(document, (node) => {
    const branches = node.oneOf;
    if (!Array.isArray(branches) || node.discriminator !== undefined) return;
    const refs = branches.map((branch) =>
      branch && typeof branch === 'object' && !Array.isArray(branch) ? branch.$ref : undefined,
    );
    if (!refs.every((ref): ref is string => typeof ref === 'string' && ref.startsWith(REF_PREFIX))) return;
    const targets = refs.map((ref) => schemas[ref.slice(REF_PREFIX.length)] as JsonObject | undefined);
    const tagOf = (target: JsonObject | undefined, name: string): Json | undefined =>
      ((target?.properties as JsonObject | undefined)?.[name] as JsonObject | undefined)?.const;
    const name = Object.keys((targets[0]?.properties ?? {}) as JsonObject).find((key) => {
      const tags = targets.map((target) => tagOf(target, key));
      return tags.every((tag) => typeof tag === 'string') && new Set(tags).size === tags.length;
    });
    if (name === undefined) return;
    if (targets.every((target) => (target?.required as Json[] | undefined)?.includes(name))) {
      node.discriminator = {
        propertyName: name,
        mapping: Object.fromEntries(targets.map((target, i) => [tagOf(target, name) as string, refs[i]!])),
      };
    } else {
      node.anyOf = branches;
      delete node.oneOf;
    }
  });
}

/** Tenants' bearer tokens on /api/v2; the admin token on /_mock, optional (`{}`) as it is unset by default. */
function securityOf(path: string): Json[] {
  if (path.startsWith('/api/v2')) return [{ bearerAuth: [] }];
  if (path.startsWith('/_mock/') && path !== '/_mock/health') {
    return [{}, { mockAdminBearer: [] }, { mockAdminQuery: [] }];
  }
  return [];
}

/**
 * Request bodies with a transform inside, whose examples zod leaves out of the input schema (they
 * would be outputs): Swagger UI fills its body in from an example, or else makes every field up.
 */
const TRANSFORMING_REQUESTS_WITH_EXAMPLES = [CreateWorkloadRequest];

function keepRequestExamples(schemas: JsonObject): void {
  for (const request of TRANSFORMING_REQUESTS_WITH_EXAMPLES) {
    const meta = z.globalRegistry.get(request);
    const target = meta?.id === undefined ? undefined : (schemas[meta.id] as JsonObject | undefined);
    if (target && meta?.examples) target.examples ??= meta.examples as Json;
  }
}

/**
 * The generator names every schema twice (`X` for responses, `XInput` for requests). Keep one name
 * per concept: `X` when both directions render the same or only one is used. Where a request and a
 * response genuinely differ (a response has every defaulted field), the request keeps the
 * reference's name `X`, as a client builds requests by those names, and the response is `XOutput`
 * (FastAPI's `X-Output`). Drop what no operation refers to.
 */
export function tidyDocument(raw: unknown): JsonObject {
  const document = structuredClone(raw) as JsonObject;
  const components = (document.components ?? {}) as JsonObject;
  const schemas = (components.schemas ?? {}) as JsonObject;
  const used = referencedSchemas(document);
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    if (!name.endsWith('Input')) continue;
    const base = name.slice(0, -'Input'.length);
    if (schemas[base] === undefined) continue;
    if (!used.has(name)) continue;
    const same = JSON.stringify(schemas[name]) === JSON.stringify(schemas[base]);
    if (!same && used.has(base)) {
      renames.set(base, `${base}Output`);
      schemas[`${base}Output`] = schemas[base]!;
    }
    renames.set(name, base);
    schemas[base] = schemas[name]!;
    delete schemas[name];
  }
  renameRefs(document, renames);
  const stillUsed = referencedSchemas(document);
  for (const name of Object.keys(schemas)) if (!stillUsed.has(name)) delete schemas[name];
  components.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  keepRequestExamples(components.schemas as JsonObject);
  splitTypeLists(document);
  describeDiscriminatedUnions(document, components.schemas as JsonObject);
  components.securitySchemes = {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      description: 'Any token; each token is its own tenant unless MOCK_TOKENS says otherwise.',
    },
    mockAdminBearer: {
      type: 'http',
      scheme: 'bearer',
      description: 'MOCK_ADMIN_TOKEN, required on /_mock (health excepted) only when it is set.',
    },
    mockAdminQuery: {
      type: 'apiKey',
      in: 'query',
      name: ADMIN_TOKEN_PARAM,
      description:
        'MOCK_ADMIN_TOKEN as a query parameter, for clients that cannot send headers (a browser EventSource on /_mock/stream).',
    },
  };
  document.components = components;
  for (const [path, operations] of Object.entries((document.paths ?? {}) as JsonObject)) {
    for (const operation of Object.values(operations as JsonObject)) {
      if (operation && typeof operation === 'object' && !Array.isArray(operation)) {
        (operation as JsonObject).security = securityOf(path);
        describeResponses(operation as JsonObject);
      }
    }
  }
  return document;
}

/**
 * A response its route did not describe: @fastify/swagger says "Default Response", which Swagger UI
 * shows for every success. Named as FastAPI names them ("Successful Response"), or by its status.
 */
function describeResponses(operation: JsonObject): void {
  for (const [status, response] of Object.entries((operation.responses ?? {}) as JsonObject)) {
    const described = response as JsonObject;
    if (described.description !== 'Default Response') continue;
    described.description = status.startsWith('2')
      ? 'Successful Response'
      : (STATUS_CODES[Number(status)] ?? 'Response');
  }
}

/** The OpenAPI document of the running app (routes and schemas as registered). */
export function openapiDocument(app: FastifyInstance): JsonObject {
  return tidyDocument(app.swagger());
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type DocumentInput = Parameters<typeof jsonSchemaTransformObject>[0];

/** Fastify's wildcard is `{*}` in a path, RFC 6570's explode marker to URI-template clients: named `path` instead. */
const WILDCARD = '{*}';
const WILDCARD_NAME = 'path';

type Operation = { requestBody?: JsonObject & { required?: boolean }; parameters?: JsonObject[] };

/**
 * fastify-type-provider-zod's transforms for @fastify/swagger, and what they leave out:
 * - an operation whose body schema is optional (`POST /_mock/reset`) has `requestBody.required:
 *   false`, so that a typed client may call it without a body, as the server allows;
 * - a route that passes any body on declares one, of any type, so a typed client can send it;
 * - the path below a workload's endpoint is the parameter `path`, not `*`;
 * - a query parameter whose schema is a reference keeps its default (`resolution`: P1D), which
 *   @fastify/swagger drops from beside a `$ref` (an OpenAPI 3.0 rule; 3.1 allows it).
 */
export function documentTransforms() {
  const optionalBodies = new Set<string>();
  const anyBodies = new Set<string>();
  /** Per operation, the defaults of its query parameters (swagger drops those beside a `$ref`). */
  const queryDefaults = new Map<string, Map<string, unknown>>();
  return {
    transform(input: TransformInput) {
      const path = input.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, WILDCARD);
      const query = input.schema?.querystring;
      const defaults =
        query instanceof z.ZodObject
          ? new Map(
              Object.entries(query.shape as Record<string, z.ZodType>).flatMap(([name, field]) =>
                field instanceof z.ZodDefault ? [[name, field.def.defaultValue] as const] : [],
              ),
            )
          : null;
      for (const method of [input.route.method].flat()) {
        const key = `${method.toLowerCase()} ${path}`;
        if (input.schema?.body instanceof z.ZodOptional) optionalBodies.add(key);
        if (input.route.config?.passesAnyBody) anyBodies.add(key);
        if (defaults?.size) queryDefaults.set(key, defaults);
      }
      return jsonSchemaTransform(input);
    },
    transformObject(input: DocumentInput) {
      const document = jsonSchemaTransformObject(input) as {
        paths?: Record<string, Record<string, Operation>>;
      };
      const paths: Record<string, Record<string, Operation>> = {};
      for (const [path, operations] of Object.entries(document.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations)) {
          const key = `${method} ${path}`;
          if (optionalBodies.has(key) && operation?.requestBody) operation.requestBody.required = false;
          if (anyBodies.has(key) && !operation.requestBody && method !== 'get' && method !== 'head') {
            operation.requestBody = { required: false, content: { '*/*': { schema: {} } } };
          }
          for (const parameter of operation.parameters ?? []) {
            if (parameter.in === 'path' && parameter.name === '*') parameter.name = WILDCARD_NAME;
            const schema = parameter.schema as JsonObject | undefined;
            const byDefault = queryDefaults.get(key)?.get(parameter.name as string);
            if (parameter.in === 'query' && schema?.$ref !== undefined && byDefault !== undefined) {
              schema.default = byDefault as Json;
            }
          }
        }
        paths[path.replace(WILDCARD, `{${WILDCARD_NAME}}`)] = operations;
      }
      document.paths = paths;
      return document as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
