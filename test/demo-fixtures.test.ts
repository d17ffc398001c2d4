import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_SCHEMA_PATH, renderFixturesSchema } from '../scripts/fixtures-schema.js';
import { buildApp } from '../src/app.js';
import { FixtureError } from '../src/domain/fixtures.js';
import type { FixturesInput } from '../src/schemas/fixtures.js';
import { Client, T0 } from './helpers.js';

const DEMO = new URL('../fixtures/demo.json', import.meta.url).pathname;
const manual = { clock: { mode: 'manual' as const, scale: 60, start: T0 }, seed: 'fixtures' };

describe('the demo fixtures (fixtures/demo.json)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let api: Client;
  const byName: Record<string, any> = {};

  beforeAll(async () => {
    // MOCK_FIXTURES, as the server reads it.
    app = await buildApp({ config: { ...manual, fixtures: DEMO }, strictResponses: true });
    api = new Client(app, 'demo');
    for (const workload of (await api.get('workloads?limit=100')).body.data) byName[workload.name] = workload;
  });
  afterAll(() => app.close());

  it('plays its three-hour timeline so that it ends at the clock start', () => {
    expect(app.fixtures).toMatchObject({
      tenants: 2,
      artifacts: 10,
      workloads: 7,
      faults: 2,
      seconds: 3 * 3600,
    });
    expect(app.emulator.clock.now()).toBe(T0);
    expect(byName['support-agent-prod'].createdAt).toBe('2025-12-31T21:00:00.000+00:00');
    expect(byName['image-resizer'].createdAt).toBe('2025-12-31T23:40:00.000+00:00');
  });

  it('has several artifacts, draft and locked, versions of one repository among them', async () => {
    const artifacts = (await api.get('artifacts?limit=100')).body.data;
    expect(artifacts.map((a: any) => `${a.name}:${a.status}:${a.version}`)).toEqual([
      'support-agent:locked:1',
      'embeddings-api:locked:1',
      'fraud-scorer:locked:1',
      'nightly-report:locked:1',
      'support-agent:locked:2',
      'fraud-scorer:locked:2',
      'support-agent 1.6.0-rc1:draft:null',
      'image-resizer:locked:1',
      'support-agent 1.6.0-rc2:draft:null',
    ]);
    const supportAgent = artifacts.filter((a: any) => a.name.startsWith('support-agent'));
    expect(new Set(supportAgent.map((a: any) => a.artifactRepositoryId)).size).toBe(1);
  });

  it('shows every state: running on several replicas, errored by a fault, stopped, replacing, with history', async () => {
    expect(Object.fromEntries(Object.entries(byName).map(([name, w]) => [name, w.status]))).toEqual({
      'support-agent-prod': 'running',
      'embeddings-api-prod': 'running',
      'fraud-scorer-prod': 'running',
      'nightly-report': 'stopped',
      'support-agent-staging': 'running',
      'image-resizer': 'errored',
    });

    const prod = byName['support-agent-prod'];
    expect(prod.runtime.containerGroups[0].replicaCount).toBe(4);
    const details = await api.get(`workloads/${prod.id}/protons/${prod.protonId}/statusDetails`);
    expect(details.body.replicas).toHaveLength(4);
    const history = (await api.get(`workloads/${prod.id}/history`)).body.data;
    expect(history.map((r: any) => r.status)).toEqual(['completed', 'completed']);
    expect(prod.artifact.version).toBe(2);

    const embeddings = byName['embeddings-api-prod'];
    const embeddingsDetails = await api.get(
      `workloads/${embeddings.id}/protons/${embeddings.protonId}/statusDetails`,
    );
    expect(embeddingsDetails.body.replicas).toHaveLength(2);

    const resizer = byName['image-resizer'];
    const resizerDetails = await api.get(`workloads/${resizer.id}/protons/${resizer.protonId}/statusDetails`);
    expect(JSON.stringify(resizerDetails.body)).toContain('CrashLoopBackOff');

    const staging = byName['support-agent-staging'];
    expect(staging.replacement).toMatchObject({ status: 'initializing', strategy: 'rolling' });
    expect((await api.get(`workloads/${staging.id}/replacement`)).body.status).toBe('initializing');

    const fraud = byName['fraud-scorer-prod'];
    expect(fraud.artifact.version).toBe(1);
    const failed = (await api.get(`workloads/${fraud.id}/replacement`)).body;
    expect(failed).toMatchObject({ status: 'errored', message: expect.stringContaining('ImagePullBackOff') });
  });

  it('has a second tenant, unseen by the first: an autoscaled workload whose draft was promoted', async () => {
    const research = new Client(app, 'research');
    const [notebook] = (await research.get('workloads')).body.data;
    expect(notebook).toMatchObject({ name: 'notebook-api', status: 'running' });
    expect(notebook.artifact).toMatchObject({ status: 'locked', version: 1 });
    const details = await research.get(`workloads/${notebook.id}/protons/${notebook.protonId}/statusDetails`);
    expect(details.body.replicas).toHaveLength(2);
    const history = (await research.get(`workloads/${notebook.id}/history`)).body.data;
    expect(history.map((r: any) => r.status)).toEqual(['completed']);
    expect((await api.get(`workloads/${notebook.id}`)).status).toBe(404);
  });

  it('declares its faults through the same registry as POST /_mock/faults', async () => {
    const faults = (await app.inject({ method: 'GET', url: '/_mock/faults' })).json().data;
    expect(faults.map((f: any) => [f.fault, f.match])).toEqual([
      ['ImagePullBackOff', { imageUri: 'registry.example.com/acme/fraud-scorer:2.1.*' }],
      ['CrashLoopBackOff', { workloadId: byName['image-resizer'].id }],
    ]);
  });

  it('is found by its relative path from any working directory, as the package ships it', async () => {
    const before = process.cwd();
    process.chdir(tmpdir());
    try {
      const elsewhere = await buildApp({ config: { ...manual, fixtures: 'fixtures/demo.json' } });
      const listed = await new Client(elsewhere, 'demo').get('workloads?limit=100');
      expect(listed.body.totalCount).toBe(Object.keys(byName).length);
      await elsewhere.close();
    } finally {
      process.chdir(before);
    }
  });

  it('gives way to a file of that relative path in the working directory', async () => {
    const before = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'own-fixtures-'));
    mkdirSync(join(dir, 'fixtures'));
    writeFileSync(
      join(dir, 'fixtures/demo.json'),
      JSON.stringify({ version: 1, tenants: [{ token: 'demo' }] }),
    );
    process.chdir(dir);
    try {
      const own = await buildApp({ config: { ...manual, fixtures: 'fixtures/demo.json' } });
      expect(own.fixtures).toMatchObject({ tenants: 1, artifacts: 0, workloads: 0 });
      await own.close();
    } finally {
      process.chdir(before);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps going on the clock: the staging replacement completes', async () => {
    const staging = byName['support-agent-staging'];
    app.emulator.clock.advance(2 * 3600);
    const history = (await api.get(`workloads/${staging.id}/history`)).body.data;
    expect(history[0].status).toBe('completed');
    expect((await api.get(`workloads/${staging.id}`)).body.artifact.name).toBe('support-agent 1.6.0-rc2');
  });
});

