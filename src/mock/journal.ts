import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { compileGlob } from '../glob.js';
import { ErrorResponse, NoContent, UnprocessableResponse } from '../schemas/common.js';
import { JournalList, JournalQuery } from '../schemas/journal.js';
import type { Clock } from '../sim/clock.js';
import { formatTimestamp } from '../sim/clock.js';

/** Bodies larger than this are not kept, only their size. */
export const JOURNAL_BODY_LIMIT = 8 * 1024;

export interface JournalEntry {
  id: number;
  timestamp: number;
  method: string;
  path: string;
  query: string;
  route: string | null;
  status: number;
  tenant: string | null;
  durationMs: number;
  requestBody: string | null;
  requestBytes: number;
  responseBody: string | null;
  responseBytes: number;
}

/** Requests the journal leaves out: its own reads, health polls and the Swagger UI's assets. */
function ignored(path: string): boolean {
  return path.startsWith('/_mock/requests') || path.startsWith('/_mock/health') || path.startsWith('/docs');
}

/** The journal's texts, in the order each slot keeps them. */
const TEXTS = ['method', 'path', 'query', 'route', 'tenant', 'requestBody', 'responseBody'] as const;
/** The journal's numbers, in the order each slot keeps them. */
const NUMBERS = ['id', 'timestamp', 'status', 'durationMs', 'requestBytes', 'responseBytes'] as const;
const NO_TEXT = -1;

/**
 * The last MOCK_JOURNAL_SIZE requests, newest first: what a client under test really sent and got.
 *
 * Packed, not kept as objects: the numbers in one Float64Array, the texts as UTF-8 in a buffer per
 * slot that the request taking the slot over reuses. Kept as an object and strings each, a
 * thousand entries (a workload's body alone is 1.6 KB) outlived young collections and were copied
 * and then promoted on every request; under load that was 4 us of GC a request, more than all of
 * the journal's own work (measured). Entries become objects again only when read.
 */
export class RequestJournal {
  private numbers = new Float64Array(0);
  /** Each text's length in bytes, NO_TEXT for null. */
  private lengths = new Int32Array(0);
  private texts: Buffer[] = [];
  private start = 0;
  private count = 0;
  private sequence = 0;
  /** How many times the journal was cleared: a request belongs to the journal it arrived in. */
  generation = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  /** Requests recorded since the start (or the last clear), including those the bound evicted. */
  get recorded(): number {
    return this.sequence;
  }

