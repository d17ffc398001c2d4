/** Loading the public Workload API reference (an OpenAPI 3.1 YAML document) for comparison and validation. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the reference usually is: beside the project, in the shared folder. */
export const DEFAULT_REFERENCE_PATH = resolve(ROOT, '../shared/spec/reference/workload-api.openapi.yaml');

/** The API prefix the mock serves under; the reference's paths leave it out. */
export const API_PREFIX = '/api/v2';

export const SCHEMA_REF = '#/components/schemas/';

export function referencePath(): string | null {
  const path = process.env.WORKLOAD_API_REFERENCE ?? DEFAULT_REFERENCE_PATH;
  return existsSync(path) ? path : null;
}

function walk(value: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

export interface LoadedReference {
  document: JsonObject;
  /** References to schemas the document does not define, and what they were pointed at. */
  repaired: { from: string; to: string }[];
}

/**
 * Reads the reference. One repair: the reference refers to a generated name
 * (`workload_api__schemas__permissions__entities__ResourceTypes-Input__1`) it never defines; a
 * dangling reference whose name ends in an existing schema's name (plus an -Input/-Output
 * suffix and a counter) is pointed at that schema, here ResourceTypes.
 */
export function loadReference(path: string): LoadedReference {
  const document = parse(readFileSync(path, 'utf8')) as JsonObject;
  const schemas = ((document.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const repaired: LoadedReference['repaired'] = [];
  walk(document, (node) => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(SCHEMA_REF)) return;
    const name = ref.slice(SCHEMA_REF.length);
    if (schemas[name] !== undefined) return;
    const parts = name.split('__');
    if (parts.length > 1 && /^\d+$/.test(parts.at(-1)!)) parts.pop();
    const base = parts.at(-1)?.replace(/-(Input|Output)$/, '');
    const target = base && schemas[base] !== undefined ? base : null;
    if (target) {
      node.$ref = SCHEMA_REF + target;
      if (!repaired.some((r) => r.from === name)) repaired.push({ from: name, to: target });
    }
  });
  return { document, repaired };
}