describe('a bad fixtures file stops the start with the bad entry and the reason', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const artifact = (key: string, extra: Record<string, unknown> = {}) => ({
    key,
    name: key,
    status: 'locked',
    spec: {
      containerGroups: [
        {
          containers: [{ name: 'app', imageUri: `registry.example.com/${key}:1`, port: 8080, primary: true }],
        },
      ],
    },
    ...extra,
  });
  const document = (workloads: unknown[], extra: Record<string, unknown> = {}): FixturesInput =>
    ({
      version: 1,
      tenants: [{ token: 't', artifacts: [artifact('one'), artifact('two', { at: '10m' })], workloads }],
      ...extra,
    }) as FixturesInput;

  async function problem(fixtures: unknown): Promise<string> {
    const path = join(dir, `case-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof fixtures === 'string' ? fixtures : JSON.stringify(fixtures));
    const built = buildApp({ config: { ...manual, fixtures: path } });
    await expect(built).rejects.toBeInstanceOf(FixtureError);
    const message = ((await built.catch((error: unknown) => error)) as Error).message;
    expect(message.startsWith(`fixtures file ${path}: `)).toBe(true);
    return message.slice(`fixtures file ${path}: `.length);
  }

  it.each([
    ['a file that is not JSON', '{"version": 1,', /^not valid JSON/],
    [
      'a file that is not JSON, on its third line',
      '{\n  "version": 1,\n  tenants: []\n}',
      /^not valid JSON: .* at position 20 \(line 3, column 3\)$/,
    ],
    [
      'a build fault on a workload (builds belong to artifacts)',
      document([{ key: 'w', name: 'w', artifact: 'one', faults: [{ fault: 'BuildFailed' }] }]),
      /^tenants\[0\]\.workloads\[0\]\.faults\[0\]\.fault: Input should be 'ImagePullBackOff', .* or 'ErrorRate'$/,
    ],
    ['a missing file', null, /^fixtures file \S+absent\.json: ENOENT/],
    [
      'a field of the wrong type',
      document([
        { key: 'w', name: 'w', artifact: 'one', runtime: { containerGroups: [{ replicaCount: 0 }] } },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.runtime\.containerGroups\[0\]\.replicaCount: Input should be greater than or equal to 1$/,
    ],
    [
      'an unknown action',
      document([{ key: 'w', name: 'w', artifact: 'one', actions: [{ do: 'explode', at: 0 }] }]),
      /^tenants\[0\]\.workloads\[0\]\.actions\[0\]: Input tag 'explode' found using 'do' does not match/,
    ],
    [
      'a reference to no artifact',
      document([{ key: 'w', name: 'w', artifact: 'three' }]),
      /^tenants\[0\]\.workloads\[0\]\.artifact: no artifact has the key "three"$/,
    ],
    [
      'a key used twice',
      document([
        { key: 'w', name: 'w', artifact: 'one' },
        { key: 'w', name: 'w2', artifact: 'one' },
      ]),
      /^tenants\[0\]\.workloads\[1\]\.key: two workloads have the key "w": this one and tenants\[0\]\.workloads\[0\]$/,
    ],
    [
      'an operation the API refuses',
      document([
        { key: 'w', name: 'w', artifact: 'one', actions: [{ do: 'replace', at: '5m', artifact: 'one' }] },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.actions\[0\]: The workload already runs locked artifact "one"; .* \(at 300s on the timeline\)$/,
    ],
    [
      'a runtime naming a container the artifact lacks',
      document([
        {
          key: 'w',
          name: 'w',
          artifact: 'one',
          runtime: { containerGroups: [{ name: 'default', containers: [{ name: 'ghost' }] }] },
        },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.runtime\.containerGroups\[0\]\.containers\[0\]\.name: .*ghost/,
    ],
    [
      'an action replacing with no artifact of the file',
      document([
        { key: 'w', name: 'w', artifact: 'one', actions: [{ do: 'replace', at: '5m', artifact: 'nine' }] },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.actions\[0\]\.artifact: no artifact has the key "nine"$/,
    ],
    [
      "a reference to another tenant's artifact",
      {
        ...document([]),
        tenants: [
          ...document([]).tenants,
          { token: 'u', workloads: [{ key: 'w', name: 'w', artifact: 'one' }] },
        ],
      },
      /^tenants\[1\]\.workloads\[0\]\.artifact: the artifact "one" belongs to another tenant$/,
    ],
    [
      'a new version of no artifact of the file',
      document([], { tenants: [{ token: 't', artifacts: [artifact('one', { repository: 'zero' })] }] }),
      /^tenants\[0\]\.artifacts\[0\]\.repository: no artifact has the key "zero"$/,
    ],
    [
      'a fault matching no artifact of the file',
      document([], { faults: [{ match: { artifact: 'nothing' }, fault: 'CrashLoopBackOff' }] }),
      /^faults\[0\]\.match\.artifact: no artifact has the key "nothing"$/,
    ],
    [
      'a workload of an artifact with nothing to run, located at the key that names it',
      {
        version: 1,
        tenants: [
          {
            token: 't',
            artifacts: [{ key: 'empty', name: 'empty', status: 'locked', spec: { containerGroups: [] } }],
            workloads: [{ key: 'w', name: 'w', artifact: 'empty' }],
          },
        ],
      },
      /^tenants\[0\]\.workloads\[0\]\.artifact: Value error, artifact "empty" declares no container to run \(at 0s on the timeline\)$/,
    ],
    [
      'a new version of another type than its repository, located at the key that names it',
      document([], {
        tenants: [
          { token: 't', artifacts: [artifact('one'), artifact('two', { repository: 'one', type: 'nim' })] },
        ],
      }),
      /^tenants\[0\]\.artifacts\[1\]\.repository: Value error, the repository holds service artifacts, not nim \(at 0s on the timeline\)$/,
    ],
    [
      'a fault matching no workload of the file',
      document([], { faults: [{ match: { workload: 'nobody' }, fault: 'CrashLoopBackOff' }] }),
      /^faults\[0\]\.match\.workload: no workload has the key "nobody"$/,
    ],
    [
      'an artifact used before it exists',
      document([{ key: 'w', name: 'w', artifact: 'two' }]),
      /^tenants\[0\]\.workloads\[0\]: the artifact "two" does not exist at this time \(created later, or deleted\) \(at 0s on the timeline\)$/,
    ],
    [
      'an action on a workload the file deleted a second before, its record still kept',
      document([
        {
          key: 'w',
          name: 'w',
          artifact: 'one',
          actions: [
            { do: 'delete', at: '1m' },
            { do: 'stop', at: '1m1s' },
          ],
        },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.actions\[1\]: the workload "w" does not exist at this time \(created later, or deleted\) \(at 61s on the timeline\)$/,
    ],
    [
      'a fault on an artifact, named by a key such as constructor, before it exists',
      {
        version: 1,
        tenants: [{ token: 't', artifacts: [artifact('constructor', { at: '10m' })] }],
        faults: [{ at: 0, match: { artifact: 'constructor' }, fault: 'CrashLoopBackOff' }],
      },
      /^faults\[0\]: the artifact "constructor" does not exist at this time/,
    ],
    [
      'a timeline shorter than its entries',
      document([{ key: 'w', name: 'w', artifact: 'one', actions: [{ do: 'stop', at: '2h' }] }], {
        duration: '1h',
      }),
      /^duration: the timeline ends at 3600s, before its last entry at 7200s$/,
    ],
    [
      "a timeline longer than the clock can rewind (it ends at the clock's start)",
      document([{ key: 'w', name: 'w', artifact: 'one' }], { duration: '800000d' }),
      /^duration: a timeline of 69120000000s ending at 2026-01-01T00:00:00\.000\+00:00 would start before the year 1$/,
    ],
    [
      'an entry later than the clock can rewind, the file giving no duration (no field to blame)',
      document([{ key: 'w', name: 'w', artifact: 'one', at: '800000d' }]),
      /^a timeline of 69120000120s ending at 2026-01-01T00:00:00\.000\+00:00 would start before the year 1$/,
    ],
    [
      'a number written as text',
      document([
        { key: 'w', name: 'w', artifact: 'one', runtime: { containerGroups: [{ replicaCount: '2' }] } },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.runtime\.containerGroups\[0\]\.replicaCount: Input should be a number, written without quotes \(the file takes JSON numbers\)$/,
    ],
    [
      'text that is no number where a number goes, blank text too: not said to be a number in quotes',
      document([
        { key: 'w', name: 'w', artifact: 'one', runtime: { containerGroups: [{ replicaCount: 'two' }] } },
        { key: 'v', name: 'v', artifact: 'one', runtime: { containerGroups: [{ replicaCount: ' ' }] } },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.runtime\.containerGroups\[0\]\.replicaCount: Input should be a valid integer, unable to parse string as an integer; tenants\[0\]\.workloads\[1\]\.runtime\.containerGroups\[0\]\.replicaCount: Input should be a valid integer, unable to parse string as an integer$/,
    ],
    [
      'an integer field worded as the API words it, a decimal one too',
      document([
        { key: 'w', name: 'w', artifact: 'one', runtime: { containerGroups: [{ replicaCount: true }] } },
        {
          key: 'v',
          name: 'v',
          artifact: 'one',
          runtime: {
            containerGroups: [{ containers: [{ name: 'c', resourceAllocation: { cpu: 'lots' } }] }],
          },
        },
      ]),
      /^tenants\[0\]\.workloads\[0\]\.runtime\.containerGroups\[0\]\.replicaCount: Input should be a valid integer; tenants\[0\]\.workloads\[1\]\.runtime\.containerGroups\[0\]\.containers\[0\]\.resourceAllocation\.cpu: Input should be a valid number, unable to parse string as a number$/,
    ],
    [
      'a token no client could send as a Bearer token',
      { version: 1, tenants: [{ token: 't ' }] },
      /^tenants\[0\]\.token: Value error, a token is printable ASCII with no space at either end/,
    ],
    [
      'a fault later than POST /_mock/faults takes',
      {
        version: 1,
        tenants: [{ token: 't' }],
        faults: [{ match: { imageUri: '*' }, fault: 'NeverReady', afterSeconds: 4e8 }],
      },
      /^faults\[0\]\.afterSeconds: Input should be less than or equal to 315360000/,
    ],
    [
      'a fault that matches nothing in particular',
      { version: 1, tenants: [{ token: 't' }], faults: [{ match: {}, fault: 'OOMKilled' }] },
      /^faults\[0\]\.match: Value error, match needs workload, artifact, imageUri or pod$/,
    ],
    [
      'a tenant given twice',
      { version: 1, tenants: [{ token: 't' }, { token: 't' }] },
      /^tenants\[1\]\.token: tenants\[0\] has the token "t" too: one tenant, one entry$/,
    ],
    [
      'a duration that is none',
      document([{ key: 'w', name: 'w', artifact: 'one' }], { duration: 'soon' }),
      /^duration: Value error, expected seconds or a duration such as 90s, 30m, 2h or 2h15m$/,
    ],
    [
      "a spec the API refuses, located where the file has it (no level for the spec's type)",
      {
        version: 1,
        tenants: [
          {
            token: 't',
            artifacts: [
              {
                key: 'two-primaries',
                name: 'x',
                status: 'locked',
                spec: {
                  containerGroups: [
                    {
                      containers: [
                        { name: 'a', imageUri: 'registry.example.com/a:1', port: 8080, primary: true },
                        { name: 'b', imageUri: 'registry.example.com/b:1', port: 8081, primary: true },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
      /^tenants\[0\]\.artifacts\[0\]\.spec\.containerGroups\[0\]/,
    ],
  ])('%s', async (_name, fixtures, expected) => {
    if (fixtures === null) {
      const path = join(dir, 'absent.json');
      await expect(buildApp({ config: { ...manual, fixtures: path } })).rejects.toThrow(expected);
      return;
    }
    expect(await problem(fixtures)).toMatch(expected);
  });

  it('but not a file an editor saved with a byte order mark', async () => {
    const path = join(dir, 'with-bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(document([{ key: 'w', name: 'w', artifact: 'one' }]))}`);
    const app = await buildApp({ config: { ...manual, fixtures: path } });
    expect(app.fixtures).toMatchObject({ tenants: 1, workloads: 1 });
    await app.close();
  });

  it('nor a file whose bytes are no UTF-8, which the API would refuse as a body', async () => {
    const path = join(dir, 'latin1.json');
    const text = JSON.stringify(document([{ key: 'w', name: 'w', artifact: 'one', description: 'caf?' }]));
    writeFileSync(
      path,
      Buffer.from(text, 'latin1').map((byte) => (byte === 0x3f ? 0xe9 : byte)),
    );
    await expect(buildApp({ config: { ...manual, fixtures: path } })).rejects.toThrow(/not valid UTF-8 text/);
  });

  it('a token missing from MOCK_TOKENS', async () => {
    const fixtures = document([]);
    await expect(
      buildApp({ config: { ...manual, tokens: new Map([['other', 'team']]) }, fixtures }),
    ).rejects.toThrow(/^tenants\[0\]\.token: the token "t" is not in MOCK_TOKENS/);
  });

  it('two entries whose tokens MOCK_TOKENS puts in one tenant, even when one refers to the other', async () => {
    const fixtures = {
      ...document([]),
      tenants: [
        ...document([]).tenants,
        { token: 'u', workloads: [{ key: 'w', name: 'w', artifact: 'one' }] },
      ],
    } as FixturesInput;
    const tokens = new Map([
      ['t', 'team'],
      ['u', 'team'],
    ]);
    await expect(buildApp({ config: { ...manual, tokens }, fixtures })).rejects.toThrow(
      /^tenants\[1\]\.token: MOCK_TOKENS puts the token "u" in the tenant "team", as tenants\[0\]'s: one tenant, one entry$/,
    );
  });
});