  /** A body given is `requestBytes` / `responseBytes` long in UTF-8 (a body not kept may be any size). */
  record(entry: Omit<JournalEntry, 'id'>): void {
    this.sequence++;
    if (this.capacity === 0) return;
    let slot: number;
    if (this.count < this.capacity) {
      if (this.count === this.texts.length) this.grow();
      slot = this.count++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    const numbers = this.numbers;
    const at = slot * NUMBERS.length;
    numbers[at] = this.sequence;
    numbers[at + 1] = entry.timestamp;
    numbers[at + 2] = entry.status;
    numbers[at + 3] = entry.durationMs;
    numbers[at + 4] = entry.requestBytes;
    numbers[at + 5] = entry.responseBytes;

    const lengths = this.lengths;
    const first = slot * TEXTS.length;
    let bytes = 0;
    for (let i = 0; i < TEXTS.length; i++) {
      const field = TEXTS[i]!;
      const text = entry[field];
      // A response body's size is already counted (kept() measures it once). A request body's is its
      // size as sent, which its text need not be in UTF-8 (read from UTF-16, or without its BOM), so
      // it is measured here with the short texts.
      const length =
        text === null ? NO_TEXT : field === 'responseBody' ? entry.responseBytes : Buffer.byteLength(text);
      lengths[first + i] = length;
      if (length > 0) bytes += length;
    }
    let buffer = this.texts[slot]!;
    if (buffer.length < bytes) {
      buffer = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * buffer.length));
      this.texts[slot] = buffer;
    }
    let offset = 0;
    for (let i = 0; i < TEXTS.length; i++) {
      const text = entry[TEXTS[i]!];
      if (text) offset += buffer.write(text, offset);
    }
  }

  /** Room for twice as many slots, up to the capacity: most apps (tests) see a few requests. */
  private grow(): void {
    const slots = Math.min(this.capacity, Math.max(16, this.texts.length * 2));
    const numbers = new Float64Array(slots * NUMBERS.length);
    numbers.set(this.numbers);
    const lengths = new Int32Array(slots * TEXTS.length);
    lengths.set(this.lengths);
    this.numbers = numbers;
    this.lengths = lengths;
    for (let slot = this.texts.length; slot < slots; slot++) this.texts.push(EMPTY_BUFFER);
  }

  private read(slot: number): JournalEntry {
    const numbers = this.numbers;
    const at = slot * NUMBERS.length;
    const buffer = this.texts[slot]!;
    const text: (string | null)[] = [];
    let offset = 0;
    for (let i = 0; i < TEXTS.length; i++) {
      const length = this.lengths[slot * TEXTS.length + i]!;
      text.push(length === NO_TEXT ? null : buffer.toString('utf8', offset, offset + length));
      if (length > 0) offset += length;
    }
    return {
      id: numbers[at]!,
      timestamp: numbers[at + 1]!,
      method: text[0]!,
      path: text[1]!,
      query: text[2]!,
      route: text[3]!,
      status: numbers[at + 2]!,
      tenant: text[4]!,
      durationMs: numbers[at + 3]!,
      requestBody: text[5]!,
      requestBytes: numbers[at + 4]!,
      responseBody: text[6]!,
      responseBytes: numbers[at + 5]!,
    };
  }

  /** Newest first. */
  entries(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (let i = this.count - 1; i >= 0; i--) entries.push(this.read((this.start + i) % this.capacity));
    return entries;
  }

  clear(): void {
    this.numbers = new Float64Array(0);
    this.lengths = new Int32Array(0);
    this.texts = [];
    this.start = 0;
    this.count = 0;
    this.sequence = 0;
    this.generation++;
  }
}

const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * A body as the journal keeps it: its size (as sent, when known: a request body's text is decoded,
 * from UTF-16 say, and may not be its bytes), and its text when within the limit.
 */
function kept(text: string | null, sentBytes?: number): { body: string | null; bytes: number } {
  if (text === null) return { body: null, bytes: 0 };
  const bytes = sentBytes ?? Buffer.byteLength(text);
  return { body: bytes <= JOURNAL_BODY_LIMIT ? text : null, bytes };
}

/**
 * The size a client declared for a body the server never read into text (one refused as too large,
 * 413, before validation), or a response streamed declared for its own. Zero when undeclared (no
 * body, or chunked).
 */
function declaredLength(header: string | number | string[] | undefined): number {
  const length = Number(header);
  return Number.isSafeInteger(length) && length > 0 ? length : 0;
}

/** Whether a response's bytes are text the journal can show: text, JSON or a script. */
function isText(type: string | number | string[] | undefined): boolean {
  return typeof type === 'string' && /^(text\/|application\/(json|javascript)|[^;]*\+json)/i.test(type);
}

