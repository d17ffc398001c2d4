import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformance, readAllowed } from '../scripts/conformance.js';
import { allowedBy, compare, keyOf } from '../scripts/conformance-lib.js';
import { type JsonObject, loadReference, referencePath } from '../scripts/reference.js';

const reference = referencePath();

/** A tiny reference: one list route and one create route. */
function referenceDoc(): JsonObject {
  return {
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            { in: 'query', name: 'limit', required: false, schema: { type: 'integer', maximum: 100 } },
            {
              in: 'query',
              name: 'search',
              required: false,
              schema: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            },
          ],
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '403': { description: 'Forbidden' },
          },
        },
        post: {
          operationId: 'createThing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } },
          },
          responses: {
            '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Status: { type: 'string', enum: ['a', 'b'] },
        Thing: {
          type: 'object',
          additionalProperties: false,
          properties: { id: { type: 'string' }, status: { $ref: '#/components/schemas/Status' } },
          required: ['id'],
        },
        NewThing: {
          type: 'object',
          properties: { name: { type: 'string' }, note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
          required: ['name'],
        },
      },
    },
  };
}

/** The same API as the mock would publish it (under /api/v2). */
function mockDoc(change: (doc: any) => void = () => {}): JsonObject {
  const doc: any = structuredClone(referenceDoc());
  doc.paths = { '/api/v2/things': doc.paths['/things'] };
  doc.paths['/api/v2/things'].get.parameters[1].schema = { type: 'string' };
  change(doc);
  return doc;
}

function differences(change: (doc: any) => void) {
  return compare(referenceDoc(), mockDoc(change)).map((d) => `${d.compatible ? 'ok' : 'FAIL'} ${keyOf(d)}`);
}

describe('conformance comparison', () => {
  it('finds nothing between a document and itself under the /api/v2 prefix', () => {
    expect(differences(() => {})).toEqual([]);
  });

  it('fails on what a client of the reference would notice', () => {
    expect(differences((doc) => delete doc.paths['/api/v2/things'].post)).toEqual([
      'FAIL POST /things: operation missing from the mock',
    ]);
    expect(
      differences((doc) => {
        doc.paths['/api/v2/things'].get.parameters[0].schema = { type: 'string' };
        doc.paths['/api/v2/things'].get.parameters.pop();
      }),
    ).toEqual([
      'FAIL GET /things query parameter limit: type is string in the mock, integer in the reference',
      'FAIL GET /things query parameter search: missing from the mock',
    ]);
    expect(
      differences((doc) => {
        const responses = doc.paths['/api/v2/things'].post.responses;
        responses['200'] = responses['201'];
        delete responses['201'];
      }),
    ).toEqual([
      'FAIL POST /things: status 200 only in the mock',
      'FAIL POST /things: status 201 missing from the mock',
    ]);
    expect(differences((doc) => (doc.paths['/api/v2/things'].get.operationId = 'things'))).toEqual([
      'FAIL GET /things: operationId is things in the mock, listThings in the reference',
    ]);
    expect(
      differences((doc) => {
        doc.components.schemas.Status.enum.push('c');
        delete doc.components.schemas.Thing.properties.status;
        doc.components.schemas.Thing.properties.extra = { type: 'string' };
        doc.components.schemas.NewThing.required.push('note');
      }),
    ).toEqual([
      'FAIL schema Status: enum value "c" only in the mock',
      'FAIL schema Thing.status: property missing from the mock',
      'FAIL schema Thing.extra: property only in the mock',
      'FAIL schema NewThing.note: required in the mock only',
    ]);
    expect(differences((doc) => delete doc.components.schemas.NewThing)).toContain(
      'FAIL schema NewThing: missing from the mock',
    );
  });

  it('lets pass, but prints, what a client of the reference cannot notice', () => {
    expect(
      differences((doc) => {
        doc.components.schemas.Thing.required.push('status');
        doc.components.schemas.NewThing.required = [];
        delete doc.paths['/api/v2/things'].get.responses['403'];
        doc.paths['/api/v2/things'].get.parameters.push({
          in: 'query',
          name: 'fast',
          schema: { type: 'boolean' },
        });
        doc.components.schemas.MockOnly = { type: 'string' };
      }),
    ).toEqual([
      'ok GET /things query parameter fast: only in the mock',
      'ok GET /things: status 403 missing from the mock',
      'ok schema Thing.status: required in the mock only',
      'ok schema NewThing.name: required in the reference only',
      'ok schema MockOnly: only in the mock',
    ]);
  });

  it('matches allowed entries by glob on the whole key', () => {
    const entries = [{ match: ['schema Status: enum value "*" only in the mock'], reason: 'seeds' }];
    expect(allowedBy('schema Status: enum value "c" only in the mock', entries)).toBe(entries[0]);
    expect(allowedBy('schema Status: enum value "c" missing from the mock', entries)).toBeUndefined();
    expect(allowedBy('schema Statuses: enum value "c" only in the mock', entries)).toBeUndefined();
  });

  it('allows what any glob of an entry matches, and reads a single glob as a list of one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'allowed-')), 'allowed.yaml');
    writeFileSync(
      path,
      [
        '- match: ["schema Status: enum value \\"a\\" only in the mock", "schema Status: enum value \\"b\\" only in the mock"]',
        '  reason: seeds',
        '- match: "GET /x: operation only in the mock"',
        '  reason: mock',
      ].join('\n'),
    );
    const entries = readAllowed(path);
    expect(entries.map((entry) => entry.match.length)).toEqual([2, 1]);
    expect(allowedBy('schema Status: enum value "b" only in the mock', entries)).toBe(entries[0]);
    expect(allowedBy('schema Status: enum value "c" only in the mock', entries)).toBeUndefined();
    expect(allowedBy('GET /x: operation only in the mock', entries)).toBe(entries[1]);
    writeFileSync(path, '- match: []\n  reason: none\n');
    expect(() => readAllowed(path)).toThrow(/needs a match/);
  });
});

describe.runIf(reference)('conformance with the public reference', () => {
  it('has every route of the reference and no unlisted difference', async () => {
    const report = await conformance(reference!);
    expect(report.unlisted.map(keyOf)).toEqual([]);
    expect(report.differences.filter((d) => d.what === 'operation missing from the mock').map(keyOf)).toEqual(
      [],
    );
    expect(report.unusedGlobs).toEqual([]);
  });

  it('reads the reference with its one dangling reference repaired', () => {
    const { repaired } = loadReference(reference!);
    expect(repaired).toEqual([
      { from: 'workload_api__schemas__permissions__entities__ResourceTypes-Input__1', to: 'ResourceTypes' },
    ]);
  });
});
