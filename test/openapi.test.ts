import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, renderOpenapi } from '../scripts/openapi.js';
import { createTestApp } from './helpers.js';

describe('the OpenAPI document', () => {
  it('is committed and up to date (run `npm run openapi` after changing a schema or route)', async () => {
    const committed = readFileSync(OPENAPI_PATH, 'utf8');
    expect(committed).toBe(await renderOpenapi());
  });

  it('declares a response schema for every status of every operation', async () => {
    const doc = JSON.parse(await renderOpenapi());
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        const statuses = Object.keys(op.responses ?? {});
        expect(statuses.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        for (const status of statuses) {
          const response = op.responses[status];
          // Swagger UI shows the description: @fastify/swagger's placeholder says nothing.
          expect(response.description, `${method} ${path} ${status}`).not.toBe('Default Response');
          if (status === '204') continue;
          expect(
            response.content?.['application/json']?.schema ??
              response.content?.['text/plain']?.schema ??
              response.content?.['text/event-stream']?.schema,
            `${method} ${path} ${status}`,
          ).toBeTruthy();
        }
        if (path.startsWith('/api/v2/')) {
          // A 422 needs something to validate, as in FastAPI: a parameter or a body.
          const validates = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
          expect(statuses, `${method} ${path}`).toEqual(
            expect.arrayContaining(validates ? ['401', '422'] : ['401']),
          );
          if (!validates) expect(statuses, `${method} ${path}`).not.toContain('422');
        }
      }
    }
  });
});

