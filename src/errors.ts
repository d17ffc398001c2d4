import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { trackAllowedMethods } from './routes/allowed-methods.js';
import { plural } from './words.js';

/** One entry of a FastAPI-style 422 body. */
export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/** An error the API answers with `{"detail": "..."}` (or a FastAPI validation list for 422). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail: string | ValidationItem[],
  ) {
    super(typeof detail === 'string' ? detail : 'Validation error');
    this.name = 'ApiError';
  }
}

export type ResourceKind =
  | 'Workload'
  | 'Artifact'
  | 'Artifact repository'
  | 'Proton'
  | 'Build'
  | 'Fault'
  | 'Trace'
  | 'Entity';

/** Every error the mock answers with, declared once. */
export const errors = {
  notAuthenticated: () => new ApiError(401, 'NOT_AUTHENTICATED', 'Not authenticated'),
  invalidCredentials: () => new ApiError(401, 'INVALID_CREDENTIALS', 'Invalid authentication credentials'),
  adminTokenRequired: () =>
    new ApiError(401, 'ADMIN_TOKEN_REQUIRED', 'The mock control surface requires the admin token.'),
  notFound: (kind: ResourceKind) => new ApiError(404, 'NOT_FOUND', `${kind} not found.`),
  routeNotFound: () => new ApiError(404, 'ROUTE_NOT_FOUND', 'Not Found'),
  unknownTenant: (name: string, known: string[]) =>
    new ApiError(
      404,
      'TENANT_NOT_FOUND',
      `No tenant is named ${name}: MOCK_TOKENS names ${known.join(', ')}.`,
    ),
  /** BEHAVIOR.md: 422 for POST /replacement and /promote, 409 for PATCH /settings. */
  replacementInProgress: (
    status: 409 | 422,
    detail = 'A replacement is already in progress for this workload.',
  ) => new ApiError(status, 'REPLACEMENT_IN_PROGRESS', detail),
  noTelemetry: (entityType: string, entityId: string) =>
    new ApiError(
      404,
      'NOT_FOUND',
      `No telemetry for ${entityType} ${entityId}: the mock keeps telemetry of workloads only.`,
    ),
  /** PUT /_mock/state: what the snapshot's checks found, as FastAPI's validation list. */
  invalidState: (items: readonly ValidationItem[]) =>
    new ApiError(
      422,
      'INVALID_STATE',
      items.map((item) => ({ ...item, loc: ['body', ...item.loc] })),
    ),
  noActiveReplacement: () =>
    new ApiError(404, 'NO_ACTIVE_REPLACEMENT', 'There is no active replacement for this workload.'),
  /** DELETE of a replacement GET still shows, ended: nothing to cancel (404, as when there is none). */
  replacementEnded: (status: 'completed' | 'errored') =>
    new ApiError(
      404,
      'NO_ACTIVE_REPLACEMENT',
      `The workload's last replacement has already ${status}: there is nothing to cancel.`,
    ),
  /** Bytes that do not decode as text (FastAPI's answer when json.loads cannot decode the body). */
  bodyNotDecoded: () => new ApiError(400, 'BODY_NOT_DECODED', 'There was an error parsing the body'),
  bodyTooLarge: (limit: number) =>
    new ApiError(413, 'BODY_TOO_LARGE', `Request body is larger than the limit of ${limit} bytes.`),
  artifactLocked: (id: string) =>
    new ApiError(403, 'ARTIFACT_LOCKED', `Artifact ${id} is locked and can no longer be modified.`),
  artifactDeleteLocked: (id: string) =>
    new ApiError(409, 'ARTIFACT_LOCKED', `Artifact ${id} is locked and cannot be deleted.`),
  artifactInUse: (id: string, workloads: { id: string; name: string }[]) =>
    new ApiError(
      409,
      'ARTIFACT_IN_USE',
      `Artifact ${id} is in use by workload${workloads.length > 1 ? 's' : ''} ${workloads
        .map((workload) => `${JSON.stringify(workload.name)} (${workload.id})`)
        .join(', ')} and cannot be deleted.`,
    ),
  repositoryNotDeletable: (id: string, reason: string) =>
    new ApiError(409, 'REPOSITORY_NOT_DELETABLE', `Artifact repository ${id} cannot be deleted: ${reason}.`),
  conflict: (code: string, detail: string) => new ApiError(409, code, detail),
  unprocessable: (code: string, detail: string) => new ApiError(422, code, detail),
  badRequest: (code: string, detail: string) => new ApiError(400, code, detail),
  /** `endTimeGiven` false: the end is the present, which the message says rather than name a field not sent. */
  invalidTimeRange: (endTimeGiven = true) =>
    new ApiError(
      400,
      'INVALID_TIME_RANGE',
      endTimeGiven
        ? 'Invalid time range: startTime is after endTime.'
        : 'Invalid time range: startTime is after the present, where endTime defaults to.',
    ),
  /** A semantic validation failure of the body, in FastAPI's list shape. */
  invalidBody: (loc: (string | number)[], msg: string, type = 'value_error') =>
    new ApiError(422, 'VALIDATION_ERROR', [{ loc: ['body', ...loc], msg, type }]),
  invalidQuery: (loc: (string | number)[], msg: string, type = 'value_error') =>
    new ApiError(422, 'VALIDATION_ERROR', [{ loc: ['query', ...loc], msg, type }]),
} as const;

