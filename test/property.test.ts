import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocument } from '../src/openapi.js';
import { ErrorResponse, UnprocessableResponse } from '../src/schemas/common.js';
import { LATEST_TIME } from '../src/sim/clock.js';
import { createArtifact, createWorkload, serviceArtifact, workloadBody } from './fixtures.js';
import { type Client, createTestApp, type TestApp } from './helpers.js';

/**
 * Property-based tests over every route of the OpenAPI document, so routes added later are covered
 * without an edit: random bodies, query strings and path ids generated from each operation's
 * schemas, mixed with hostile values. Whatever comes in: no 5xx, every error a documented shape
 * and status, and a rejected request leaves the state exactly as it was.
 *
 * `npm test` runs a few hundred cases with a fixed seed; `npm run fuzz` runs many more
 * (FUZZ_RUNS, FUZZ_SEED).
 */

type Schema = Record<string, any>;

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_122);
const TOKEN = 'fuzz';

let t: TestApp;
let api: Client;
let doc: Schema;
let ops: Operation[];
const ids = { artifact: '', draft: '', workload: '', proton: '', fault: '' };

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: { name: string; schema: Schema; required: boolean }[];
  body: Schema | undefined;
  statuses: Set<number>;
}

function resolve(schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (schema.$ref && depth < 20) {
    const target = doc.components.schemas[String(schema.$ref).split('/').pop()!];
    return resolve(target, depth + 1);
  }
  return schema;
}

function operationsOf(document: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(document.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      // A stream answers for as long as the client listens: not a request/response to fuzz here.
      const types = Object.values<Schema>(op.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {}));
      if (types.includes('text/event-stream')) continue;
      const parameters: Schema[] = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
        statuses: new Set(Object.keys(op.responses ?? {}).map(Number)),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- hostile values

const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
];
const NAN_ISH = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '0x1F',
  ' 42 ',
  '',
  '08',
  '1_000',
  '+5',
  '.5',
  '-0',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
];
const UNICODE = [
  'é',
  'ß',
  '𝕏',
  '🦄🦄',
  'مرحبا',
  '\u202eevil',
  'a\u0000b',
  '\u200b',
  'Ａ',
  'e\u0301',
  '\ud800',
  '\udfff',
];
const NUMBERS = [0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -1e308, 5e-324, 1e21];

/** A JSON text nested `depth` levels deep, written directly (no recursion to build it). */
function deepJson(depth: number, open: string, close: string, leaf = '1'): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

const hostileString = fc.oneof(
  fc.constantFrom(...NAN_ISH, ...UNICODE, ...PROTOTYPE_KEYS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer({ min: 300, max: 5000 }).map((n) => 'x'.repeat(n)),
  fc.constant('y'.repeat(200_000)),
);

/** Hostile JSON values, as objects (the generator) or raw text where JSON cannot say it (1e999, \ud800, deep). */
type Raw = { raw: string };
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { '': '' }),
  fc
    .constantFrom(...PROTOTYPE_KEYS)
    .map((key) => ({ raw: `{"${key}": {"polluted": true, "status": "locked"}}` }) as Raw),
  fc
    .constantFrom('1e999', '-1e999', '"\\ud800"', '"\\u0000"', '123456789012345678901234567890')
    .map((raw) => ({ raw }) as Raw),
  fc.constantFrom(10, 100, 2000).map((depth) => ({ raw: deepJson(depth, '[', ']') }) as Raw),
  fc.constantFrom(10, 100, 2000).map((depth) => ({ raw: deepJson(depth, '{"a":', '}') }) as Raw),
);

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && 'raw' in value && Object.keys(value).length === 1;
}

