import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { SseClient } from './sse.js';

/** The stream across a real shutdown and restart of the server process (src/server.ts). */
describe('the live stream across a server restart', () => {
  const servers: ServerProcess[] = [];
  const clients: SseClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const server of servers.splice(0)) await server.stop('SIGKILL');
  });

  async function server(port?: number) {
    const started = await startServerProcess({ MOCK_CLOCK: 'manual', MOCK_SEED: 'restart' }, port);
    servers.push(started);
    return started;
  }

  async function stream(url: string, headers: Record<string, string> = {}) {
    const client = await SseClient.open(`${url}/_mock/stream`, headers);
    clients.push(client);
    return client;
  }

  it('does not hold SIGTERM back, and tells a resuming client to re-read after the restart', async () => {
    const first = await server();
    const before = await stream(first.url);
    const advance = await fetch(`${first.url}/_mock/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 5 }),
    });
    expect(advance.status).toBe(200);
    await before.until((c) => c.of('clock').length === 1, 'the clock message');
    const seen = before.lastId!;

    // Shutdown with a stream open: the stream ends and the process exits cleanly (not by its
    // 10-second forced exit, which would be code 1).
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    await before.untilEnded();

    const second = await server(first.port);
    const after = await stream(second.url, { 'last-event-id': seen });
    await after.until((c) => c.messages.length > 0, 'the hello');
    const hello = after.messages[0]!.data;
    expect(hello).toMatchObject({ type: 'hello', resync: true, reason: 'restarted', replayed: 0 });
    expect(hello.type === 'hello' && hello.instance).not.toBe(seen.split('-')[0]);
  }, 60_000);
});