/** Raised by the validator compiler; the error handler adds the location (body, query, path). */
export class RequestValidationError extends Error {
  /** `located`: each item's loc already starts with its part of the request (path, query, body...). */
  constructor(
    readonly items: ValidationItem[],
    readonly located = false,
  ) {
    super('Request validation failed');
    this.name = 'RequestValidationError';
  }
}

/** Where FastAPI locates an error in each part of a request (Fastify's names). */
export const LOCATION: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value)));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** A text as Python's repr() writes it: in single quotes, unless only double ones keep it unescaped. */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/**
 * A client's JSON value in a message, as pydantic writes it: Python's str() of what json.loads
 * made of it (None, True, ['x'], {'a': 1}; numbers as JSON writes them). Walked by hand: String()
 * would call the value's own toString, which a JSON body can replace with anything
 * (`{"toString": {}}` makes String() throw). A value nested past the stack is named by its type.
 */
function describeInput(value: unknown): string {
  try {
    return pythonStr(value, false);
  } catch {
    return typeof value;
  }
}

function pythonStr(value: unknown, nested: boolean): string {
  if (typeof value === 'string') return nested ? pythonRepr(value) : value;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : typeof value;
  if (Array.isArray(value)) return `[${value.map((item) => pythonStr(item, true)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `${pythonRepr(key)}: ${pythonStr(item, true)}`).join(', ')}}`;
  }
  return typeof value;
}

type Issue = z.core.$ZodIssue;

const isBound = (issue: Issue) => issue.code === 'too_small' || issue.code === 'too_big';

/** zod's integers stop at the doubles that hold them exactly (2^53 - 1 either way); pydantic's do not. */
const isSafeIntegerBound = (issue: Issue) =>
  (issue.code === 'too_big' && Number(issue.maximum) === Number.MAX_SAFE_INTEGER) ||
  (issue.code === 'too_small' && Number(issue.minimum) === Number.MIN_SAFE_INTEGER);

/**
 * The issues pydantic has no counterpart of beside others at the same place: zod checks a length
 * even on a value of the wrong type (a list given for a name), where pydantic says only that the
 * type is wrong; and past a field's own bound (a port of 1e20), zod's safe-integer bound is a second
 * complaint.
 */
export function withoutExtraComplaints(issues: readonly Issue[]): readonly Issue[] {
  const pathKey = (issue: Issue) => issue.path.map(String).join('\u0000');
  const mistyped = new Set(issues.filter((issue) => issue.code === 'invalid_type').map(pathKey));
  const bounded = new Set(
    issues.filter((issue) => isBound(issue) && !isSafeIntegerBound(issue)).map(pathKey),
  );
  if (mistyped.size === 0 && bounded.size === 0) return issues;
  return issues.filter((issue) => {
    const key = pathKey(issue);
    return !((isBound(issue) && mistyped.has(key)) || (isSafeIntegerBound(issue) && bounded.has(key)));
  });
}

