import fastJson from 'fast-json-stringify';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';
import { LOCATION, RequestValidationError, toValidationItems, type ValidationItem } from '../errors.js';
import { UnreadableBody } from '../wire.js';
import { laxScalar } from './common.js';
import {
  asIntegerItem,
  asPydanticLocates,
  INT_PARSING,
  innerOf,
  pydanticItems,
  takesInteger,
} from './pydantic-items.js';

/**
 * The one zod schema per concept is compiled three ways: to a validator (requests), to a fast
 * serializer (responses) and, by @fastify/swagger, to the OpenAPI document.
 */

/**
 * Request validation: zod parses, and failures become pydantic-style items the error handler
 * locates. The messages need each issue's input, but asking zod for it (reportInput) turns off its
 * compiled fast path: 1.7 us instead of 50 ns for a path id (measured). So the input is asked for
 * only once a request has failed.
 */
/** Whether a query parameter takes a list (queryList): through optional, default and preprocess wrappers. */
function takesList(schema: z.ZodType): boolean {
  let inner: z.ZodType | null = schema;
  while (inner !== null && !(inner instanceof z.ZodArray)) inner = innerOf(inner);
  return inner !== null;
}

/** A parameter given twice that takes one value takes the last, as FastAPI does. */
function lastOfRepeated(schema: z.ZodType): ((raw: unknown) => unknown) | null {
  if (!(schema instanceof z.ZodObject)) return null;
  const lists = new Set(
    Object.entries(schema.shape).flatMap(([key, field]) => (takesList(field) ? [key] : [])),
  );
  return (raw) => {
    if (raw === null || typeof raw !== 'object') return raw;
    let copy: Record<string, unknown> | null = null;
    for (const [key, value] of Object.entries(raw)) {
      if (!Array.isArray(value) || lists.has(key)) continue;
      copy ??= { ...raw };
      copy[key] = value.at(-1);
    }
    return copy ?? raw;
  };
}

type Path = readonly PropertyKey[];

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The kind of number a schema takes at a path (through objects, arrays and records); null where unions disagree. */
function numberKindAt(schema: z.ZodType, path: readonly unknown[]): 'int' | 'number' | null {
  const kinds = new Set<'int' | 'number' | null>();
  const visit = (node: z.ZodType, depth: number, steps: number): void => {
    const inner = innerOf(node);
    if (steps > 64) {
      kinds.add(null);
    } else if (inner) {
      visit(inner, depth, steps + 1);
    } else if (node instanceof z.ZodUnion) {
      for (const option of node.def.options as z.ZodType[]) visit(option, depth, steps + 1);
    } else if (depth === path.length) {
      if (node instanceof z.ZodNumber) kinds.add(node.isInt ? 'int' : 'number');
    } else if (node instanceof z.ZodObject) {
      const key = path[depth] as string;
      if (Object.hasOwn(node.shape, key)) visit(node.shape[key] as z.ZodType, depth + 1, steps + 1);
    } else if (node instanceof z.ZodArray) {
      visit(node.element as z.ZodType, depth + 1, steps + 1);
    } else if (node instanceof z.ZodRecord) {
      visit(node.def.valueType as z.ZodType, depth + 1, steps + 1);
    }
  };
  visit(schema, 0, 0);
  return kinds.size === 1 ? [...kinds][0]! : null;
}

/**
 * A body as pydantic's lax mode reads it: "2" where a number goes, "true" or 1 where a boolean goes
 * (zod is strict, and a client sending `"replicaCount": "2"` works against the real API). The body
 * with those values converted and where they were, or null when none converts.
 */
