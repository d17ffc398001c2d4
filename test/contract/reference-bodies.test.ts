import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readAllowed } from '../../scripts/conformance.js';
import { allowedBy, compare, type Difference } from '../../scripts/conformance-lib.js';
import { renderOpenapi } from '../../scripts/openapi.js';
import { API_PREFIX, type JsonObject, loadReference, referencePath } from '../../scripts/reference.js';
import { pointer, readRecordings, routesOf } from './recordings.js';

const reference = referencePath();

/**
 * The reference as the mock is allowed to differ from it: the properties and enum values that
 * conformance/allowed-differences.yaml allows are added, so a response is held to everything else.
 */
async function allowedReference(path: string): Promise<{ document: JsonObject; patched: string[] }> {
  const { document } = loadReference(path);
  const mock = JSON.parse(await renderOpenapi()) as JsonObject;
  const entries = readAllowed();
  const schemas = (document.components as any).schemas as Record<string, any>;
  const patched: string[] = [];
  const allowed = compare(document, mock).filter((d: Difference) =>
    allowedBy(`${d.where}: ${d.what}`, entries),
  );
  for (const difference of allowed) {
    const property = /^schema (\w+)\.(\w+)$/.exec(difference.where);
    if (property && difference.what === 'property only in the mock') {
      const [, name, field] = property;
      schemas[name!].properties[field!] = {};
      patched.push(`${name}.${field}`);
    }
    const value = /^enum value "(.*)" only in the mock$/.exec(difference.what);
    const enumSchema = /^schema (\w+)$/.exec(difference.where);
    if (value && enumSchema) {
      schemas[enumSchema[1]!].enum.push(value[1]);
      patched.push(`${enumSchema[1]}=${value[1]}`);
    }
  }
  return { document, patched };
}

describe.runIf(reference)('response bodies of the integration tests', () => {
  it('match the reference schemas (draft 2020-12), within the allowed differences', async () => {
    const { document, patched } = await allowedReference(reference!);
    expect(patched.length).toBeGreaterThan(0);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    ajv.addSchema(document as object, 'reference');
    const routes = routesOf(document);
    const validators = new Map<string, ReturnType<typeof ajv.compile>>();
    const recordings = readRecordings();
    expect(recordings.length).toBeGreaterThan(500);

    const failures = new Map<string, { count: number; example: string }>();
    const covered = new Set<string>();
    let validated = 0;
    for (const response of recordings) {
      const [path] = response.url.split('?') as [string];
      if (!path.startsWith(`${API_PREFIX}/`)) continue;
      const relative = path.slice(API_PREFIX.length);
      const route = routes.find((r) => r.method === response.method && r.pattern.test(relative));
      if (!route) continue;
      const operation = (document.paths as any)[route.template][response.method.toLowerCase()];
      const declared = operation.responses?.[String(response.status)];
      const type = response.contentType.includes('json')
        ? 'application/json'
        : response.contentType.split(';')[0]!;
      const schema = declared?.content?.[type]?.schema;
      if (!schema) continue;
      const ref = `reference#/paths/${pointer(route.template)}/${response.method.toLowerCase()}/responses/${response.status}/content/${pointer(type)}/schema`;
      let validate = validators.get(ref);
      if (!validate) {
        validate = ajv.compile({ $ref: ref });
        validators.set(ref, validate);
      }
      const body = type === 'application/json' ? JSON.parse(response.body) : response.body;
      validated++;
      covered.add(`${response.method} ${route.template} ${response.status}`);
      if (!validate(body)) {
        const errors = ajv.errorsText(validate.errors, { separator: '; ' });
        const key = `${response.method} ${route.template} ${response.status}: ${errors}`;
        const entry = failures.get(key) ?? { count: 0, example: response.body.slice(0, 300) };
        entry.count++;
        failures.set(key, entry);
      }
    }
    const report = [...failures].map(([key, { count, example }]) => `${key} (x${count}) e.g. ${example}`);
    console.info(
      `validated ${validated} bodies of ${covered.size} operation statuses; patched ${patched.join(', ')}`,
    );
    expect(report).toEqual([]);
    expect(validated).toBeGreaterThan(300);
    // Most operations of the reference answered at least once with a body the reference describes.
    expect(covered.size).toBeGreaterThanOrEqual(30);
  });
});