/** pydantic's error for a list too short or too long, with the length it was given when known. */
function listLengthItem(
  loc: (string | number)[],
  type: 'too_short' | 'too_long',
  limit: number,
  input: unknown,
): ValidationItem {
  const actual = Array.isArray(input) ? input.length : null;
  const [bound, key] = type === 'too_short' ? ['at least', 'min_length'] : ['at most', 'max_length'];
  return {
    loc,
    msg: `List should have ${bound} ${plural(limit, 'item')} after validation${actual === null ? '' : `, not ${actual}`}`,
    type,
    ctx: { field_type: 'List', [key]: limit, ...(actual === null ? {} : { actual_length: actual }) },
  };
}

/** Maps zod issues to pydantic's error types and messages, so clients see what FastAPI would say. */
export function toValidationItems(
  issues: readonly Issue[],
  base: (string | number)[] = [],
): ValidationItem[] {
  const items: ValidationItem[] = [];
  for (const issue of withoutExtraComplaints(issues)) {
    const loc = [...base, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_type': {
        if (!('input' in issue) || input === undefined) {
          items.push({ loc, msg: 'Field required', type: 'missing' });
          break;
        }
        // NaN is what a query's coercion made of text that is no number at all.
        const stringInput = typeof input === 'string' || input === null || Number.isNaN(input);
        const expected = issue.expected as string;
        if (expected === 'int' || (expected === 'number' && issue.message.includes('NaN'))) {
          items.push(
            typeof input === 'number' && !Number.isNaN(input)
              ? {
                  loc,
                  msg: 'Input should be a valid integer, got a number with a fractional part',
                  type: 'int_from_float',
                }
              : stringInput
                ? {
                    loc,
                    msg: 'Input should be a valid integer, unable to parse string as an integer',
                    type: 'int_parsing',
                  }
                : { loc, msg: 'Input should be a valid integer', type: 'int_type' },
          );
        } else if (expected === 'number') {
          items.push(
            typeof input === 'string'
              ? {
                  loc,
                  msg: 'Input should be a valid number, unable to parse string as a number',
                  type: 'float_parsing',
                }
              : { loc, msg: 'Input should be a valid number', type: 'float_type' },
          );
        } else if (expected === 'string') {
          items.push({ loc, msg: 'Input should be a valid string', type: 'string_type' });
        } else if (expected === 'boolean') {
          // Text, or a 64-bit integer other than 0 and 1, is something pydantic tried to read as
          // one; a number beyond 64 bits is no integer to it.
          items.push(
            typeof input === 'string' || isInt64(input)
              ? {
                  loc,
                  msg: 'Input should be a valid boolean, unable to interpret input',
                  type: 'bool_parsing',
                }
              : { loc, msg: 'Input should be a valid boolean', type: 'bool_type' },
          );
        } else if (expected === 'object') {
          items.push({
            loc,
            msg: 'Input should be a valid dictionary or object to extract fields from',
            type: 'model_attributes_type',
          });
        } else if (expected === 'record') {
          items.push({ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' });
        } else if (expected === 'array') {
          items.push({ loc, msg: 'Input should be a valid list', type: 'list_type' });
        } else if (expected === 'null' || expected === 'undefined' || expected === 'never') {
          items.push({ loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
        } else {
          items.push({ loc, msg: `Input should be a valid ${expected}`, type: `${expected}_type` });
        }
        break;
      }
      case 'invalid_value': {
        const values = issue.values;
        // An enum or a literal left out is missing to pydantic, as any other field.
        if ('input' in issue && input === undefined) {
          items.push({ loc, msg: 'Field required', type: 'missing' });
        } else if (values.length === 1) {
          items.push({
            loc,
            msg: `Input should be ${quoteList(values)}`,
            type: 'literal_error',
            ctx: { expected: quoteList(values) },
          });
        } else if (loc.at(-1) === 'orderBy') {
          // The reference's sort parameters are unions of one-value literals (anyOf of consts), not
          // enums: pydantic answers each member's literal_error, under the member's name.
          for (const value of values) {
            const expected = quoteList([value]);
            items.push({
              loc: [...loc, `literal[${expected}]`],
              msg: `Input should be ${expected}`,
              type: 'literal_error',
              ctx: { expected },
            });
          }
        } else {
          items.push({
            loc,
            msg: `Input should be ${quoteList(values)}`,
            type: 'enum',
            ctx: { expected: quoteList(values) },
          });
        }
        break;
      }
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'string') {
          items.push({
            loc,
            msg: `String should have at least ${plural(min, 'character')}`,
            type: 'string_too_short',
            ctx: { min_length: min },
          });
        } else if (issue.origin === 'array' || issue.origin === 'set') {
          items.push(listLengthItem(loc, 'too_short', min, input));
        } else if (issue.inclusive) {
          items.push({
            loc,
            msg: `Input should be greater than or equal to ${min}`,
            type: 'greater_than_equal',
            ctx: { ge: min },
          });
        } else {
          items.push({
            loc,
            msg: `Input should be greater than ${min}`,
            type: 'greater_than',
            ctx: { gt: min },
          });
        }
        break;
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'string') {
          items.push({
            loc,
            msg: `String should have at most ${plural(max, 'character')}`,
            type: 'string_too_long',
            ctx: { max_length: max },
          });
        } else if (issue.origin === 'array' || issue.origin === 'set') {
          items.push(listLengthItem(loc, 'too_long', max, input));
        } else if (issue.inclusive) {
          items.push({
            loc,
            msg: `Input should be less than or equal to ${max}`,
            type: 'less_than_equal',
            ctx: { le: max },
          });
        } else {
          items.push({ loc, msg: `Input should be less than ${max}`, type: 'less_than', ctx: { lt: max } });
        }
        break;
      }
      case 'invalid_format': {
        if (issue.format === 'regex') {
          // zod gives the pattern as a JavaScript literal (/^...$/); pydantic gives its source.
          const literal = (issue as { pattern?: string }).pattern ?? '';
          const pattern = /^\/(.*)\/[a-z]*$/s.exec(literal)?.[1] ?? literal;
          items.push({
            loc,
            msg: `String should match pattern '${pattern}'`,
            type: 'string_pattern_mismatch',
            ctx: { pattern },
          });
        } else if (issue.format === 'datetime' || issue.format === 'date') {
          items.push({
            loc,
            msg: `Input should be a valid ${issue.format}`,
            type: `${issue.format}_parsing`,
          });
        } else {
          items.push({ loc, msg: `Value error, ${issue.message}`, type: 'value_error' });
        }
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys)
          items.push({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
        break;
      case 'invalid_union': {
        const discriminator = (issue as { discriminator?: string }).discriminator;
        const options = (issue as { options?: unknown[] }).options;
        if (discriminator !== undefined && issue.errors.length === 0) {
          const tag =
            input && typeof input === 'object'
              ? (input as Record<string, unknown>)[discriminator]
              : undefined;
          // zod places it at the tag's field; pydantic at the union.
          const at = loc.at(-1) === discriminator ? loc.slice(0, -1) : loc;
          const expected = (options ?? []).map((option) => `'${String(option)}'`).join(', ');
          items.push(
            tag === undefined
              ? {
                  loc: at,
                  msg: `Unable to extract tag using discriminator '${discriminator}'`,
                  type: 'union_tag_not_found',
                  ctx: { discriminator: `'${discriminator}'` },
                }
              : {
                  loc: at,
                  msg: `Input tag '${describeInput(tag)}' found using '${discriminator}' does not match any of the expected tags: ${expected}`,
                  type: 'union_tag_invalid',
                  ctx: {
                    discriminator: `'${discriminator}'`,
                    tag: describeInput(tag),
                    expected_tags: expected,
                  },
                },
          );
          break;
        }
        items.push(...toValidationItems(closestBranch(issue.errors), loc));
        break;
      }
      case 'custom': {
        // A check that words its failure as pydantic does names the type (and context) itself.
        const pydantic = (issue.params as { pydantic?: { type: string; ctx?: Record<string, unknown> } })
          ?.pydantic;
        if (pydantic)
          items.push({
            loc,
            msg: issue.message,
            type: pydantic.type,
            ...(pydantic.ctx ? { ctx: pydantic.ctx } : {}),
          });
        else items.push({ loc, msg: `Value error, ${issue.message}`, type: 'value_error' });
        break;
      }
      case 'not_multiple_of':
        items.push({
          loc,
          msg: `Input should be a multiple of ${String(issue.divisor)}`,
          type: 'multiple_of',
        });
        break;
      default:
        items.push({ loc, msg: `Value error, ${issue.message}`, type: 'value_error' });
    }
  }
  return items;
}

/** An integer Python's json.loads could have read as one pydantic keeps in 64 bits. */
const isInt64 = (input: unknown): boolean =>
  Number.isInteger(input) && (input as number) >= -(2 ** 63) && (input as number) < 2 ** 63;

/** Of a union's failed branches, the one the input came closest to matching. */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  let best: readonly Issue[] = branches[0] ?? [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const branch of branches) {
    const depth = Math.max(0, ...branch.map((issue) => issue.path.length));
    const shallowTypeMiss = branch.some((issue) => issue.code === 'invalid_type' && issue.path.length === 0);
    const score = (shallowTypeMiss ? -1000 : 0) + depth * 10 - branch.length;
    if (score > bestScore) {
      bestScore = score;
      best = branch;
    }
  }
  return best;
}

function isFastifyError(error: unknown): error is FastifyError {
  return typeof error === 'object' && error !== null && 'code' in error;
}

export interface ErrorBody {
  detail: string | ValidationItem[];
}

/** Turns anything thrown into the API's status and body. Client input never maps to a 5xx. */
export function toErrorResponse(error: unknown, bodyLimit: number): { status: number; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.statusCode, body: { detail: error.detail } };
  if (error instanceof RequestValidationError) {
    if (error.located) return { status: 422, body: { detail: error.items } };
    const where =
      LOCATION[(error as unknown as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
    return {
      status: 422,
      body: { detail: error.items.map((item) => ({ ...item, loc: [where, ...item.loc] })) },
    };
  }
  if (isFastifyError(error)) {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return { status: 413, body: { detail: errors.bodyTooLarge(bodyLimit).detail } };
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return { status: 422, body: { detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] } };
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return {
          status: 422,
          body: {
            detail: [
              {
                loc: ['body', 0],
                msg: 'JSON decode error',
                type: 'json_invalid',
                // Fastify's own message speaks of a Content-Type the request may not have sent.
                ctx: { error: 'The body is not valid JSON.' },
              },
            ],
          },
        };
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return { status: 400, body: { detail: 'The Content-Length header does not match the body.' } };
      case 'FST_ERR_BAD_URL':
        return {
          status: 400,
          body: { detail: 'The request URL is malformed: it does not decode as UTF-8 percent-encoding.' },
        };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return { status: 415, body: { detail: 'Unsupported media type.' } };
      default:
        break;
    }
    if (error.name === 'SyntaxError' || error.code === 'FST_ERR_CTP_INVALID_JSON') {
      return {
        status: 422,
        body: { detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }] },
      };
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return { status, body: { detail: error.message } };
  }
  if (error instanceof SyntaxError) {
    return {
      status: 422,
      body: { detail: [{ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' }] },
    };
  }
  return { status: 500, body: { detail: 'Internal Server Error' } };
}

/** The body limit of the route a request was routed to (PUT /_mock/state has its own), else the server's. */
function bodyLimitOf(request: FastifyRequest, serverLimit: number): number {
  return request.routeOptions?.bodyLimit ?? serverLimit;
}

/**
 * Errors raised before routing (a URL that does not decode, though wire.ts reads such a path as
 * uvicorn does before Fastify sees it): Fastify answers these itself, in its own shape, unless given
 * this handler. Pass it as Fastify's `frameworkErrors`; the mapping is toErrorResponse's, as for
 * every other error.
 */
export function frameworkErrorHandler(bodyLimit: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error, bodyLimitOf(request, bodyLimit));
    return reply.code(status).type('application/json').serializer(JSON.stringify).send(body);
  };
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a malformed request line or header,
 * headers over the size limit): the same `{"detail": ...}` shape as every other error.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than the server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request was not received in time.']
        : [400, 'The request is not valid HTTP.'];
  answerAndClose(socket, status, detail);
  socket.destroy(error);
}

