import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../src/server.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

describe('starting with fixtures', () => {
  it('answers no request before the fixtures are in: the first answer already lists them', async () => {
    const port = await freePort();
    const starting = main(
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        MOCK_CLOCK: 'manual',
        MOCK_FIXTURES: 'fixtures/demo.json',
      },
      { banner: null, handleSignals: false },
    );
    // Poll as a client waiting for the server would, from before it listens.
    let first: { totalCount: number } | null = null;
    for (let attempt = 0; attempt < 2000 && first === null; attempt++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v2/workloads`, {
          headers: { authorization: 'Bearer demo' },
        });
        first = (await response.json()) as { totalCount: number };
      } catch {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const app = await starting;
    try {
      expect(first).not.toBeNull();
      expect(first!.totalCount).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
