import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderOpenapi } from '../../scripts/openapi.js';
import type { JsonObject } from '../../scripts/reference.js';
import { laxScalar } from '../../src/schemas/common.js';
import { pointer, readRecordings, routesOf } from './recordings.js';

type Validate = ((data: unknown) => boolean) & {
  errors?: { keyword: string; instancePath: string; params: any }[] | null;
};

const LAX_KINDS = { integer: 'int', number: 'number', boolean: 'boolean' } as const;

/** What the server reads `value` as (pydantic's lax mode) where the schema wants one of `types`. */
function laxRead(value: unknown, types: string[]): unknown {
  for (const type of types) {
    const kind = LAX_KINDS[type as keyof typeof LAX_KINDS];
    const read = kind === undefined ? undefined : laxScalar(value, kind);
    if (read !== undefined) return read;
  }
  return undefined;
}

/**
 * Whether the document accepts `body` as the server reads it: scalars in pydantic's lax mode ("2"
 * is 2, "true" is true, "1_0" is 10; the server's own laxScalar). Only a value the document refuses
 * for its type is read again, as what that type would read it as, so nothing else is loosened.
 */
function acceptsLaxly(validate: Validate, body: unknown): boolean {
  const value = { root: structuredClone(body) } as Record<string, any>;
  for (let round = 0; round < 100; round++) {
    if (validate(value.root)) return true;
    let changed = false;
    for (const error of validate.errors ?? []) {
      if (error.keyword !== 'type') continue;
      const keys = error.instancePath
        .split('/')
        .slice(1)
        .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
      let parent: Record<string, any> = value;
      let key = 'root';
      for (const next of keys) {
        parent = parent[key];
        key = next;
      }
      const read = laxRead(parent[key], String(error.params.type).split(','));
      if (read !== undefined) {
        parent[key] = read;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return false;
}

/**
 * A typed client generated from the mock's own /openapi.json, or a validator fed with it, trusts
 * it. Every exchange the integration tests recorded is held to it: the status is declared, with the
 * content type it came with, the body matches the declared schema, and a body the server accepted
 * (2xx) matches the declared request body.
 */
describe("the integration tests' exchanges", () => {
  it("match the mock's own OpenAPI document", async () => {
    const document = JSON.parse(await renderOpenapi()) as JsonObject;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    ajv.addSchema(document as object, 'mock');
    const validators = new Map<string, Validate>();
    const validatorAt = (ref: string): Validate => {
      let validate = validators.get(ref);
      if (!validate) {
        validate = ajv.compile({ $ref: ref }) as Validate;
        validators.set(ref, validate);
      }
      return validate;
    };
    const errorsOf = (validate: Validate) => ajv.errorsText(validate.errors as never, { separator: '; ' });
    const routes = routesOf(document);
    const failures = new Map<string, { count: number; example: string }>();
    const fail = (key: string, example: string) => {
      const entry = failures.get(key) ?? { count: 0, example: example.slice(0, 300) };
      entry.count++;
      failures.set(key, entry);
    };

    let responses = 0;
    let requests = 0;
    for (const exchange of readRecordings()) {
      const [path] = exchange.url.split('?') as [string];
      // A page that answers HEAD (a workload's endpoint) answers it as its GET, without the body.
      const head = exchange.method === 'HEAD';
      const method = head ? 'get' : exchange.method.toLowerCase();
      const route = routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
      if (!route) {
        // Only what is no operation: an unknown route's 404, or a method's 405.
        if (exchange.status !== 404 && exchange.status !== 405) {
          fail(
            `${exchange.method} ${path}: answered ${exchange.status} but no operation matches`,
            exchange.body,
          );
        }
        continue;
      }
      const where = `${exchange.method} ${route.template}`;
      const operation = (document.paths as any)[route.template][method];
      const base = `mock#/paths/${pointer(route.template)}/${method}`;

      const declared = operation.responses?.[String(exchange.status)];
      if (!declared) {
        fail(`${where}: status ${exchange.status} not declared`, exchange.body);
        continue;
      }
      if (exchange.status === 204 || head) continue;
      const type = exchange.contentType.split(';')[0]!.trim();
      if (!declared.content?.[type]) {
        fail(`${where} ${exchange.status}: content type '${type}' not declared`, exchange.body);
        continue;
      }
      const body = type === 'application/json' ? JSON.parse(exchange.body) : exchange.body;
      const validate = validatorAt(`${base}/responses/${exchange.status}/content/${pointer(type)}/schema`);
      responses++;
      if (!validate(body)) fail(`${where} ${exchange.status}: ${errorsOf(validate)}`, exchange.body);

      if (exchange.requestBody === undefined || exchange.status >= 300) continue;
      if (!operation.requestBody?.content?.['application/json']) continue;
      requests++;
      const validateRequest = validatorAt(`${base}/requestBody/content/application~1json/schema`);
      if (!acceptsLaxly(validateRequest, exchange.requestBody)) {
        fail(
          `${where} request body accepted (${exchange.status}) but refused by the document: ${errorsOf(validateRequest)}`,
          JSON.stringify(exchange.requestBody),
        );
      }
    }
    const report = [...failures].map(([key, { count, example }]) => `${key} (x${count}) e.g. ${example}`);
    console.info(`checked ${responses} responses and ${requests} accepted request bodies`);
    expect(report).toEqual([]);
    expect(responses).toBeGreaterThan(1000);
    expect(requests).toBeGreaterThan(200);
  });
});