/** JSON bodies are answered as JSON, others as text; bodies over the limit as null (their size says why). */
function readable(text: string | null): unknown {
  if (text === null || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Records every request (but the journal's own) once its response is sent. */
export function installRequestJournal(app: FastifyInstance, clock: Clock, capacity: number): void {
  const journal = new RequestJournal(capacity);
  app.decorate('journal', journal);
  if (capacity === 0) return;
  // The response's text rides on the request itself (a declared decoration keeps its shape stable);
  // the request's is there already (request.bodyText, as the body parser read it). A response sent
  // as bytes or a stream (the dashboard's files, the state export) leaves its size instead.
  app.decorateRequest('journalResponseText', null);
  app.decorateRequest('journalResponseBytes', 0);
  // One still in flight when the journal is cleared (the reset itself, a request waiting for a
  // replica that the reset turns away) is not recorded in the journal that starts again.
  app.decorateRequest('journalGeneration', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.journalGeneration = journal.generation;
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload === 'string') request.journalResponseText = payload;
    else if (Buffer.isBuffer(payload)) {
      request.journalResponseBytes = payload.length;
      if (payload.length <= JOURNAL_BODY_LIMIT && isText(reply.getHeader('content-type')))
        request.journalResponseText = payload.toString('utf8');
    } else if (payload) request.journalResponseBytes = declaredLength(reply.getHeader('content-length'));
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const url = request.url;
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    if (!ignored(path) && request.journalGeneration === journal.generation) {
      const sent =
        request.bodyText === null
          ? { body: null, bytes: declaredLength(request.headers['content-length']) }
          : kept(request.bodyText, request.bodyBytes);
      const answered =
        request.journalResponseText === null
          ? { body: null, bytes: request.journalResponseBytes }
          : kept(request.journalResponseText);
      // Caught up like a request: a time read past the work done would be shown, and held to after.
      clock.catchUp();
      journal.record({
        timestamp: clock.now(),
        method: request.method,
        path,
        query: mark === -1 ? '' : url.slice(mark + 1),
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        tenant: request.principal?.tenant.name ?? null,
        durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
        requestBody: sent.body,
        requestBytes: sent.bytes,
        responseBody: answered.body,
        responseBytes: answered.bytes,
      });
    }
    done();
  });
}

/** `path` matches as a prefix, or as a glob when it has `*` or `?`; `status` is a code or a class (`4xx`). */
export function journalFilter(query: z.output<typeof JournalQuery>): (entry: JournalEntry) => boolean {
  const method = query.method?.toUpperCase();
  const pattern = query.path !== undefined && /[*?]/.test(query.path) ? compileGlob(query.path) : null;
  const status = query.status;
  return (entry) => {
    if (method !== undefined && entry.method !== method) return false;
    if (query.path !== undefined) {
      if (pattern ? !pattern.test(entry.path) : !entry.path.startsWith(query.path)) return false;
    }
    if (status !== undefined) {
      if (
        typeof status === 'number' ? entry.status !== status : Math.floor(entry.status / 100) !== status.klass
      )
        return false;
    }
    if (query.tenant !== undefined && entry.tenant !== query.tenant) return false;
    return true;
  };
}

export const journalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['mock'];

  app.get(
    '/requests',
    {
      schema: {
        tags,
        operationId: 'mockListRequests',
        summary: 'Recent requests, newest first (bounded by MOCK_JOURNAL_SIZE)',
        querystring: JournalQuery,
        response: { 200: JournalList, 404: ErrorResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      const journal = app.journal;
      const { tenant } = request.query;
      const query =
        tenant === undefined ? request.query : { ...request.query, tenant: app.emulator.tenantNamed(tenant) };
      const matches = journal.entries().filter(journalFilter(query));
      const { offset, limit } = request.query;
      const data = matches.slice(offset, offset + limit).map((entry) => ({
        ...entry,
        timestamp: formatTimestamp(entry.timestamp),
        requestBody: readable(entry.requestBody),
        responseBody: readable(entry.responseBody),
      }));
      return {
        count: data.length,
        totalCount: matches.length,
        capacity: journal.capacity,
        recorded: journal.recorded,
        data,
      };
    },
  );

  app.delete(
    '/requests',
    {
      schema: {
        tags,
        operationId: 'mockClearRequests',
        summary: 'Forget every recorded request',
        response: { 204: NoContent },
      },
    },
    async (_request, reply) => {
      app.journal.clear();
      return reply.code(204).send();
    },
  );
};

export type JournalQueryValue = z.output<typeof JournalQuery>;
