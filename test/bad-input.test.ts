import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openapiDocument } from '../src/openapi.js';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { type Client, createTestApp, type TestApp } from './helpers.js';

type Schema = Record<string, any>;

let t: TestApp;
let api: Client;
let doc: Schema;
let workloadId: string;
let artifactId: string;

beforeAll(async () => {
  t = await createTestApp();
  api = t.client();
  doc = openapiDocument(t.app);
  artifactId = await createArtifact(api);
  workloadId = await createWorkload(api, workloadBody(artifactId));
});
afterAll(() => t.close());

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
  return schema;
}

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: Schema[];
  body: Schema | undefined;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    if (!path.startsWith('/api/v2/')) continue;
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const parameters: Schema[] = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
      });
    }
  }
  return out;
}

function url(op: Operation, id: (param: string) => string, query = ''): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => id(name)) + query;
}

/** Real ids where the route needs them, so the failure comes from the bad input under test. */
function realId(param: string): string {
  if (param === 'workload_id') return workloadId;
  if (param === 'artifact_id') return artifactId;
  if (param === 'metric_name') return 'totalRequests';
  if (param === 'entityType') return 'workload';
  if (param === 'entityId') return workloadId;
  return '0123456789abcdef01234567';
}

function expectDocumentedError(status: number, body: any, what: string) {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  expect(body, what).toHaveProperty('detail');
  if (Array.isArray(body.detail)) {
    for (const item of body.detail) {
      expect(item, what).toEqual(
        expect.objectContaining({
          loc: expect.any(Array),
          msg: expect.any(String),
          type: expect.any(String),
        }),
      );
    }
  } else {
    expect(typeof body.detail, what).toBe('string');
  }
}

/** A value of the wrong type for a JSON Schema. */
function wrongType(schema: Schema | undefined): unknown {
  const s = resolve(schema) ?? {};
  const types = [s.type, ...(s.anyOf ?? []).map((x: Schema) => resolve(x)?.type)].flat().filter(Boolean);
  if (types.includes('string')) return { not: 'a string' };
  if (types.includes('object')) return 'not an object';
  return 'wrong';
}

describe('bad input on every route', () => {
  it('covers the API', () => {
    expect(operations().length).toBeGreaterThanOrEqual(25);
  });

  it('non-hex and unknown ids answer 404 with a detail (a malformed build id 422)', async () => {
    for (const op of operations().filter((o) => o.params.length > 0)) {
      for (const bad of [
        'not-hex',
        'ZZZZZZZZZZZZZZZZZZZZZZZZ',
        '0123456789abcdef01234567',
        'x'.repeat(300),
      ]) {
        const res = await api.request(
          op.method,
          url(op, (p) => (p === 'metric_name' || p === 'entityType' ? realId(p) : bad)),
          op.body ? {} : undefined,
        );
        expectDocumentedError(res.status, res.body, `${op.method} ${op.path} with ${bad.slice(0, 30)}`);
        // The reference answers a build id that is no id with 422; any other id that names nothing, 404.
        const malformedBuild = op.params.includes('build_id') && !/^[0-9a-f]{24}$/.test(bad);
        if (!op.body) expect(res.status, `${op.method} ${op.path}`).toBe(malformedBuild ? 422 : 404);
      }
    }
  });

  it('bodies: missing fields, wrong types, non-objects and unknown enum values are refused with a detail', async () => {
    for (const op of operations().filter((o) => o.body)) {
      const target = url(op, realId);
      const body = op.body!;
      const properties: Record<string, Schema> = body.properties ?? {};
      const variants: [string, unknown][] = [
        ['array body', []],
        ['string body', 'text'],
        ['number body', 42],
        ['null body', null],
        ['unknown field', { definitelyNotAField: 1 }],
      ];
      if ((body.required ?? []).length > 0) variants.push(['missing fields', {}]);
      for (const [name, schema] of Object.entries(properties)) {
        variants.push([`wrong type for ${name}`, { [name]: wrongType(schema) }]);
        const resolved = resolve(schema);
        const enumValues = resolved?.enum ?? resolve(resolved?.anyOf?.[0])?.enum;
        if (enumValues) variants.push([`unknown enum for ${name}`, { [name]: 'no-such-value' }]);
      }
      for (const [what, payload] of variants) {
        const res = await api.request(op.method, target, payload, { 'content-type': 'application/json' });
        expectDocumentedError(res.status, res.body, `${op.method} ${op.path}: ${what}`);
        expect(res.status, `${op.method} ${op.path}: ${what}`).toBe(422);
      }
    }
  });

  it('pagination out of range is a 422 on every paginated route', async () => {
    for (const op of operations().filter((o) => o.query.some((q) => q.name === 'limit'))) {
      const max: number = op.query.find((q) => q.name === 'limit')!.schema.maximum;
      expect(max, `${op.method} ${op.path} documents its largest limit`).toBeGreaterThanOrEqual(100);
      for (const query of ['?limit=0', `?limit=${max + 1}`, '?limit=ten', '?offset=-1', '?offset=1e400']) {
        const res = await api.request(op.method, url(op, realId, query));
        expectDocumentedError(res.status, res.body, `${op.method} ${op.path}${query}`);
        expect(res.status, `${op.method} ${op.path}${query}`).toBe(422);
        expect(res.body.detail[0].loc[0]).toBe('query');
      }
    }
  });

  it('query enums refuse unknown values', async () => {
    for (const op of operations()) {
      for (const param of op.query) {
        const schema = resolve(param.schema);
        const candidates = [schema, ...(schema?.anyOf ?? []).map(resolve), resolve(schema?.items)];
        if (!candidates.some((c) => c?.enum || resolve(c?.items)?.enum)) continue;
        const res = await api.request(op.method, url(op, realId, `?${param.name}=no-such-value`));
        expectDocumentedError(res.status, res.body, `${op.method} ${op.path}?${param.name}`);
        expect(res.status, `${op.method} ${op.path}?${param.name}`).toBe(422);
      }
    }
  });

  it("search takes at most 100 characters, the reference's maxLength, on every route that searches", async () => {
    for (const path of ['workloads', 'workloads/stats', 'artifacts', 'artifactRepositories']) {
      expect((await api.get(`${path}?search=${'x'.repeat(100)}`)).status, path).toBe(200);
      const refused = await api.get(`${path}?search=${'x'.repeat(101)}`);
      expect(refused.status, path).toBe(422);
      expect(refused.body.detail, path).toMatchObject([
        { loc: ['query', 'search'], type: 'string_too_long', ctx: { max_length: 100 } },
      ]);
    }
  });

  it('events refuse any other query parameter', async () => {
    const res = await api.get(`workloads/${workloadId}/events?since=yesterday`);
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ loc: ['query', 'since'], type: 'extra_forbidden' });
  });
});

describe('a request wrong in several parts', () => {
  it('is answered with the errors of every part at once, path first, as FastAPI does', async () => {
    const stats = await api.get(`workloads/${workloadId}/stats/bogus?responseTimeQuantile=2`);
    expect(stats.status).toBe(422);
    expect(stats.body.detail.map((d: { loc: unknown[]; type: string }) => [d.loc, d.type])).toEqual([
      [['path', 'metric_name'], 'enum'],
      [['query', 'responseTimeQuantile'], 'less_than_equal'],
    ]);
  });
});