/** JSON text of a value that may hold raw fragments. */
function toJson(value: unknown): string {
  if (isRaw(value)) return value.raw;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------- values from schemas

function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (depth > 6) return fc.constant(null);
  const options: Schema[] | undefined = s.anyOf ?? s.oneOf;
  if (options) return fc.oneof(...options.map((option) => fromSchema(option, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((one: string) => fromSchema({ ...s, type: one }, depth)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.integer({
            min: Math.max(s.minimum ?? -1000, -1e6),
            max: Math.min(s.maximum ?? 1000, 1e6),
          }),
        },
        { weight: 1, arbitrary: fc.constantFrom(...NUMBERS, s.minimum ?? 0, s.maximum ?? 2 ** 53) },
      );
    case 'number':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.double({
            min: Math.max(s.minimum ?? -1000, -1e6),
            max: Math.min(s.maximum ?? 1000, 1e6),
            noNaN: true,
            noDefaultInfinity: true,
          }),
        },
        // The edges: what the schema allows at its bounds, and far beyond them.
        { weight: 1, arbitrary: fc.constantFrom(...NUMBERS, s.minimum ?? 0, s.maximum ?? 1e308) },
      );
    case 'string': {
      if (s.format === 'date-time') {
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      }
      if (s.pattern) {
        try {
          return fc
            .stringMatching(new RegExp(s.pattern))
            .filter((text) => text.length <= (s.maxLength ?? 200));
        } catch {
          // a pattern JavaScript does not read: plain strings below
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 24, 24) });
    }
    case 'array':
      return fc.array(fromSchema(s.items, depth + 1), {
        minLength: Math.min(s.minItems ?? 0, 3),
        maxLength: Math.min(s.maxItems ?? 3, 3),
      });
    case 'object': {
      const properties: Record<string, Schema> = s.properties ?? {};
      const required: string[] = s.required ?? [];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = fromSchema(property, depth + 1);
      return fc.record(record, { requiredKeys: required.filter((name) => name in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value from the schema, sometimes with one spot replaced by something hostile. */
function bodyFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const valid = fromSchema(schema);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, hostileValue, fc.nat())
        .map(([value, bad, pick]) => poison(value, bad, pick)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...PROTOTYPE_KEYS), hostileValue).map(([value, key, bad]) =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? {
              raw: toJson(value).replace(
                /^\{/,
                `{${JSON.stringify(key)}:${toJson(bad)}${Object.keys(value).length ? ',' : ''}`,
              ),
            }
          : bad,
      ),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** Replaces the `pick`-th node (depth first) of a JSON value by `bad`. */
function poison(value: unknown, bad: unknown, pick: number): unknown {
  const nodes: { parent: any; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, item] of Object.entries(node)) {
      nodes.push({ parent: node, key: Array.isArray(node) ? Number(key) : key });
      walk(item);
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (nodes.length === 0) return bad;
  const spot = nodes[pick % nodes.length]!;
  spot.parent[spot.key] = bad;
  return copy;
}

const pathValue = (param: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(`@real:${param}`) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{24}$/) },
    { weight: 2, arbitrary: hostileString.filter((text) => text.length > 0 && text.length < 600) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('..', '.', '%2F', '%00', '%ZZ', '%', '?x=1', '#frag', '%E0%A4%A'),
    },
  );

function realId(param: string): string {
  if (param === 'workload_id' || param === 'entityId') return ids.workload;
  if (param === 'artifact_id') return ids.artifact;
  if (param === 'proton_id') return ids.proton;
  if (param === 'fault_id') return ids.fault;
  return ids.workload;
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const parts = op.query.map((param) =>
    fc.option(
      fc
        .oneof(
          {
            weight: 3,
            arbitrary: fromSchema(param.schema).map((value) =>
              Array.isArray(value) ? value.map(String) : [String(value)],
            ),
          },
          { weight: 2, arbitrary: hostileString.map((text) => [text]) },
          { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
        )
        .map((values) => values.map((value) => `${enc(param.name)}=${enc(value)}`).join('&')),
      { nil: '', freq: 2 },
    ),
  );
  const extra = fc.option(
    fc.oneof(
      fc
        .tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'offset', 'limit', 'a[b]', 'ids[]'), hostileString)
        .map(([key, value]) => `${enc(key)}=${enc(value)}`),
      fc.constantFrom('%E0%A4%A', 'limit=%', '&&&', '=', 'x', 'limit=1&limit=2', 'offset=1e400'),
    ),
    { nil: '', freq: 3 },
  );
  return fc
    .tuple(fc.tuple(...parts), extra)
    .map(([values, more]) => [...values, more].filter(Boolean).join('&'));
}

interface Case {
  op: Operation;
  path: Record<string, string>;
  query: string;
  body: unknown | undefined;
  contentType: string | null;
}

