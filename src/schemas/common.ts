import type { FastifySchema } from 'fastify';
import { z } from 'zod';

export const Timestamp = z.string().meta({ format: 'date-time' });
export const NullableTimestamp = Timestamp.nullable();

export const UserData = z
  .strictObject({
    id: z.string().describe('User id'),
    username: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    fullName: z.string().nullable().optional(),
    userhash: z.string().nullable().optional(),
  })
  .meta({ id: 'UserData', description: 'A user, as embedded in responses.' });

export const TagInfo = z
  .strictObject({ id: z.string(), name: z.string(), value: z.string() })
  .meta({ id: 'TagInfo' });
export const Tags = z.array(TagInfo).meta({ id: 'Tags' });

export const ResourcePermission = z
  .enum([
    'CAN_VIEW',
    'CAN_UPDATE',
    'CAN_DELETE',
    'CAN_SHARE',
    'CAN_MAKE_PREDICTIONS',
    'CAN_SHARE_ROLE_OWNER',
    'CAN_SHARE_ROLE_READ_WRITE',
    'CAN_SHARE_ROLE_READ_ONLY',
  ])
  .meta({ id: 'ResourcePermission' });
export const AnyPermission = z.literal('*').meta({ id: 'ANY_PERMISSION' });
export const ResourcePermissions = z
  .union([z.array(ResourcePermission), z.array(AnyPermission)])
  .meta({ id: 'ResourcePermissions' });

export const ErrorResponse = z
  .object({ detail: z.string().describe('One sentence saying what went wrong.') })
  .meta({ id: 'ErrorResponse' });

export const ValidationError = z
  .object({
    loc: z.array(z.union([z.string(), z.number().int()])),
    msg: z.string(),
    type: z.string(),
    input: z.unknown().optional(),
    ctx: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ValidationError' });

export const HTTPValidationError = z
  .object({ detail: z.array(ValidationError) })
  .meta({ id: 'HTTPValidationError' });

/** 422 answers either a FastAPI validation list or, for a rejected state change, one sentence. */
export const UnprocessableResponse = z.union([HTTPValidationError, ErrorResponse]);

/** Path ids are plain strings: an id that names nothing (malformed or not) is a 404, like a missing one. */
export const IdParam = z.string();

/** Integer text as Python's int() reads it: digits, `_` between them, a sign. */
const PYTHON_INT = /^[+-]?\d+(_\d+)*$/;

/**
 * Trimmed integer text as pydantic-core reads it: as Python's int() does, or else, when zeros
 * follow the sign, what comes after those zeros (and any `_` among them) as a JSON integer once
 * its single underscores are dropped: so "0_1" is 1, and "00-9" is -9, a quirk kept as pydantic
 * has it. Null for text it refuses.
 */
function intText(text: string): number | null {
  if (PYTHON_INT.test(text)) return Number(text.replaceAll('_', ''));
  const unsigned = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  if (!unsigned.startsWith('0')) return null;
  const zeros = /^[0_]*/.exec(unsigned)![0].length;
  const rest = zeros < unsigned.length ? unsigned.slice(zeros) : unsigned.slice(-1);
  if (rest.startsWith('_') || rest.endsWith('_') || rest.includes('__')) return null;
  const json = (text.startsWith('-') ? '-' : '') + rest.replaceAll('_', '');
  return /^-?(0|[1-9]\d*)$/.test(json) ? Number(json) : null;
}

/**
 * Query text as pydantic reads an integer (see intText), tried again without a fraction of zeros
 * ("5.0"); "", "1e3", "5." and "1.5" are int_parsing 422s.
 */
function queryIntText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const read = intText(text);
  if (read !== null) return read;
  const whole = /^(.*)\.0+$/s.exec(text)?.[1];
  return (whole === undefined ? null : intText(whole)) ?? Number.NaN;
}

/** A float as Rust's parser reads it, which pydantic-core uses; its inf and nan are left out (no JSON answer carries them). */
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Query text as pydantic reads a number: trimmed, or else with underscores between characters
 * removed and not trimmed (pydantic-core's two tries: "1_0e_5" reads, " 1_0" does not). Text that
 * is none stays text (a float_parsing 422).
 */
function queryNumberText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (FLOAT_TEXT.test(text)) return Number(text);
  if (value.startsWith('_') || value.endsWith('_') || value.includes('__')) return value;
  const joined = value.replaceAll('_', '');
  return FLOAT_TEXT.test(joined) ? Number(joined) : value;
}

/** A query integer. */
export function queryInt(options: { min: number; max?: number; default: number }) {
  let schema = z.number().int().min(options.min);
  if (options.max !== undefined) schema = schema.max(options.max);
  return z.preprocess(queryIntText, schema.default(options.default));
}

/** A query number (a float). */
export function queryNumber(options: { min: number; max: number; default: number }) {
  return z.preprocess(queryNumberText, z.number().min(options.min).max(options.max).default(options.default));
}

export const PaginationQuery = z.object({
  offset: queryInt({ min: 0, default: 0 }).describe('How many records to skip.'),
  limit: queryInt({ min: 1, max: 100, default: 10 }).describe('How many records to return (1 to 100).'),
});

/**
 * A list in the query string is its parameter repeated (`?ids=a&ids=b`), as FastAPI reads it: a
 * comma is part of a value (`?ids=a,b` is the one id "a,b"), and a value given empty stays one
 * empty item (a filter on nothing, or a 422 where the items are choices).
 */
export function queryList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(item)).optional();
}

