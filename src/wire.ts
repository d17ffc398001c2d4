import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import { errors, RequestValidationError } from './errors.js';
import { pythonJsonError } from './json-errors.js';
import { ErrorResponse, withResponses } from './schemas/common.js';

// How a request is read before routing and validation, as uvicorn and FastAPI read it: the request
// target, the Content-Type and the body.

/**
 * A request target in absolute form (`GET http://host/api/v2/workloads`, as clients send through a
 * forward proxy) is routed, linked and journaled by its path and query, as uvicorn does.
 */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const origin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (origin === null) return target;
  const rest = target.slice(origin[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

const LENIENT_UTF8 = new TextDecoder('utf-8');

/**
 * A path whose percent-encoding does not decode (`%ff`, a lone `%`), encoded as uvicorn reads it:
 * bytes that are no UTF-8 are U+FFFD, a `%` that encodes nothing is itself. Routed as any other path
 * (a 404 for an id that does not exist), where Fastify would refuse the URL with a 400.
 */
function decodablePath(target: string): string {
  if (!target.includes('%')) return target;
  const end = target.indexOf('?');
  const path = end === -1 ? target : target.slice(0, end);
  try {
    decodeURIComponent(path);
    return target;
  } catch {
    const mended = path.replace(/(?:%[0-9A-Fa-f]{2})+|%/g, (run) =>
      run === '%'
        ? '%25'
        : encodeURIComponent(LENIENT_UTF8.decode(Buffer.from(run.replaceAll('%', ''), 'hex'))),
    );
    return end === -1 ? mended : mended + target.slice(end);
  }
}

/**
 * A body that did not read as JSON, kept until validation refuses it. Refused by the parser instead,
 * it would close the connection, as Fastify does for every body it cannot parse in case the client
 * is still sending; this one was read whole, and uvicorn keeps the connection open.
 */
export class UnreadableBody {
  /** What validating it answers: a 422 json_invalid, or a 400 for bytes that are not text. */
  constructor(readonly error: Error) {}
}

type JsonEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** Which encoding Python's json.loads reads bytes in (json.detect_encoding), which FastAPI relies on. */
function jsonEncodingOf(bytes: Buffer): JsonEncoding {
  const [a, b, c, d] = bytes;
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'utf-32be';
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'utf-32le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (bytes.length >= 4) {
    if (a === 0) return b ? 'utf-16be' : 'utf-32be';
    if (b === 0) return c || d ? 'utf-16le' : 'utf-32le';
  } else if (bytes.length === 2) {
    if (a === 0) return 'utf-16be';
    if (b === 0) return 'utf-16le';
  }
  return 'utf-8';
}

function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  if (bytes.length % 4 !== 0) throw new RangeError('truncated UTF-32');
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += 4) {
    const point = littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
    if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) throw new RangeError('not UTF-32');
    if (at > 0 || point !== 0xfeff) parts.push(String.fromCodePoint(point));
  }
  return parts.join('');
}

// Strict, as json.loads is, but for one case: Python decodes with surrogatepass, so it reads the
// UTF-8 bytes of a lone surrogate, which these refuse (a 400). UTF-16 bodies are rare: their
// decoders are made when one comes, not at start-up.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a JSON body in the encoding json.loads would detect; throws on bytes that do not decode. */
export function jsonText(bytes: Buffer): string {
  const encoding = jsonEncodingOf(bytes);
  if (encoding === 'utf-8') return UTF8.decode(bytes);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  return new TextDecoder(encoding, { fatal: true }).decode(bytes);
}

const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;

/**
 * A Content-Type that names a type: a token, `/`, a token, before any parameters. Fastify refuses
 * others with a 415; Python's email parser reads most of them as no type, and the rest
 * (`application/json charset=utf-8`) as a type that is not JSON, either way not a body to read.
 */
function namesMediaType(value: string): boolean {
  const end = value.indexOf(';');
  const mediaType = end === -1 ? value : value.slice(0, end);
  const slash = mediaType.indexOf('/');
  return (
    slash !== -1 &&
    TOKEN.test(mediaType.slice(0, slash).trimStart()) &&
    TOKEN.test(mediaType.slice(slash + 1).trimEnd())
  );
}

/**
 * Puts the request's head in the terms the routes read; returns the target to route. Runs before
 * routing, on every request. An empty Content-Type is no Content-Type (FastAPI reads the body as
 * JSON), not a 415; one that names no type (`json`, a list of types, `application/json x`) is
 * text/plain, not JSON to Python either; an absolute-form target is its path, and a path that does
 * not decode is read as uvicorn reads it.
 */
export function normaliseRequestHead(raw: IncomingMessage): string {
  const type = raw.headers['content-type'];
  if (type === '') delete raw.headers['content-type'];
  else if (type !== undefined && !namesMediaType(type)) raw.headers['content-type'] = 'text/plain';
  return decodablePath(originForm(raw.url ?? '/'));
}

/** Fastify reads a body on these methods, and none on GET or HEAD. */
const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * What reading a body can answer, declared on every operation that can get it, so the OpenAPI
 * document lists each status the server sends: a body over the limit is a 413 on any method that
 * reads one, and bytes that are no text a 400 where a body is taken. A route's own declaration of
 * the status stands.
 */
function declareBodyErrors(app: FastifyInstance): void {
  const tooLarge = ErrorResponse.describe("The body is larger than the server's limit.");
  const unreadable = ErrorResponse.describe('The body is not text in any JSON encoding.');
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (schema === undefined || schema.response === undefined) return;
    const methods = [route.method].flat();
    if (!methods.some((method) => READS_BODY.has(method))) return;
    route.schema = withResponses(
      schema,
      schema.body === undefined ? { 413: tooLarge } : { 413: tooLarge, 400: unreadable },
    );
  });
}