function caseArbitrary(): fc.Arbitrary<Case> {
  return fc.constantFrom(...ops).chain((op) => {
    const path: Record<string, fc.Arbitrary<string>> = {};
    for (const param of op.params) path[param] = pathValue(param);
    const body =
      op.body || op.method !== 'GET'
        ? fc.option(bodyFor(op.body), { nil: undefined, freq: 6 })
        : fc.constant(undefined);
    const contentType = fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          null,
        ),
      },
    );
    return fc.record({ op: fc.constant(op), path: fc.record(path), query: queryFor(op), body, contentType });
  });
}

/** Percent-encodes every byte but the unreserved ones (lone surrogates too, which encodeURIComponent refuses). */
function enc(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A path value sent raw that makes the URL another path: '#' or '?' ends it, '.' or '..' moves it. */
const MOVES_PATH = /^\.\.?$|^[?#]/;

function urlOf(c: Case): string {
  const path = c.op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = c.path[name]!;
    if (value.startsWith('@real:')) return realId(name);
    return value.startsWith('%') || MOVES_PATH.test(value) ? value : enc(value);
  });
  return c.query ? `${path}?${c.query}` : path;
}

// ---------------------------------------------------------------- the state, canonically

/** Everything a request could change, in a canonical JSON form (Maps sorted, timers by due time). */
function canonical(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  try {
    if (value instanceof Map) {
      return Object.fromEntries(
        [...value.entries()]
          .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))
          .map(([k, v]) => [String(k), canonical(v, seen)]),
      );
    }
    if (Array.isArray(value)) return value.map((item) => canonical(item, seen));
    const record = value as Record<string, unknown>;
    if (typeof record.callback === 'function' && 'at' in record)
      return { timerAt: record.at, cancelled: record.cancelled };
    if (typeof (record as { toArray?: unknown }).toArray === 'function' && 'total' in record) {
      return {
        total: record.total,
        records: canonical((record as unknown as { toArray(): unknown[] }).toArray(), seen),
      };
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) out[key] = canonical(record[key], seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function dump(): string {
  const emulator = t.app.emulator;
  const logs: Record<string, unknown> = {};
  for (const id of emulator.store.workloads.keys()) logs[id] = emulator.activity.logsOf(id)?.total ?? 0;
  return JSON.stringify(
    canonical({
      tenants: emulator.store.tenants,
      artifacts: emulator.store.artifacts,
      workloads: emulator.store.workloads,
      protons: emulator.store.protons,
      replacements: emulator.store.replacements,
      faults: emulator.faults.list(),
      clock: emulator.clock.state(),
      logs,
    }),
  );
}

/** Keeps fixtures to aim at: a locked and a draft artifact, a running workload, its proton, a fault. */
async function ensureFixtures(): Promise<void> {
  const emulator = t.app.emulator;
  if (emulator.clock.mode !== 'manual') emulator.clock.setMode('manual');
  const tenant = emulator.store.tenant(TOKEN);
  if (!tenant.artifacts.has(ids.artifact)) ids.artifact = await createArtifact(api);
  if (!tenant.artifacts.has(ids.draft))
    ids.draft = await createArtifact(api, serviceArtifact({ name: 'draft' }), false);
  if (!tenant.workloads.has(ids.workload)) {
    ids.workload = await createWorkload(api, workloadBody(ids.artifact));
    t.advance(60);
  }
  ids.proton = tenant.workloads.get(ids.workload)?.activeProtonId ?? ids.workload;
  if (!emulator.faults.get(ids.fault)) {
    const fault = await api.request('POST', '/_mock/faults', {
      match: { imageUri: 'never.example.com/*' },
      fault: 'NeverReady',
    });
    ids.fault = fault.body.id;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  api = t.client(TOKEN);
  doc = openapiDocument(t.app);
  ops = operationsOf(doc);
  await ensureFixtures();
});
afterAll(() => t.close());

/** Where two dumps first differ, for the failure message. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 200)} -> ${JSON.stringify(b)?.slice(0, 200)}`;
}

const documentedError = (status: number, body: unknown) =>
  (status === 422 ? UnprocessableResponse : ErrorResponse).safeParse(body).success;

describe('property: any request on any route', () => {
  it('covers every route of the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(30);
  });

  it(
    'never answers 5xx, answers errors in a documented shape and status, and changes nothing when it refuses',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArbitrary(), async (c) => {
          await ensureFixtures();
          // Transitions due now run at the start of the next request, whatever it is: settle them first.
          t.app.emulator.clock.catchUp();
          const before = dump();
          const payload = c.body === undefined ? undefined : toJson(c.body);
          const response = await t.app.inject({
            method: c.op.method as 'GET',
            url: urlOf(c),
            headers: {
              authorization: `Bearer ${TOKEN}`,
              ...(c.contentType && payload !== undefined ? { 'content-type': c.contentType } : {}),
            },
            ...(payload === undefined ? {} : { payload }),
          });
          const what = `${c.op.method} ${urlOf(c).slice(0, 200)} ${payload?.slice(0, 200) ?? ''}`;
          // The workload's endpoint answers for the simulated workload, whose 5xx (no ready replica, an
          // error-rate fault, a cold start that times out) are documented answers, not the mock failing.
          const fromWorkload = c.op.path.startsWith('/api/v2/endpoints/') && response.statusCode >= 500;
          if (!fromWorkload)
            expect(response.statusCode, `${what}\n${response.body.slice(0, 500)}`).toBeLessThan(500);
          if (fromWorkload) {
            expect(c.op.statuses.has(response.statusCode), `${what}: ${response.statusCode}`).toBe(true);
            expect(documentedError(response.statusCode, response.json()), what).toBe(true);
          } else if (response.statusCode >= 400) {
            const body = response.json();
            expect(
              documentedError(response.statusCode, body),
              `${what}\n${response.body.slice(0, 500)}`,
            ).toBe(true);
            // Refusals that happen before any route reads the request: a URL or a body that does not
            // decode (400), a body over the limit (413), a body that is not JSON at all (422
            // json_invalid, on any method that carries a body), and a raw path parameter that makes
            // the URL another path: one served with other methods (405), or another route, whose
            // own query validation refuses what follows the '?' (422, as that route documents).
            const moved = Object.values(c.path).some((value) => MOVES_PATH.test(value));
            const beforeRouting =
              [400, 413].includes(response.statusCode) ||
              (response.statusCode === 422 && body.detail?.[0]?.type === 'json_invalid') ||
              (response.statusCode === 405 && body.detail === 'Method Not Allowed' && moved) ||
              (response.statusCode === 422 && moved && body.detail?.[0]?.loc?.[0] === 'query');
            const documented = c.op.statuses.has(response.statusCode) || beforeRouting;
            expect(documented, `${what}: ${response.statusCode} is not among ${[...c.op.statuses]}`).toBe(
              true,
            );
            const after = dump();
            if (after !== before) {
              const where = firstDifference(JSON.parse(before), JSON.parse(after));
              expect.fail(`${what} was refused (${response.statusCode}) but changed the state at ${where}`);
            }
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    20_000 + RUNS * 100,
  );

  it('refuses the hostile numbers fuzzing found, instead of failing or hanging', async () => {
    const fault = await api.request('POST', '/_mock/faults', {
      match: { imageUri: 'x*' },
      fault: 'NeverReady',
      afterSeconds: 1e308,
    });
    expect(fault.status).toBe(422);
    expect((await api.get('/_mock/faults')).status).toBe(200);
    for (const runtime of [
      { containerGroups: [{ name: 'default', replicaCount: 1e9 }] },
      {
        containerGroups: [
          { name: 'default', autoscaling: { enabled: true, minReplicaCount: 1e8, maxReplicaCount: 1e8 } },
        ],
      },
    ]) {
      const created = await api.post('workloads', { name: 'huge', artifactId: ids.artifact, runtime });
      expect(created.status).toBe(422);
    }
    // Last, since it moves the clock to the end of representable time.
    const clock = t.app.emulator.clock;
    clock.set(LATEST_TIME - 3_600_000);
    const tooFar = await api.post('/_mock/clock/advance', { seconds: 7200 });
    expect(tooFar.status).toBe(422);
    expect(clock.now()).toBe(LATEST_TIME - 3_600_000);
    const advanced = await api.post('/_mock/clock/advance', { seconds: 60 });
    expect(advanced.status).toBe(200);
    // Timestamps stay RFC 3339 (four-digit years) that Python's datetime can hold.
    expect(advanced.body.now).toBe('9999-12-31T23:00:59.999+00:00');
    expect((await api.get(`workloads/${ids.workload}`)).status).toBe(200);
  });
});
