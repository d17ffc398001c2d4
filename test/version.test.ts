import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadReference, referencePath } from '../scripts/reference.js';
import { createTestApp, type TestApp } from './helpers.js';

const reference = referencePath();

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ tokens: new Map([['team-token', 'team']]) });
});
afterEach(() => t.close());

describe('GET /version', () => {
  it("answers the DataRobot Python client's first question, as it asks it", async () => {
    // datarobot.Client(...) sends `Authorization: Token <token>` to `<endpoint>/version/`.
    const asked = await t.client(null).request('GET', '/api/v2/version/', undefined, {
      authorization: 'Token team-token',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({
      major: 2,
      minor: expect.any(Number),
      versionString: expect.stringMatching(/^2\.(\d+)\.\d+$/),
      releasedVersion: expect.any(String),
    });
    expect(asked.body.versionString).toBe(`${asked.body.major}.${asked.body.minor}.0`);
    // Its 401 tells the client's user that the token is wrong.
    expect((await t.client('stranger').get('version')).status).toBe(401);
    expect((await t.client(null).get('version')).status).toBe(401);
  });

  it.runIf(reference)('names the release of the reference the mock follows', async () => {
    const { document } = loadReference(reference!);
    const release = (document.info as { version: string }).version;
    const answer = await t.client('team-token').get('version');
    expect(answer.body.releasedVersion).toMatch(new RegExp(`^${release.replaceAll('.', '\\.')}\\.\\d+$`));
  });
});