/**
 * A `\u` escape of a surrogate that no escape of its other half follows (or precedes): only then
 * can JSON text hold an unpaired one. Python's json.dumps escapes every character past ASCII, so a
 * pair (an emoji) is common and should not send the body to the walk below.
 */
const SURROGATE_ESCAPE =
  /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Where a parsed body first holds a string (or a key) with an unpaired surrogate, or null. A walk
 * with its own stack: a body may nest deeper than the call stack goes.
 */
function unpairedSurrogateAt(body: unknown): (string | number)[] | null {
  type Step = { value: unknown; key: string | number | null; parent: Step | null };
  const pathOf = (step: Step, last: string | number | null = step.key) => {
    const path: (string | number)[] = last === null ? [] : [last];
    for (let at = step.parent; at?.key != null; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value: body, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    // A key is named as far as it can be: its unpaired half would make the answer no UTF-8.
    if (typeof step.key === 'string' && UNPAIRED_SURROGATE.test(step.key)) {
      return pathOf(step, step.key.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
    }
    const { value } = step;
    if (typeof value === 'string') {
      if (UNPAIRED_SURROGATE.test(value)) return pathOf(step);
    } else if (value !== null && typeof value === 'object') {
      const entries: [string | number, unknown][] = Array.isArray(value)
        ? value.map((item, index) => [index, item])
        : Object.entries(value);
      for (let at = entries.length - 1; at >= 0; at--) {
        const [key, item] = entries[at]!;
        stack.push({ value: item, key, parent: step });
      }
    }
  }
  return null;
}

/**
 * A body whose text escapes half a surrogate pair (`"\ud800"`): json.loads reads it, and FastAPI
 * then fails to store or answer it (a 500); the mock refuses it as text that is no Unicode, so that
 * nothing it keeps or answers is unreadable to a strict JSON reader such as jq.
 */
function unpairedSurrogate(text: string, value: unknown): Error | null {
  if (!SURROGATE_ESCAPE.test(text)) return null;
  const loc = unpairedSurrogateAt(value);
  if (loc === null) return null;
  return new RequestValidationError([
    {
      loc,
      msg: 'Input should be a valid string, unable to parse raw data as a unicode string',
      type: 'string_unicode',
    },
  ]);
}

/** A body JSON.parse refused, as FastAPI reports it: Python's reason, at Python's position. */
function malformed(text: string, error: Error): Error {
  const refusal = pythonJsonError(text);
  // Python reads it (NaN, say): as it is.
  if (refusal === null) return error;
  return new RequestValidationError([
    { loc: [refusal.pos], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: refusal.msg } },
  ]);
}

/**
 * Bodies as FastAPI reads them: JSON under application/json, application/*+json or no Content-Type
 * at all; under any other type the text itself, which the body schema then refuses (a 422, never a
 * 415). An operation that takes no body ignores it (clients often send Content-Type:
 * application/json on every call), and an empty body is a missing one.
 */
export function installBodyParsers(app: FastifyInstance): void {
  app.decorateRequest('bodyText', null);
  app.decorateRequest('bodyBytes', 0);
  const received = (request: FastifyRequest, bytes: Buffer, text: string): string => {
    request.bodyBytes = bytes.length;
    request.bodyText = text;
    return text;
  };
  // A "__proto__" or "constructor" key is a member like any other, as in json.loads: JSON.parse
  // makes it an own property, and the schemas report or drop it as the field it is not.
  const parseJson = app.getDefaultJsonParser('ignore', 'ignore');
  const readJson: FastifyBodyParser<Buffer> = (request, bytes, done) => {
    if (bytes.length === 0) return done(null, undefined);
    const takesBody = request.routeOptions.schema?.body !== undefined;
    let text: string;
    try {
      text = received(request, bytes, jsonText(bytes));
    } catch {
      const asGiven = received(request, bytes, bytes.toString('utf8'));
      return done(null, takesBody ? new UnreadableBody(errors.bodyNotDecoded()) : asGiven);
    }
    if (!takesBody) return done(null, text);
    parseJson(request, text, (error, value) => {
      if (error) return done(null, new UnreadableBody(malformed(text, error)));
      const unpaired = unpairedSurrogate(text, value);
      done(null, unpaired ? new UnreadableBody(unpaired) : value);
    });
  };
  const readOther: FastifyBodyParser<Buffer> = (request, bytes, done) => {
    if (request.headers['content-type'] === undefined) return readJson(request, bytes, done);
    done(null, bytes.length === 0 ? undefined : received(request, bytes, bytes.toString('utf8')));
  };
  declareBodyErrors(app);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, readJson);
  app.addContentTypeParser(/^application\/[^;]+\+json\s*(;|$)/i, { parseAs: 'buffer' }, readJson);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, readOther);
}

/** The listeners of each connection's close, one socket listener each however many requests wait on it. */
const goneListeners = new WeakMap<Socket, Set<() => void>>();

/**
 * Calls `listener` once if the client's connection closes before `response` is finished. The
 * connection's close, not the response's: a response queued behind another on a pipelined
 * connection is never told the client has gone.
 */
export function onClientGone(response: ServerResponse, listener: () => void): void {
  const socket = response.req.socket;
  if (socket.destroyed) {
    listener();
    return;
  }
  let listeners = goneListeners.get(socket);
  if (!listeners) {
    const set = new Set<() => void>();
    goneListeners.set(socket, set);
    socket.once('close', () => {
      for (const each of set) each();
      set.clear();
    });
    listeners = set;
  }
  const gone = () => {
    if (!response.writableFinished) listener();
  };
  listeners.add(gone);
  response.once('finish', () => listeners.delete(gone));
}
