import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { T0 } from './helpers.js';

async function loggedApp(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = await buildApp({
    config: { clock: { mode: 'manual', scale: 60, start: T0 } },
    logger: { stream, level },
  });
  return { app, lines };
}

describe('the request log', () => {
  it('says at debug why a request was refused: the status and the detail the client got', async () => {
    const { app, lines } = await loggedApp('debug');
    try {
      const auth = { authorization: 'Bearer tenant-a' };
      const missing = await app.inject({ method: 'GET', url: '/api/v2/workloads/nope', headers: auth });
      expect(missing.statusCode).toBe(404);
      const invalid = await app.inject({
        method: 'POST',
        url: '/api/v2/artifacts',
        headers: auth,
        payload: { name: '' },
      });
      expect(invalid.statusCode).toBe(422);
      const noRoute = await app.inject({ method: 'GET', url: '/api/v2/nothing', headers: auth });
      const noMethod = await app.inject({ method: 'PUT', url: '/api/v2/workloads', headers: auth });
      expect([noRoute.statusCode, noMethod.statusCode]).toEqual([404, 405]);
      const refused = lines.filter((line) => line.msg === 'request refused');
      expect(refused).toEqual([
        expect.objectContaining({ level: 20, statusCode: 404, detail: missing.json().detail }),
        expect.objectContaining({ level: 20, statusCode: 422, detail: invalid.json().detail }),
        expect.objectContaining({ level: 20, statusCode: 404, detail: 'Not Found' }),
        expect.objectContaining({ level: 20, statusCode: 405, detail: 'Method Not Allowed' }),
      ]);
    } finally {
      await app.close();
    }
  });

  it("logs a simulation step that fails as an error in the app's log, the step's error with it", async () => {
    const { app, lines } = await loggedApp('info');
    try {
      app.emulator.clock.after(1, () => {
        throw new Error('step broke');
      });
      app.emulator.clock.advance(2);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 50,
          msg: 'simulation step failed',
          err: expect.objectContaining({ message: 'step broke' }),
        }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('leaves health checks out: they poll, and their lines would drown the rest', async () => {
    const { app, lines } = await loggedApp('info');
    try {
      expect((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode).toBe(200);
      expect(lines).toEqual([]);
      await app.inject({ method: 'GET', url: '/_mock/clock' });
      expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    } finally {
      await app.close();
    }
  });

  it('adds nothing at the default level: one line in, one line out per request', async () => {
    const { app, lines } = await loggedApp('info');
    try {
      await app.inject({
        method: 'GET',
        url: '/api/v2/workloads/nope',
        headers: { authorization: 'Bearer a' },
      });
      expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    } finally {
      await app.close();
    }
  });
});