/** A CONNECT (a tunnel through a proxy) names no route here: answered so, where Node would close without a word. */
export function connectHandler(_request: unknown, socket: Duplex): void {
  answerAndClose(socket, 404, 'Not Found');
  // Destroyed once answered: the server no longer tracks a CONNECT's socket, so a client keeping its
  // half open would otherwise hold close() until the shutdown gave up.
  socket.end(() => socket.destroy());
}

function answerAndClose(socket: Duplex, status: number, detail: string): void {
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
}

/** The largest refused body the server still reads to its end (see readRefusedBody). */
export const DISCARD_LIMIT = 64 * 1024 * 1024;

/**
 * A body refused for its declared size is read and thrown away after the answer. Fastify answers a
 * 413 as soon as it sees the Content-Length and closes the connection while the client may still be
 * sending: a client that sends its whole body before reading (Node's http, urllib) then often gets a
 * reset instead of the 413. On a connection the client keeps alive, Node reads whatever body a
 * handler left unread before the next request, as for any other answer. A client that asked to close
 * (urllib does; HTTP/1.0) is closed on once its body is in: the staged close RFC 9112 (9.6) asks
 * for, where Node would close at once. A body over DISCARD_LIMIT, or of undeclared length, is still
 * closed on at once.
 */
function readRefusedBody(request: FastifyRequest, reply: FastifyReply, reading: Set<Socket>): void {
  const length = Number(request.headers['content-length']);
  if (request.raw.complete || !Number.isSafeInteger(length) || length > DISCARD_LIMIT) return;
  const socket = request.raw.socket;
  // app.inject's requests have no connection to keep open.
  if (!(socket instanceof Socket)) return;
  const closeAfter = !reply.raw.shouldKeepAlive;
  if (closeAfter) {
    // Without a Connection header, and kept alive as far as Node knows, the connection is not closed
    // after the answer; Node reads the rest of the body, and then it is closed as the client asked.
    reply.removeHeader('connection');
    reply.raw.shouldKeepAlive = true;
  } else {
    reply.header('connection', 'keep-alive');
  }
  // Until the body is in; a client that stops sending is let go by the keep-alive timeout, or at close.
  reading.add(socket);
  socket.once('close', () => reading.delete(socket));
  request.raw.once('end', () => {
    reading.delete(socket);
    if (closeAfter) socket.end();
  });
}