function laxBody(
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
): { data: unknown; paths: Path[] } | null {
  const found: { path: Path; value: unknown; tentative: boolean }[] = [];
  for (const issue of issues) {
    if (issue.path.length === 0) continue;
    const given = valueAt(data, issue.path);
    const expectedTypes = typesExpected(issue);
    for (const expected of expectedTypes) {
      if (expected !== 'number' && expected !== 'int' && expected !== 'boolean') continue;
      const kind = expected === 'boolean' ? 'boolean' : (numberKindAt(schema, issue.path) ?? 'number');
      const value = laxScalar(given, kind);
      if (value === undefined) continue;
      found.push({ path: issue.path, value, tentative: false });
      break;
    }
    // Text a union's text member refused on a check (`"memory": "+5"`, no size): zod names that
    // member alone, but pydantic's lax pass goes on to the union's number member.
    if (expectedTypes.length > 0 || typeof given !== 'string') continue;
    const kind = numberKindAt(schema, issue.path);
    const value = kind === null ? undefined : laxScalar(given, kind);
    if (value !== undefined) found.push({ path: issue.path, value, tentative: true });
  }
  if (found.length === 0) return null;
  // A JSON body, so a JSON copy (own `__proto__` keys stay plain keys).
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  const put = (path: Path, value: unknown) => {
    const parent = valueAt(copy, path.slice(0, -1)) as Record<PropertyKey, unknown>;
    parent[path.at(-1)!] = value;
  };
  for (const { path, value } of found) put(path, value);
  // A number the union's member refuses too (`"-5"`) is reported as the text it was, each member's
  // error on its own reading of it (pydanticItems).
  if (found.some(({ tentative }) => tentative)) {
    const left = schema.safeParse(copy).error?.issues ?? [];
    for (const entry of found.filter(({ tentative }) => tentative)) {
      const refused = left.some((issue) => entry.path.every((key, i) => issue.path[i] === key));
      if (!refused) continue;
      put(entry.path, valueAt(data, entry.path));
      found.splice(found.indexOf(entry), 1);
    }
  }
  if (found.length === 0) return null;
  return { data: copy, paths: found.map(({ path }) => path) };
}

/**
 * The types the value at the issue's path failed on: one, or for a union (`"memory": true`, a size
 * as text or a number of bytes) each member's that failed on its type alone, in the members' order,
 * the order in which pydantic's lax pass tries them.
 */
function typesExpected(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code !== 'invalid_union') return [];
  return issue.errors.flatMap((member) => {
    const [only] = member;
    return member.length === 1 && only!.code === 'invalid_type' && only!.path.length === 0
      ? [only!.expected]
      : [];
  });
}

const samePath = (a: readonly unknown[], b: Path) =>
  a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * Items as pydantic words them for what was sent: text converted to a number with a fraction was
 * no integer to parse, and an integer field, which zod reports as a number, wants an integer.
 */
function asGiven(
  schema: z.ZodType,
  data: unknown,
  items: ValidationItem[],
  converted: Path[],
): ValidationItem[] {
  return items.map((item) => {
    if (item.type === 'int_from_float' && converted.some((path) => samePath(item.loc, path)))
      return { loc: item.loc, msg: INT_PARSING, type: 'int_parsing' };
    return asIntegerItem(item, (loc) => takesInteger(schema, data, loc));
  });
}

const PYDANTIC_LOCATED_ISSUES = 200;

type Validate = (raw: unknown) => { value: unknown } | { error: Error };

/** Each part's validators by their schema, for `withEveryPart`. */
const VALIDATORS: Readonly<Record<string, WeakMap<z.ZodType, Validate>>> = {
  params: new WeakMap(),
  querystring: new WeakMap(),
  headers: new WeakMap(),
  body: new WeakMap(),
};

/** The parts of a request in the order FastAPI reports them in. */
const FASTAPI_ORDER = ['params', 'querystring', 'headers', 'body'];
/** The order Fastify validates them in, stopping at the first that fails. */
const FASTIFY_ORDER = ['params', 'body', 'querystring', 'headers'];

/**
 * A request's validation error as FastAPI gives it: what is wrong in every part at once, path first,
 * then query, headers and body. Fastify stops at the first part that fails, so the parts it did not
 * reach are validated here; an error of another kind, or one no part adds to, comes back as it was.
 */
export function withEveryPart(request: FastifyRequest, error: unknown): unknown {
  if (!(error instanceof RequestValidationError) || error.located) return error;
  const failed = (error as { validationContext?: string }).validationContext;
  const schemas = request.routeOptions.schema as Record<string, unknown> | undefined;
  if (failed === undefined || schemas === undefined) return error;
  const raw: Record<string, unknown> = {
    params: request.params,
    querystring: request.query,
    headers: request.headers,
    body: request.body,
  };
  const reached = FASTIFY_ORDER.indexOf(failed);
  let added = false;
  const items = FASTAPI_ORDER.flatMap((part) => {
    const locate = (list: ValidationItem[]) =>
      list.map((item) => ({ ...item, loc: [LOCATION[part]!, ...item.loc] }));
    if (part === failed) return locate(error.items);
    const schema = schemas[part];
    if (FASTIFY_ORDER.indexOf(part) < reached || !(schema instanceof z.ZodType)) return [];
    const result = VALIDATORS[part]?.get(schema)?.(raw[part]);
    if (!result || !('error' in result) || !(result.error instanceof RequestValidationError)) return [];
    added = true;
    return locate(result.error.items);
  });
  return added ? new RequestValidationError(items, true) : error;
}

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const part = httpPart ?? 'body';
  const validate = compileValidator(schema, part);
  VALIDATORS[part]?.set(schema, validate);
  return validate;
};