/** The texts pydantic reads as a boolean, whatever their case (`True` from Python's requests too). */
const TRUE_TEXTS = new Set(['true', '1', 'yes', 'y', 'on', 't']);
const FALSE_TEXTS = new Set(['false', '0', 'no', 'n', 'off', 'f']);

function booleanText(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return TRUE_TEXTS.has(lower) ? true : FALSE_TEXTS.has(lower) ? false : undefined;
}

/**
 * A JSON value pydantic's lax mode takes for a number, an integer or a boolean where the value is
 * not one: numeric text ("2", "0.5"), boolean text ("true", "no") and 0 or 1 for a boolean. What it
 * becomes, or undefined when pydantic refuses it too.
 */
export function laxScalar(value: unknown, expected: 'number' | 'int' | 'boolean'): unknown {
  if (expected === 'boolean') {
    if (value === 0 || value === 1) return value === 1;
    return typeof value === 'string' ? booleanText(value) : undefined;
  }
  // A boolean is 0 or 1 to a number field, as in Python.
  if (typeof value === 'boolean') return Number(value);
  if (typeof value !== 'string') return undefined;
  const number = expected === 'int' ? queryIntText(value) : queryNumberText(value);
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export const queryBoolean = z.preprocess(
  (value) => (typeof value === 'string' ? (booleanText(value) ?? value) : value),
  z.boolean(),
);

export function pageOf<T extends z.ZodType>(item: T, id: string, description?: string) {
  return z
    .strictObject({
      totalCount: z.number().int().describe('The number of records matching the query.'),
      count: z.number().int().describe('The number of records on this page.'),
      next: z.string().nullable().describe('The URL of the next page, or null on the last.'),
      previous: z.string().nullable().describe('The URL of the previous page, or null on the first.'),
      data: z.array(item),
    })
    .meta({ id, ...(description ? { description } : {}) });
}

export const NoContent = z.undefined().describe('No content.');

/** The error responses every authenticated route can answer with. */
export const commonErrors = {
  401: ErrorResponse.describe('Missing or invalid bearer token.'),
  422: UnprocessableResponse.describe('Validation error.'),
} as const;

/**
 * A route's schema with `responses` declared as well, for hooks that declare what every route of a
 * kind can answer; a status the route declares itself keeps its own. A copy: routes may share one
 * schema or one map of responses.
 */
export function withResponses(schema: FastifySchema, responses: Record<number, z.ZodType>): FastifySchema {
  return { ...schema, response: { ...responses, ...(schema.response as object) } };
}

export const notFoundErrors = {
  ...commonErrors,
  404: ErrorResponse.describe('Not found, or not visible to this token.'),
} as const;