/**
 * The app's single error handler and not-found handler. `complete` gives a request's validation
 * error what the validators Fastify did not reach would add (compilers.ts, withEveryPart).
 */
export function installErrorHandling(
  app: FastifyInstance,
  bodyLimit: number,
  complete: (request: FastifyRequest, error: unknown) => unknown,
): void {
  // Connections still reading a refused body: closing the app must not wait for their clients.
  const readingRefused = new Set<Socket>();
  app.addHook('preClose', (done) => {
    for (const socket of readingRefused) socket.destroy();
    readingRefused.clear();
    done();
  });
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(complete(request, error), bodyLimitOf(request, bodyLimit));
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    // What the client was told, for whoever debugs it from the log alone.
    else request.log.debug({ statusCode: status, detail: body.detail }, 'request refused');
    if (status === 401) reply.header('WWW-Authenticate', 'Bearer');
    if (status === 413) readRefusedBody(request, reply, readingRefused);
    return reply.code(status).type('application/json').serializer(JSON.stringify).send(body);
  });
  const allowedMethods = trackAllowedMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const mark = request.url.indexOf('?');
    const allowed = allowedMethods(mark === -1 ? request.url : request.url.slice(0, mark));
    const json = reply.type('application/json').serializer(JSON.stringify);
    const [status, detail] = allowed.length > 0 ? [405, 'Method Not Allowed'] : [404, 'Not Found'];
    request.log.debug({ statusCode: status, detail }, 'request refused');
    if (status === 405) json.header('Allow', allowed.join(', '));
    return json.code(status).send({ detail });
  });
}
