/** Writes the OpenAPI document generated from the zod schemas to openapi/openapi.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { openapiDocument } from '../src/openapi.js';

export const OPENAPI_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../openapi/openapi.json');

export async function renderOpenapi(): Promise<string> {
  const app = await buildApp({ config: { clock: { mode: 'manual', scale: 1, start: 0 } } });
  try {
    return `${JSON.stringify(openapiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await renderOpenapi();
  mkdirSync(dirname(OPENAPI_PATH), { recursive: true });
  writeFileSync(OPENAPI_PATH, text);
  console.log(`wrote ${OPENAPI_PATH}`);
}