describe('fixture faults', () => {
  it("take an ErrorRate's share of requests, on a workload and matched by image, as POST /_mock/faults does", async () => {
    const container = { name: 'app', imageUri: 'registry.example.com/app:1', port: 8080, primary: true };
    const app = await buildApp({
      config: manual,
      fixtures: {
        version: 1,
        tenants: [
          {
            token: 't',
            artifacts: [
              {
                key: 'a',
                name: 'a',
                status: 'locked',
                spec: { containerGroups: [{ containers: [container] }] },
              },
            ],
            workloads: [{ key: 'w', name: 'w', artifact: 'a', faults: [{ fault: 'ErrorRate', rate: 0.2 }] }],
          },
        ],
        faults: [{ match: { imageUri: 'registry.example.com/*' }, fault: 'ErrorRate', rate: 0.9 }],
      },
    });
    try {
      const faults = (await app.inject({ method: 'GET', url: '/_mock/faults' })).json();
      expect(faults.data.map((fault: { rate?: number }) => fault.rate).sort()).toEqual([0.2, 0.9]);
    } finally {
      await app.close();
    }
  });
});

describe('a fixtures timeline', () => {
  const container = { name: 'app', imageUri: 'registry.example.com/app:1', port: 8080, primary: true };
  const artifact = (key: string, extra: Record<string, unknown> = {}) => ({
    key,
    name: key,
    status: 'locked',
    spec: { containerGroups: [{ containers: [container] }] },
    ...extra,
  });
  const load = (fixtures: unknown) => buildApp({ config: manual, fixtures: fixtures as FixturesInput });

  it('passes every field of its entries on: descriptions, importance, a fault of a workload with its container, delay and pod', async () => {
    const app = await load({
      version: 1,
      tenants: [
        {
          token: 't',
          artifacts: [artifact('a', { description: 'the first' })],
          workloads: [
            {
              key: 'w',
              name: 'w',
              artifact: 'a',
              description: 'made by the timeline',
              importance: 'critical',
              faults: [{ fault: 'NeverReady', container: 'app', afterSeconds: 30, pod: 'w-*', at: '20m' }],
            },
          ],
        },
      ],
      faults: [{ at: '15m', match: { pod: 'pod-*' }, fault: 'ErrorRate', rate: 0.1 }],
    });
    try {
      const api = new Client(app, 't');
      // Two minutes past the last entry, the workload's fault at 20m.
      expect(app.fixtures?.seconds).toBe(22 * 60);
      const [workload] = (await api.get('workloads')).body.data;
      expect(workload).toMatchObject({ description: 'made by the timeline', importance: 'critical' });
      expect((await api.get('artifacts')).body.data[0].description).toBe('the first');
      const faults = (await app.inject({ method: 'GET', url: '/_mock/faults' })).json().data;
      expect(faults.map((f: any) => [f.match, f.container, f.fault, f.afterSeconds])).toEqual([
        [{ pod: 'pod-*' }, null, 'ErrorRate', 0],
        [{ workloadId: workload.id, pod: 'w-*' }, 'app', 'NeverReady', 30],
      ]);
    } finally {
      await app.close();
    }
  });

  it("ends two minutes after a global fault that comes last, or at a duration that is its last entry's time", async () => {
    const lateFault = await load({
      version: 1,
      tenants: [
        { token: 't', artifacts: [artifact('a')], workloads: [{ key: 'w', name: 'w', artifact: 'a' }] },
      ],
      faults: [{ at: '30m', match: { imageUri: 'registry.example.com/*' }, fault: 'NeverReady' }],
    });
    expect(lateFault.fixtures?.seconds).toBe(32 * 60);
    await lateFault.close();
    // At one instant, faults come before actions: the fault still finds the workload deleted then.
    const exact = await load({
      version: 1,
      duration: '5m',
      tenants: [
        {
          token: 't',
          artifacts: [artifact('a')],
          workloads: [{ key: 'w', name: 'w', artifact: 'a', actions: [{ do: 'delete', at: '5m' }] }],
        },
      ],
      faults: [{ at: '5m', match: { workload: 'w' }, fault: 'CrashLoopBackOff' }],
    });
    expect(exact.fixtures?.seconds).toBe(300);
    expect((await new Client(exact, 't').get('workloads')).body.totalCount).toBe(0);
    await exact.close();
  });

  it('ends two minutes after an artifact or a workload that comes last, at the clock start', async () => {
    for (const [tenant, seconds] of [
      [{ token: 't', artifacts: [artifact('a', { at: '30m' })] }, 32 * 60],
      [
        {
          token: 't',
          artifacts: [artifact('a')],
          workloads: [{ key: 'w', name: 'w', artifact: 'a', at: '40m' }],
        },
        42 * 60,
      ],
    ] as const) {
      const app = await load({ version: 1, tenants: [tenant] });
      try {
        expect(app.fixtures?.seconds).toBe(seconds);
        expect(app.emulator.clock.now()).toBe(T0);
      } finally {
        await app.close();
      }
    }
  });

  it('performs each action as the API does: suspend, resume, restart, interrupt, update, stop, start, replace, cancel, delete', async () => {
    const app = await load({
      version: 1,
      tenants: [
        {
          token: 't',
          artifacts: [artifact('a'), artifact('b', { repository: 'a', at: '1m' })],
          workloads: [
            {
              key: 'ops',
              name: 'ops',
              artifact: 'a',
              actions: [
                { do: 'suspend', at: '1m' },
                { do: 'resume', at: '2m' },
                { do: 'restart', at: '5m' },
                { do: 'interrupt', at: '10m' },
                { do: 'update', at: '11m', name: 'ops-renamed' },
                { do: 'stop', at: '12m' },
                { do: 'start', at: '13m' },
              ],
            },
            {
              key: 'grown',
              name: 'grown',
              artifact: 'a',
              actions: [
                {
                  do: 'replace',
                  at: '2m',
                  artifact: 'b',
                  runtime: { containerGroups: [{ name: 'default', replicaCount: 2 }] },
                },
              ],
            },
            {
              key: 'kept',
              name: 'kept',
              artifact: 'a',
              actions: [
                { do: 'replace', at: '2m', artifact: 'b' },
                { do: 'cancelReplacement', at: '2m10s' },
              ],
            },
            { key: 'gone', name: 'gone', artifact: 'a', actions: [{ do: 'delete', at: '3m' }] },
            {
              key: 'evicted',
              name: 'evicted',
              artifact: 'a',
              actions: [{ do: 'interrupt', at: '1m', seconds: 45 }],
            },
          ],
        },
      ],
    });
    try {
      const api = new Client(app, 't');
      app.emulator.clock.advance(3600);
      const byName = Object.fromEntries(
        (await api.get('workloads?limit=100')).body.data.map((w: any) => [w.name, w]),
      );
      expect(Object.keys(byName).sort()).toEqual(['evicted', 'grown', 'kept', 'ops-renamed']);
      const ops = byName['ops-renamed'];
      expect(ops.status).toBe('running');
      const events = (await api.get(`workloads/${ops.id}/events?limit=100`)).body.data
        .filter((e: any) => e.eventType !== 'proton.statusChanged')
        .reverse();
      expect(events.map((e: any) => e.eventType)).toEqual([
        'workload.created',
        'proton.suspended',
        'proton.resumed',
        'proton.restarted',
        'proton.interrupted',
        'workload.updated',
        'workload.stopped',
        'workload.started',
      ]);
      // An interruption the file gives no length lasts MOCK_INTERRUPTION_SECONDS.
      expect(events[4].details.seconds).toBe(app.emulator.config.interruptionSeconds);
      // One the file gives a length lasts that long.
      const evicted = (await api.get(`workloads/${byName.evicted.id}/events?limit=100`)).body.data;
      expect(evicted.find((e: any) => e.eventType === 'proton.interrupted').details.seconds).toBe(45);
      expect(byName.grown.artifact.name).toBe('b');
      expect(byName.grown.runtime.containerGroups[0].replicaCount).toBe(2);
      expect(byName.kept.artifact.name).toBe('a');
    } finally {
      await app.close();
    }
  });

  it('makes a NIM artifact of a spec that gives no type, which may autoscale on a GPU metric', async () => {
    const policies = [{ scalingMetric: 'gpuCacheUtilization', target: 50, minCount: 1, maxCount: 2 }];
    const app = await load({
      version: 1,
      tenants: [
        {
          token: 't',
          artifacts: [artifact('llm', { type: 'nim' })],
          workloads: [
            {
              key: 'w',
              name: 'w',
              artifact: 'llm',
              runtime: { containerGroups: [{ name: 'default', autoscaling: { enabled: true, policies } }] },
            },
          ],
        },
      ],
    });
    try {
      const [nim] = (await new Client(app, 't').get('artifacts')).body.data;
      expect([nim.type, nim.spec.type]).toEqual(['nim', 'nim']);
    } finally {
      await app.close();
    }
  });
});

