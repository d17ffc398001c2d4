/** Writes the typed client's types, generated from openapi/openapi.json by openapi-typescript, to src/client/schema.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { OPENAPI_PATH } from './openapi.js';

export const CLIENT_TYPES_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../src/client/schema.ts');

const HEADER = `/**
 * Types of the mock's API, generated from openapi/openapi.json by openapi-typescript.
 * Do not edit: run \`npm run openapi\` after changing a schema or route.
 */

`;

export async function renderClientTypes(
  document: string = readFileSync(OPENAPI_PATH, 'utf8'),
): Promise<string> {
  // Defaults are filled by the server: a request may leave those fields out.
  const ast = await openapiTS(JSON.parse(document), { alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CLIENT_TYPES_PATH, await renderClientTypes());
  console.log(`wrote ${CLIENT_TYPES_PATH}`);
}
