import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, renderOpenapi } from '../scripts/openapi.js';

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
          if (status === '204') continue;
          expect(
            response.content?.['application/json']?.schema ??
              response.content?.['text/plain']?.schema ??
              response.content?.['text/event-stream']?.schema,
            `${method} ${path} ${status}`,
          ).toBeTruthy();
        }
        if (path.startsWith('/api/v2/')) {
          expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '422']));
        }
      }
    }
  });
});