describe('the fixtures JSON Schema (fixtures/fixtures.schema.json)', () => {
  it('is committed and up to date (run `npm run fixtures:schema` after changing the format)', () => {
    expect(readFileSync(FIXTURES_SCHEMA_PATH, 'utf8')).toBe(renderFixturesSchema());
  });

  it('is what the demo file points editors at', () => {
    expect(JSON.parse(readFileSync(DEMO, 'utf8')).$schema).toBe('./fixtures.schema.json');
  });

  it('flags in an editor what the loader refuses for its form: a duration that is none', () => {
    const ajv = new Ajv2020({ strict: false });
    const valid = ajv.compile(JSON.parse(readFileSync(FIXTURES_SCHEMA_PATH, 'utf8')));
    expect(valid(JSON.parse(readFileSync(DEMO, 'utf8')))).toBe(true);
    const withDuration = (duration: unknown) => valid({ version: 1, duration, tenants: [{ token: 't' }] });
    for (const duration of [90, '90', '90s', '2h15m', '2h 15m', '1.5h', '250ms'])
      expect(withDuration(duration)).toBe(true);
    for (const duration of ['soon', '30M', '1h-30m', '', 'h'])
      expect({ duration, valid: withDuration(duration) }).toEqual({ duration, valid: false });
  });

  it('flags a fault that matches nothing in particular, as the loader does', () => {
    const valid = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(FIXTURES_SCHEMA_PATH, 'utf8')),
    );
    const withMatch = (match: object) =>
      valid({ version: 1, tenants: [{ token: 't' }], faults: [{ match, fault: 'OOMKilled' }] });
    expect(withMatch({ imageUri: 'registry.example.com/*' })).toBe(true);
    expect(withMatch({})).toBe(false);
  });
});