function compileValidator(schema: z.ZodType, httpPart: string): Validate {
  // Fastify hands an absent body over as null. FastAPI reads an absent body and a JSON null alike:
  // missing when the operation requires one, nothing when it is optional.
  const absentAsNull = httpPart === 'body';
  const lastOf = httpPart === 'querystring' ? lastOfRepeated(schema) : null;
  return (raw) => {
    if (raw instanceof UnreadableBody) return { error: raw.error };
    const given = lastOf ? lastOf(raw) : raw;
    let data = absentAsNull && given === null ? undefined : given;
    let result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const converted: Path[] = [];
    // A few rounds: a converted value can let a union or an object further in be read.
    for (let round = 0; httpPart === 'body' && round < 3; round++) {
      const lax = laxBody(schema, data, result.error.issues);
      if (lax === null) break;
      data = lax.data;
      converted.push(...lax.paths);
      result = schema.safeParse(data);
      if (result.success) return { value: result.data };
    }
    const reported = schema.safeParse(data, { reportInput: true });
    const issues = reported.success ? result.error.issues : reported.error.issues;
    // Locating each item as pydantic does walks the schema per item: a flood of them (a body of
    // thousands of wrong list items) is reported as zod finds them, or it would hold the server.
    if (issues.length > PYDANTIC_LOCATED_ISSUES)
      return { error: new RequestValidationError(toValidationItems(issues)) };
    const items = pydanticItems(schema, data, issues);
    const asSent = httpPart === 'body' ? asGiven(schema, data, items, converted) : items;
    return { error: new RequestValidationError(asPydanticLocates(schema, data, asSent)) };
  };
}

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

type JsonSchema = Record<string, unknown>;

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

function isNullSchema(schema: JsonSchema): boolean {
  return schema.type === 'null' && Object.keys(schema).length === 1;
}

function typesOf(schema: JsonSchema): string[] | null {
  if (schema.anyOf !== undefined || schema.oneOf !== undefined) return null;
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return null;
}

/** Whether two schemas are the same (as JSON, key order included). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A string literal, as zod renders one: the serialiser needs only that it is a string. */
function isStringLiteral(schema: JsonSchema): boolean {
  return schema.type === 'string' && ('const' in schema || Array.isArray(schema.enum));
}

/** The order fast-json-stringify writes an object's properties in: the required ones first. */
function writingOrder(keys: string[], required: string[]): string[] {
  return [...keys.filter((key) => required.includes(key)), ...keys.filter((key) => !required.includes(key))];
}

/**
 * Object branches as one object that has every branch's properties, when they fit: a property in
 * more than one branch has the same schema in each (or is a string literal in each: a
 * discriminator), and the merged object writes every branch's fields in the order the branch
 * alone did (required ones first, where fewer are required in every branch). A value of
 * one branch (zod's output has its branch's fields and no other's) is then written with its own
 * fields in its own order. A property not in every branch loses its default, which the serialiser
 * would otherwise write into values of the branches without it. Null when the branches do not fit.
 */
