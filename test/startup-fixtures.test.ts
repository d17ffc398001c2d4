import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/server.js';
import { freePort } from './server-process.js';

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

describe('the start-up banner', () => {
  it('counts tokens and tenants in words that agree with the number', async () => {
    let text = '';
    const banner = new PassThrough().on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const app = await main(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MOCK_CLOCK: 'manual', MOCK_TOKENS: 'abc:team' },
      { banner, handleSignals: false },
    );
    await app.close();
    expect(text).toContain('Tokens     1 mapped token (1 tenant); others are refused');
  });
});