describe('what the document promises a typed client', () => {
  const operations = async () => {
    const doc = JSON.parse(await renderOpenapi());
    return {
      doc,
      all: Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
        Object.entries<any>(methods).map(([method, op]) => ({ path, method, op })),
      ),
    };
  };

  it("names what a request carries as the reference does, and a response's differing variant XOutput", async () => {
    const { doc } = await operations();
    const schemas = doc.components.schemas;
    // A request's allocation or probe leaves out what has a default, as the reference's do...
    expect(schemas.ResourceAllocation.required).toBeUndefined();
    expect(schemas.ProbeConfig.required).toEqual(['path']);
    // ...and a response, which has every defaulted field, is the variant.
    expect(schemas.ResourceAllocationOutput.required).toEqual(['cpu', 'memory', 'gpu', 'gpuMemory']);
    const body = doc.paths['/api/v2/workloads/{workload_id}/settings'].patch.requestBody;
    const answered = doc.paths['/api/v2/workloads/{workload_id}/settings'].get.responses['200'];
    expect(
      schemas[body.content['application/json'].schema.$ref.split('/').at(-1)].properties.runtime,
    ).toEqual({
      $ref: '#/components/schemas/WorkloadRuntime',
    });
    expect(
      schemas[answered.content['application/json'].schema.$ref.split('/').at(-1)].properties.runtime.$ref,
    ).toBe('#/components/schemas/WorkloadRuntimeOutput');
    expect(Object.keys(schemas).filter((name) => name.endsWith('Input'))).toEqual([]);
  });

  it('writes a value of several types as an anyOf, never a list of types a generator may read in part', async () => {
    const { doc } = await operations();
    const lists: string[] = [];
    const visit = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const { type } = node as { type?: unknown };
      if (Array.isArray(type) && type.filter((t) => t !== 'null').length > 1) lists.push(at);
      for (const [key, child] of Object.entries(node)) visit(child, `${at}/${key}`);
    };
    visit(doc, '#');
    expect(lists).toEqual([]);
    expect(doc.components.schemas.OtelAttributes.additionalProperties.anyOf).toHaveLength(4);
  });

  it('declares 413 on every operation the server reads a body for, and 400 where it takes one', async () => {
    const { all } = await operations();
    const reading = all.filter(({ method }) => ['post', 'put', 'patch', 'delete'].includes(method));
    expect(reading.length).toBeGreaterThan(30);
    for (const { path, method, op } of reading) {
      expect(Object.keys(op.responses), `${method} ${path}`).toContain('413');
      if (op.requestBody?.content?.['application/json']) {
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('400');
      }
    }
    for (const { path, method, op } of all.filter(({ method }) => method === 'get')) {
      expect(Object.keys(op.responses), `${method} ${path}`).not.toContain('413');
    }
  });

  it("declares the admin token's 401 on every /_mock operation but health", async () => {
    const { all } = await operations();
    const mock = all.filter(({ path }) => path.startsWith('/_mock/'));
    expect(mock.length).toBeGreaterThan(10);
    for (const { path, method, op } of mock) {
      const statuses = Object.keys(op.responses);
      if (path === '/_mock/health') expect(statuses, path).not.toContain('401');
      else expect(statuses, `${method} ${path}`).toContain('401');
    }
  });

  it('accepts an artifact whose spec leaves its type to the server, and tells answered spec variants by type', async () => {
    const { doc } = await operations();
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(doc, 'mock');
    const validate = ajv.compile({
      $ref: 'mock#/paths/~1api~1v2~1artifacts/post/requestBody/content/application~1json/schema',
    });
    const container = { name: 'app', imageUri: 'registry.example.com/app:1', port: 8080, primary: true };
    const spec = { containerGroups: [{ name: 'default', containers: [container] }] };
    expect(validate({ name: 'agent', type: 'service', spec }), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ name: 'agent', type: 'service', spec: { ...spec, type: 'service' } })).toBe(true);
    expect(validate({ name: 'agent', spec: { ...spec, type: 'other' } })).toBe(false);
    // A tag a request may leave out is no discriminator; an answer always carries it.
    expect(doc.components.schemas.InputArtifact.properties.spec.discriminator).toBeUndefined();
    const answered = doc.components.schemas.ArtifactFormatted.properties.spec;
    expect(answered.discriminator.propertyName).toBe('type');
    expect(Object.keys(answered.discriminator.mapping).sort()).toEqual(['nim', 'service']);
  });

  it('gives Swagger UI a body to start from that the server takes as it is, where made-up values would do harm', async () => {
    const { doc } = await operations();
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(doc, 'mock');
    const examples = Object.entries<any>(doc.components.schemas).filter(([, schema]) => schema.examples);
    expect(examples.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'CreateWorkloadRequest',
        'CreateReplacementRequest',
        'MockClockAdvance',
        'MockClockUpdate',
        'MockResetRequest',
        'UpdateSettingsRequest',
        'UpdateArtifactRequest',
        'InputArtifact',
        'MockFaultRequest',
      ]),
    );
    for (const [name, schema] of examples) {
      const validate = ajv.compile({ $ref: `mock#/components/schemas/${name}` });
      for (const example of schema.examples)
        expect(validate(example), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    // Sent as they are: an artifact is made and replaced, a fault injected, a workload made and given
    // two replicas, its artifact a description, the clock moves a minute at ×60, a reset forgets everything.
    const t = await createTestApp();
    try {
      const api = t.client();
      const sent = (name: string) => doc.components.schemas[name].examples[0];
      const artifact = await api.post('/api/v2/artifacts', sent('InputArtifact'));
      expect(artifact.status, JSON.stringify(artifact.body)).toBe(201);
      const replaced = await api.request(
        'PUT',
        `/api/v2/artifacts/${artifact.body.id}`,
        sent('InputArtifact'),
      );
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
      expect((await api.post('/_mock/faults', sent('MockFaultRequest'))).status).toBe(201);
      const created = await api.post('/api/v2/workloads', sent('CreateWorkloadRequest'));
      expect(created.status).toBe(201);
      t.advance(120);
      const { id, artifactId } = created.body;
      expect(
        (await api.request('PATCH', `/api/v2/workloads/${id}/settings`, sent('UpdateSettingsRequest')))
          .status,
      ).toBe(202);
      expect(
        (await api.request('PATCH', `/api/v2/artifacts/${artifactId}`, sent('UpdateArtifactRequest'))).body,
      ).toMatchObject(sent('UpdateArtifactRequest'));
      expect((await api.request('PUT', '/_mock/clock', sent('MockClockUpdate'))).body).toMatchObject({
        mode: 'scaled',
        scale: 60,
      });
      expect((await api.post('/_mock/clock/advance', sent('MockClockAdvance'))).status).toBe(200);
      expect((await api.post('/_mock/reset', sent('MockResetRequest'))).body).toEqual({ reset: 'all' });
    } finally {
      await t.close();
    }
  });

  it('keeps the default of a query parameter whose schema is a reference, as the reference does', async () => {
    const { doc } = await operations();
    const metric = doc.paths['/api/v2/workloads/{workload_id}/stats/{metric_name}'].get;
    const resolution = metric.parameters.find((p: { name: string }) => p.name === 'resolution');
    expect(resolution.schema).toEqual({ $ref: '#/components/schemas/OtelMetricResolution', default: 'P1D' });
  });

  it("names the path below a workload's endpoint `path` and lets a client send any body there", async () => {
    const { doc } = await operations();
    const endpoint = doc.paths['/api/v2/endpoints/workloads/{workload_id}/{path}'];
    expect(endpoint).toBeDefined();
    expect(endpoint.post.parameters.map((p: { name: string }) => p.name)).toEqual(['workload_id', 'path']);
    expect(endpoint.post.requestBody).toEqual({ required: false, content: { '*/*': { schema: {} } } });
    expect(endpoint.get.requestBody).toBeUndefined();
  });
});