function mergeObjectBranches(branches: JsonSchema[]): JsonSchema | null {
  if (branches.some((branch) => branch.type !== 'object' || branch.anyOf || branch.oneOf)) return null;
  const propertiesOf = (branch: JsonSchema) => (branch.properties ?? {}) as Record<string, JsonSchema>;
  const requiredOf = (branch: JsonSchema) => (branch.required ?? []) as string[];
  const properties: Record<string, JsonSchema> = {};
  const literals = new Set<string>();
  for (const branch of branches) {
    for (const [key, property] of Object.entries(propertiesOf(branch))) {
      const known = properties[key];
      if (known === undefined) {
        properties[key] = property;
        if (isStringLiteral(property)) literals.add(key);
      } else if (literals.has(key) && isStringLiteral(property)) properties[key] = { type: 'string' };
      else if (!same(known, property)) return null;
    }
  }
  const requiredInAll = requiredOf(branches[0]!).filter((key) =>
    branches.every((branch) => requiredOf(branch).includes(key)),
  );
  const mergedOrder = writingOrder(Object.keys(properties), requiredInAll);
  for (const branch of branches) {
    const own = Object.keys(propertiesOf(branch));
    const before = writingOrder(own, requiredOf(branch));
    if (
      !same(
        before,
        mergedOrder.filter((key) => own.includes(key)),
      )
    )
      return null;
  }
  for (const key of Object.keys(properties)) {
    if (branches.every((branch) => key in propertiesOf(branch))) continue;
    const { default: _default, ...withoutDefault } = properties[key]!;
    properties[key] = withoutDefault;
  }
  return {
    type: 'object',
    properties,
    ...(requiredInAll.length > 0 ? { required: requiredInAll } : {}),
    ...(branches.every((branch) => branch.additionalProperties === false)
      ? { additionalProperties: false }
      : {}),
  };
}

/**
 * The same shape, cheaper to serialise. fast-json-stringify picks an `anyOf` or `oneOf` branch by
 * running a full Ajv validation of the value against each branch, on every response, and on the
 * first it has Ajv compile the whole schema the union sits in (some 300 ms for an artifact, whose
 * spec is a union); zod's nullable and union types all become `anyOf`, its discriminated unions
 * `oneOf`. A serialiser needs the shape, not the constraints, so `anyOf: [X, null]` becomes X
 * marked nullable, a union of primitive types a list of types, both chosen by a typeof check, and
 * a union of objects one object, when their fields fit (mergeObjectBranches). Responses are still
 * checked against their zod schema in strict mode (tests).
 */
export function serializerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializerSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const node: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    // Enum values are data, not schemas.
    node[key] = key === 'enum' || key === 'const' ? value : serializerSchema(value);
  }
  if (Array.isArray(node.oneOf)) {
    const { oneOf: branches, ...siblings } = node as { oneOf: JsonSchema[] };
    const merged = mergeObjectBranches(branches);
    return merged === null ? node : { ...siblings, ...merged };
  }
  const branches = node.anyOf as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return node;
  const { anyOf: _branches, ...siblings } = node;
  const others = branches.filter((branch) => !isNullSchema(branch));
  const nullable = others.length < branches.length;
  const merged = others.length > 1 ? mergeObjectBranches(others) : null;
  if (merged !== null) return { ...siblings, ...merged, ...(nullable ? { nullable } : {}) };
  if (others.length === 1) {
    const only = others[0]!;
    const types = typesOf(only);
    if (types === null) return node;
    if (!nullable) return { ...siblings, ...only };
    return types.length === 1
      ? { ...siblings, ...only, nullable: true }
      : { ...siblings, ...only, type: [...types, 'null'] };
  }
  const items = others.map((branch) => (branch.type === 'array' ? (branch.items as JsonSchema) : null));
  if (items.every((item) => item !== null && typesOf(item)?.length === 1)) {
    // Arrays of one primitive type each (an enum, or a wildcard const): one array of that type.
    const itemTypes = new Set(items.map((item) => typesOf(item!)![0]));
    if (itemTypes.size === 1 && PRIMITIVES.has([...itemTypes][0]!)) {
      return {
        ...siblings,
        type: 'array',
        items: { type: [...itemTypes][0] },
        ...(nullable ? { nullable } : {}),
      };
    }
  }
  const types = others.map(typesOf);
  if (types.some((t) => t === null || t.some((type) => !PRIMITIVES.has(type)))) return node;
  const all = [...new Set(types.flatMap((t) => t!))];
  if (all.length !== types.flat().length) return node;
  return { ...siblings, type: nullable ? [...all, 'null'] : all };
}

/**
 * Compiles on first use and once per schema: start-up stays fast and every app shares the work.
 * The schema goes without its `$schema`: fast-json-stringify checks every schema against its
 * meta-schema, and a `$schema` URI takes it through a format check whose regular expression costs
 * some 8 ms to compile, paid by the first response of every start.
 */
function stringifierFor(schema: z.ZodType): Stringify {
  let stringify = compiled.get(schema);
  if (!stringify) {
    const { $schema: _dialect, ...jsonSchema } = outputJsonSchema(schema);
    stringify = fastJson(
      serializerSchema(jsonSchema) as unknown as Parameters<typeof fastJson>[0],
    ) as Stringify;
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
