import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ArtifactFormatted, ImageBuildConfig } from '../src/schemas/artifact.js';
import { UnprocessableResponse } from '../src/schemas/common.js';
import { createSerializerCompiler, outputJsonSchema, serializerSchema } from '../src/schemas/compilers.js';
import { RelatedEntitiesResponse } from '../src/schemas/stats.js';

function serializer(schema: z.ZodType): (data: unknown) => string {
  const compile = createSerializerCompiler({ strict: false });
  return compile({ schema, method: 'GET', url: '/', httpStatus: '200' }) as (data: unknown) => string;
}

/** The unions fast-json-stringify would pick a branch of by validating the whole value against each. */
function unionsIn(schema: z.ZodType): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'anyOf' || key === 'oneOf') found.push(`${path}.${key}`);
      if (key !== 'enum' && key !== 'const') walk(value, `${path}.${key}`);
    }
  };
  walk(serializerSchema(outputJsonSchema(schema)), '$');
  return found;
}

const Shape = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('circle'), radius: z.number() }),
  z.strictObject({ kind: z.literal('square'), side: z.number() }),
  z.strictObject({ kind: z.literal('label'), text: z.string() }),
]);

describe('response serialisation', () => {
  it("writes a discriminated union's value with its branch's fields, in their order, and nothing undeclared", () => {
    expect(unionsIn(Shape)).toEqual([]);
    const write = serializer(Shape);
    expect(write({ kind: 'square', side: 2, internal: true })).toBe('{"kind":"square","side":2}');
    expect(write({ kind: 'circle', radius: 1, secret: 'x' })).toBe('{"kind":"circle","radius":1}');
    expect(write({ text: 'x', kind: 'label' })).toBe('{"kind":"label","text":"x"}');
  });

  it("leaves no union to validate in an artifact (the first answer compiled the validators for 300 ms), and writes no branch's default into another", () => {
    expect(unionsIn(ArtifactFormatted)).toEqual([]);
    const write = serializer(ImageBuildConfig);
    const generated = {
      codeRef: null,
      dockerfile: {
        source: 'generated',
        executionEnvironmentId: 'e',
        executionEnvironmentVersionId: 'v',
        entrypoint: ['run'],
      },
    };
    expect(JSON.parse(write(generated))).toEqual(generated);
    const provided = { codeRef: null, dockerfile: { source: 'provided', path: './Dockerfile' } };
    expect(JSON.parse(write(provided))).toEqual(provided);
  });

  it('keeps a union whose branches disagree on a field, and writes either by its shape', () => {
    // The 422 body: detail is a list of errors, or one message.
    expect(unionsIn(UnprocessableResponse)).toEqual(['$.anyOf']);
    const write = serializer(UnprocessableResponse);
    expect(write({ detail: 'Invalid' })).toBe('{"detail":"Invalid"}');
    const errors = { detail: [{ loc: ['body', 0], msg: 'bad', type: 'value_error' }] };
    expect(JSON.parse(write(errors))).toEqual(errors);
  });

  it('keeps a union whose merge would change the order a branch is written in (required fields go first)', () => {
    expect(unionsIn(RelatedEntitiesResponse)).toEqual(['$.properties.data.items.anyOf']);
    const item = {
      permissions: ['CAN_VIEW'],
      updatedAt: '2026-01-01T00:00:01.000+00:00',
      createdAt: '2026-01-01T00:00:00.000+00:00',
      creator: null,
      type: 'workload',
      name: 'w',
      id: 'a',
    };
    expect(serializer(RelatedEntitiesResponse)({ data: [item, { type: 'artifact', id: 'b' }] })).toBe(
      '{"data":[{"id":"a","name":"w","type":"workload","createdAt":"2026-01-01T00:00:00.000+00:00","updatedAt":"2026-01-01T00:00:01.000+00:00","creator":null,"permissions":["CAN_VIEW"]},{"id":"b","type":"artifact"}]}',
    );
  });

  it('keeps a union whose branches order their shared fields differently', () => {
    const Either = z.union([
      z.strictObject({ id: z.string(), name: z.string() }),
      z.strictObject({ name: z.string(), id: z.string(), size: z.number() }),
    ]);
    expect(unionsIn(Either)).toEqual(['$.anyOf']);
    const write = serializer(Either);
    expect(write({ id: 'a', name: 'n' })).toBe('{"id":"a","name":"n"}');
    expect(write({ name: 'b', id: 'b', size: 3 })).toBe('{"name":"b","id":"b","size":3}');
  });
});
