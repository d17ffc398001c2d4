/** Writes the JSON Schema of the fixtures format (for editors) to fixtures/fixtures.schema.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesJsonSchema } from '../src/schemas/fixtures.js';

export const FIXTURES_SCHEMA_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../fixtures/fixtures.schema.json',
);

export function renderFixturesSchema(): string {
  const schema = {
    title: 'workload-api-mock fixtures',
    ...fixturesJsonSchema(),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(FIXTURES_SCHEMA_PATH), { recursive: true });
  writeFileSync(FIXTURES_SCHEMA_PATH, renderFixturesSchema());
  console.log(`wrote ${FIXTURES_SCHEMA_PATH}`);
}
