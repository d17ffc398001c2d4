import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderOpenapi } from '../../scripts/openapi.js';
import type { JsonObject } from '../../scripts/reference.js';
import { pointer, readRecordings, routesOf } from './recordings.js';

/**
 * A copy of a request body for a coercing validator (which writes into the value it checks). Python's
 * int() reads digit groups ("1_0"), as the server does; JSON Schema coercion does not, so they are
 * read as their number first. A string field holding such text would fail here, never pass wrongly.
 */
function asCoercible(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[-+]?\d+(_\d+)+\s*$/.test(value))
    return Number(value.replaceAll('_', ''));
  if (Array.isArray(value)) return value.map(asCoercible);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asCoercible(item)]));
  }
  return value;
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
    const validatorsOf = (options: { coerceTypes: boolean }) => {
      const ajv = new Ajv2020({ strict: false, allErrors: true, ...options });
      ajvFormats.default(ajv);
      ajv.addSchema(document as object, 'mock');
      const validators = new Map<string, ReturnType<typeof ajv.compile>>();
      return (ref: string) => {
        let validate = validators.get(ref);
        if (!validate) {
          validate = ajv.compile({ $ref: ref });
          validators.set(ref, validate);
        }
        return validate;
      };
    };
    const errorsOf = (validate: { errors?: unknown }) =>
      new Ajv2020().errorsText(validate.errors as never, { separator: '; ' });
    const responseValidator = validatorsOf({ coerceTypes: false });
    // The server reads scalars as pydantic's lax mode does ("2" is 2, "true" is true); the document
    // gives their types, and a client sending the strings is answered as if it had sent the values.
    const requestValidator = validatorsOf({ coerceTypes: true });
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
      const method = exchange.method.toLowerCase();
      const route = routes.find((r) => r.method === exchange.method && r.pattern.test(path));
      // Not an operation (an unknown route's 404 or 405), or one with many segments below a workload's endpoint.
      if (!route) continue;
      const where = `${exchange.method} ${route.template}`;
      const operation = (document.paths as any)[route.template][method];
      const base = `mock#/paths/${pointer(route.template)}/${method}`;

      const declared = operation.responses?.[String(exchange.status)];
      if (!declared) {
        fail(`${where}: status ${exchange.status} not declared`, exchange.body);
        continue;
      }
      if (exchange.status === 204) continue;
      const type = exchange.contentType.split(';')[0]!.trim();
      if (!declared.content?.[type]) {
        fail(`${where} ${exchange.status}: content type '${type}' not declared`, exchange.body);
        continue;
      }
      const body = type === 'application/json' ? JSON.parse(exchange.body) : exchange.body;
      const validate = responseValidator(
        `${base}/responses/${exchange.status}/content/${pointer(type)}/schema`,
      );
      responses++;
      if (!validate(body)) fail(`${where} ${exchange.status}: ${errorsOf(validate)}`, exchange.body);

      if (exchange.requestBody === undefined || exchange.status >= 300) continue;
      if (!operation.requestBody?.content?.['application/json']) continue;
      requests++;
      const validateRequest = requestValidator(`${base}/requestBody/content/application~1json/schema`);
      if (!validateRequest(asCoercible(exchange.requestBody))) {
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
