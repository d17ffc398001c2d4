import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArtifact, createWorkload, serviceArtifact, workloadBody } from './fixtures.js';
import { at, type Client, createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let api: Client;

beforeEach(async () => {
  t = await createTestApp();
  api = t.client();
});
afterEach(() => t.close());

describe('artifact repositories', () => {
  it('lists, filters, gets and counts the artifacts of each repository', async () => {
    const first = (await api.post('artifacts', serviceArtifact({ name: 'alpha' }))).body;
    t.advance(1);
    const second = (await api.post('artifacts', serviceArtifact({ name: 'beta' }))).body;
    await api.patch(`artifacts/${second.id}`, { status: 'locked' });
    await api.post(
      'artifacts',
      serviceArtifact({ name: 'beta v2', artifactRepositoryId: second.artifactRepositoryId }),
    );
    const gamma = (await api.post('artifacts', { ...serviceArtifact({ name: 'gamma' }), type: 'nim' })).body;

    const all = await api.get('artifactRepositories');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ totalCount: 3, count: 3, next: null, previous: null });
    const beta = all.body.data.find((r: any) => r.id === second.artifactRepositoryId);
    expect(beta).toMatchObject({
      name: 'beta',
      type: 'service',
      lastVersionNumber: 1,
      numArtifacts: 2,
      createdAt: at(1),
      creator: { id: first.creator.id },
    });

    const filtered = async (query: string) =>
      (await api.get(`artifactRepositories?${query}`)).body.data.map((r: any) => r.name);
    expect(await filtered('type=nim')).toEqual(['gamma']);
    // A type the API does not know is refused, not read as a filter that matches nothing.
    const unknownType = await api.get('artifactRepositories?type=custom');
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.detail).toMatchObject([{ loc: ['query', 'type'], type: 'enum' }]);
    expect(await filtered('search=ALP')).toEqual(['alpha']);
    expect(await filtered(`ids=${first.artifactRepositoryId}&ids=${second.artifactRepositoryId}`)).toEqual([
      'alpha',
      'beta',
    ]);
    expect(await filtered(`ids=${first.artifactRepositoryId},${second.artifactRepositoryId}`)).toEqual([]);
    // ids narrows the other filters, it does not stand in for them.
    expect(
      await filtered(`ids=${first.artifactRepositoryId}&ids=${gamma.artifactRepositoryId}&type=nim`),
    ).toEqual(['gamma']);
    expect(await filtered('orderBy=-name')).toEqual(['gamma', 'beta', 'alpha']);
    expect(await filtered('limit=1&offset=1')).toEqual(['beta']);
    expect(await filtered(`createdBy=${first.creator.username}`)).toHaveLength(3);
    expect(await filtered('createdBy=nobody')).toEqual([]);

    const one = await api.get(`artifactRepositories/${first.artifactRepositoryId}`);
    expect(one.body).toMatchObject({ id: first.artifactRepositoryId, name: 'alpha', numArtifacts: 1 });
    expect((await api.get(`artifactRepositories/${'0'.repeat(24)}`)).status).toBe(404);
    expect((await t.client('other').get(`artifactRepositories/${first.artifactRepositoryId}`)).status).toBe(
      404,
    );
    // A repository whose only artifact was deleted holds none, listed as read alone.
    expect((await api.delete(`artifacts/${gamma.id}`)).status).toBe(204);
    const emptied = (await api.get(`artifactRepositories?ids=${gamma.artifactRepositoryId}`)).body.data;
    expect(emptied.map((r: any) => r.numArtifacts)).toEqual([0]);
    expect((await api.get(`artifactRepositories/${gamma.artifactRepositoryId}`)).body).toMatchObject({
      id: gamma.artifactRepositoryId,
      name: 'gamma',
      numArtifacts: 0,
    });
  });

  it("finds repositories by the creator's id or username, by part of the id, and by the name in any case", async () => {
    const mine = (await api.post('artifacts', serviceArtifact({ name: 'Alpha Agent' }))).body;
    await api.post('artifacts', serviceArtifact({ name: 'beta' }));
    const names = async (query: string) =>
      (await api.get(`artifactRepositories?${query}`)).body.data.map((r: { name: string }) => r.name);
    expect(await names(`createdBy=${mine.creator.id}`)).toEqual(['Alpha Agent', 'beta']);
    expect(await names(`createdBy=${mine.creator.username}`)).toEqual(['Alpha Agent', 'beta']);
    expect(await names('search=alpha%20AG')).toEqual(['Alpha Agent']);
    expect(await names(`search=${mine.artifactRepositoryId.slice(8, 20).toUpperCase()}`)).toEqual([
      'Alpha Agent',
    ]);
    expect(await names('search=agent')).toEqual(['Alpha Agent']);
    // The search reads the name and the id only, not the creator.
    expect(await names(`search=${mine.creator.username}`)).toEqual([]);
  });

  it('deletes a repository with its drafts, but not one holding locked or deployed artifacts', async () => {
    const draft = (await api.post('artifacts', serviceArtifact())).body;
    const repositoryId = draft.artifactRepositoryId;
    const copy = (await api.post(`artifacts/${draft.id}/clone`, { name: 'copy' })).body;
    const elsewhere = (await api.post('artifacts', serviceArtifact({ name: 'elsewhere' }))).body;
    const workloadId = await createWorkload(api, workloadBody(copy.id));
    const inUse = await api.delete(`artifactRepositories/${repositoryId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.detail).toContain(copy.id);
    await api.delete(`workloads/${workloadId}`);
    t.advance(30);
    expect((await api.delete(`artifactRepositories/${repositoryId}`)).status).toBe(204);
    expect((await api.get(`artifacts/${draft.id}`)).status).toBe(404);
    expect((await api.get(`artifacts/${copy.id}`)).status).toBe(404);
    expect((await api.get(`artifactRepositories/${repositoryId}`)).status).toBe(404);
    // An artifact of another repository stays.
    expect((await api.get(`artifacts/${elsewhere.id}`)).status).toBe(200);

    const locked = (await api.post('artifacts', serviceArtifact({ status: 'locked' }))).body;
    const refused = await api.delete(`artifactRepositories/${locked.artifactRepositoryId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/locked artifacts/);
  });

  it('takes new artifacts only into an existing repository of their type; a lock updates the repository', async () => {
    const service = (await api.post('artifacts', serviceArtifact())).body;
    const nim = (await api.post('artifacts', { ...serviceArtifact({ name: 'n' }), type: 'nim' })).body;
    const wrongType = await api.post(
      'artifacts',
      serviceArtifact({ name: 'x', artifactRepositoryId: nim.artifactRepositoryId }),
    );
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactRepositoryId'],
      msg: 'Value error, the repository holds nim artifacts, not service',
    });
    const missing = await api.post(
      'artifacts',
      serviceArtifact({ name: 'y', artifactRepositoryId: '0'.repeat(24) }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({
      loc: ['body', 'artifactRepositoryId'],
      msg: expect.stringMatching(/not found/),
    });
    expect((await api.get('artifacts')).body.totalCount).toBe(2);
    t.advance(7);
    await api.patch(`artifacts/${service.id}`, { status: 'locked' });
    expect((await api.get(`artifactRepositories/${service.artifactRepositoryId}`)).body).toMatchObject({
      lastVersionNumber: 1,
      updatedAt: at(7),
    });
  });
});

describe('shared roles', () => {
  it('the creator owns every resource; grants replace the shared roles; NO_ROLE removes', async () => {
    const artifactId = await createArtifact(api);
    const workloadId = await createWorkload(api, workloadBody(artifactId));
    const repositoryId = (await api.get(`artifacts/${artifactId}`)).body.artifactRepositoryId;
    const unshared = (await api.get(`workloads/${workloadId}`)).body;
    const me = unshared.creator;
    // A workload never shared has its creator for its one owner.
    expect(unshared.owners).toEqual([me]);
    const colleague = t.client('colleague');
    await colleague.get('workloads'); // the colleague is now a known user
    const colleagueUser = (await colleague.post('artifacts', serviceArtifact())).body.creator;

    for (const base of [
      `workloads/${workloadId}`,
      `artifacts/${artifactId}`,
      `artifactRepositories/${repositoryId}`,
    ]) {
      const initial = await api.get(`${base}/sharedRoles`);
      expect(initial.status, base).toBe(200);
      expect(initial.body).toEqual({
        totalCount: 1,
        count: 1,
        next: null,
        previous: null,
        data: [{ id: me.id, name: me.username, shareRecipientType: 'user', role: 'OWNER' }],
      });

      const granted = await api.patch(`${base}/sharedRoles`, {
        operation: 'updateRoles',
        roles: [
          { shareRecipientType: 'user', role: 'READ_ONLY', username: colleagueUser.username },
          { shareRecipientType: 'group', role: 'USER', id: 'g0000000000000000000000a' },
          { shareRecipientType: 'user', role: 'EDITOR', username: 'someone.new' },
        ],
      });
      expect(granted.status, base).toBe(204);
      const roles = (await api.get(`${base}/sharedRoles`)).body.data;
      expect(roles).toEqual([
        { id: me.id, name: me.username, shareRecipientType: 'user', role: 'OWNER' },
        { id: colleagueUser.id, name: colleagueUser.username, shareRecipientType: 'user', role: 'READ_ONLY' },
        {
          id: 'g0000000000000000000000a',
          name: 'group g0000000000000000000000a',
          shareRecipientType: 'group',
          role: 'USER',
        },
        {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          name: 'someone.new',
          shareRecipientType: 'user',
          role: 'EDITOR',
        },
      ]);
      const page = (await api.get(`${base}/sharedRoles?limit=1&offset=2`)).body;
      expect(page).toEqual({
        totalCount: 4,
        count: 1,
        next: `http://localhost:80/api/v2/${base}/sharedRoles?limit=1&offset=3`,
        previous: `http://localhost:80/api/v2/${base}/sharedRoles?limit=1&offset=1`,
        data: [roles[2]],
      });

      await api.patch(`${base}/sharedRoles`, {
        operation: 'updateRoles',
        roles: [
          { shareRecipientType: 'user', role: 'OWNER', id: colleagueUser.id },
          { shareRecipientType: 'user', role: 'NO_ROLE', id: me.id },
        ],
      });
      expect((await api.get(`${base}/sharedRoles`)).body.data).toEqual([
        { id: colleagueUser.id, name: colleagueUser.username, shareRecipientType: 'user', role: 'OWNER' },
      ]);
    }
    const owners = (await api.get(`workloads/${workloadId}`)).body.owners;
    expect(owners.map((o: any) => o.id)).toEqual([colleagueUser.id]);

    // The creator gave the workload up: an update that does not name them does not give it back,
    // and one that would leave no owner is refused.
    const base = `workloads/${workloadId}`;
    const carol = { shareRecipientType: 'user', role: 'READ_ONLY', username: 'carol' };
    const colleagueOwner = { shareRecipientType: 'user', role: 'OWNER', id: colleagueUser.id };
    expect(
      (await api.patch(`${base}/sharedRoles`, { operation: 'updateRoles', roles: [carol] })).status,
    ).toBe(422);
    const kept = await api.patch(`${base}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [colleagueOwner, carol],
    });
    expect(kept.status).toBe(204);
    expect((await api.get(`${base}/sharedRoles`)).body.data.map((r: any) => [r.name, r.role])).toEqual([
      [colleagueUser.username, 'OWNER'],
      ['carol', 'READ_ONLY'],
    ]);
    expect((await api.get(base)).body.owners.map((o: any) => o.id)).toEqual([colleagueUser.id]);

    // Roles are not enforced: the creator, owner no more, is still shown the owner's permissions,
    // a workload's with predictions besides.
    const ownerPermissions = [
      'CAN_VIEW',
      'CAN_UPDATE',
      'CAN_DELETE',
      'CAN_SHARE',
      'CAN_SHARE_ROLE_OWNER',
      'CAN_SHARE_ROLE_READ_WRITE',
      'CAN_SHARE_ROLE_READ_ONLY',
    ];
    expect((await api.get(`artifacts/${artifactId}`)).body.permissions).toEqual(ownerPermissions);
    expect((await api.get(`artifactRepositories/${repositoryId}`)).body.permissions).toEqual(
      ownerPermissions,
    );
    expect((await api.get(base)).body.permissions).toEqual([...ownerPermissions, 'CAN_MAKE_PREDICTIONS']);
  });

  it('a tenant reset forgets its users: a grant by their username or id no longer reaches them', async () => {
    const colleague = (await t.client('colleague').post('artifacts', serviceArtifact())).body.creator;
    const artifactId = await createArtifact(api);
    const grantTo = async (role: Record<string, string>) => {
      const granted = await api.patch(`artifacts/${artifactId}/sharedRoles`, {
        operation: 'updateRoles',
        roles: [{ shareRecipientType: 'user', role: 'READ_ONLY', ...role }],
      });
      expect(granted.status).toBe(204);
      const roles = (await api.get(`artifacts/${artifactId}/sharedRoles`)).body.data;
      return roles.find((r: { role: string }) => r.role === 'READ_ONLY');
    };
    expect(await grantTo({ username: colleague.username })).toMatchObject({ id: colleague.id });

    expect((await api.post('/_mock/reset?tenant=colleague')).status).toBe(200);
    expect(await grantTo({ username: colleague.username })).not.toMatchObject({ id: colleague.id });
    expect(await grantTo({ id: colleague.id })).toMatchObject({ name: `user ${colleague.id}` });

    // Calling again, the token is the same user, reached by its name again.
    await t.client('colleague').get('workloads');
    expect(await grantTo({ username: colleague.username })).toMatchObject({ id: colleague.id });
  });

  it('gives every token a username of its own, so that a grant by username reaches that user', async () => {
    const creatorOf = async (token: string) =>
      (await t.client(token).post('artifacts', serviceArtifact())).body.creator;
    const long = 'integration-suite-token-parallel-worker-';
    const users = [
      await creatorOf('bob'),
      await creatorOf('Bob'),
      await creatorOf('a.b'),
      await creatorOf('a-b'),
      // Nothing of a name to start with, or at all.
      await creatorOf('.hidden'),
      await creatorOf('***'),
      await creatorOf('bob!'),
      await creatorOf(`${long}01`),
      await creatorOf(`${long}02`),
    ];
    // A token spelt like another's made name: its user gets its whole id.
    const spelt = await creatorOf(users[1].username);
    expect(spelt.username).toBe(`${users[1].username}-${spelt.id}`);
    users.push(spelt);
    expect(new Set(users.map((user) => user.username)).size).toBe(users.length);
    expect(users[0].username).toBe('bob');
    expect(users[1].username).toMatch(/^bob-[0-9a-f]{6}$/);
    expect(users[3].username).toBe('a-b');
    // Nothing of a name at all: an x.
    expect(users[5].username).toBe(`x-${users[5].id.slice(0, 6)}`);
    for (const user of users) {
      expect(user.username).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(user.email).toBe(`${user.username}@example.com`);
    }

    const artifactId = await createArtifact(api);
    const granted = await api.patch(`artifacts/${artifactId}/sharedRoles`, {
      operation: 'updateRoles',
      roles: users.map((user) => ({
        shareRecipientType: 'user',
        role: 'READ_ONLY',
        username: user.username,
      })),
    });
    expect(granted.status).toBe(204);
    const shared = (await api.get(`artifacts/${artifactId}/sharedRoles?limit=100`)).body.data;
    expect(shared.filter((role: any) => role.role === 'READ_ONLY').map((role: any) => role.id)).toEqual(
      users.map((user) => user.id),
    );
  });

  it('takes a token longer than a name for a credential: no answer carries any of it', async () => {
    const token = 'NjQ5ZmE2YWM2Y2M3ZWYxYzk4YjQ3NzQ4OmFiY2RlZmdoaWprbG1ub3BxcnN0dXY=';
    const client = t.client(token);
    const created = await client.post('artifacts', serviceArtifact());
    expect(created.body.creator).toMatchObject({ username: expect.stringMatching(/^user-[0-9a-f]{6}$/) });
    expect(created.body.creator.fullName).toMatch(/^User [0-9a-f]{6}$/);
    const answers = JSON.stringify([created.body, (await client.get('artifacts')).body]).toLowerCase();
    expect(answers).not.toContain(token.slice(0, 12).toLowerCase());
    // A short token is a name, and names its user as before.
    expect((await t.client('Bob').post('artifacts', serviceArtifact())).body.creator.fullName).toMatch(
      /^Bob user [0-9a-f]{6}$/,
    );
    // 40 characters are still a name: the longest one.
    const longest = 'n'.repeat(40);
    expect((await t.client(longest).post('artifacts', serviceArtifact())).body.creator).toMatchObject({
      username: longest,
      fullName: expect.stringMatching(new RegExp(`^${longest} user [0-9a-f]{6}$`)),
    });
  });

  it("names a MOCK_TOKENS token's user after its tenant, never after the token; each token is a user", async () => {
    await t.close();
    t = await createTestApp({
      tokens: new Map([
        ['s3cret-token', 'team-a'],
        ['other-token-longer-than-any-name-made-from-one', 'team-a'],
      ]),
    });
    const creatorOf = async (token: string) =>
      (await t.client(token).post('artifacts', serviceArtifact())).body.creator;
    const creator = await creatorOf('s3cret-token');
    expect(creator.username).toMatch(/^team-a-[0-9a-f]{6}$/);
    expect(creator.fullName).toMatch(/^team-a user [0-9a-f]{6}$/);
    expect(JSON.stringify(creator)).not.toContain('s3cret');
    // A token longer than a name still names its user after the tenant it is given.
    const other = await creatorOf('other-token-longer-than-any-name-made-from-one');
    expect(other.username).toMatch(/^team-a-[0-9a-f]{6}$/);
    for (const field of ['id', 'username', 'userhash'] as const)
      expect(other[field]).not.toBe(creator[field]);
  });

  it("names a MOCK_TOKENS token's user after its tenant cut to 40 characters, with a part of its id even when spelt as that name", async () => {
    await t.close();
    t = await createTestApp({
      tokens: new Map([
        ['team-a', 'Team A'],
        ['k', `${'Long Team Name '.repeat(4)}end`],
      ]),
    });
    const creatorOf = async (token: string) =>
      (await t.client(token).post('artifacts', serviceArtifact())).body.creator;
    // Only a token that is its tenant's very name goes by that name alone.
    const spelt = await creatorOf('team-a');
    expect(spelt.username).toBe(`team-a-${spelt.id.slice(0, 6)}`);
    // The name made from a long tenant name stops at 40 characters, and not on a dash.
    const long = await creatorOf('k');
    expect(long.username).toBe(`long-team-name-long-team-name-long-team-${long.id.slice(0, 6)}`);
  });

  it('a reset forgets the users who called: all of them, or those of the tenant reset', async () => {
    const artifactId = await createArtifact(api);
    const grantTo = async (username: string) => {
      await api.patch(`artifacts/${artifactId}/sharedRoles`, {
        operation: 'updateRoles',
        roles: [{ shareRecipientType: 'user', role: 'USER', username }],
      });
      return (await api.get(`artifacts/${artifactId}/sharedRoles`)).body.data[1].id;
    };
    const colleague = (await t.client('colleague').post('artifacts', serviceArtifact())).body.creator;
    const other = (await t.client('other').post('artifacts', serviceArtifact())).body.creator;
    expect(await grantTo('colleague')).toBe(colleague.id);

    expect((await api.post('/_mock/reset?tenant=colleague')).status).toBe(200);
    // A username nobody known has gets an id of its own.
    expect(await grantTo('colleague')).not.toBe(colleague.id);
    expect(await grantTo('other')).toBe(other.id);

    expect((await api.post('/_mock/reset')).status).toBe(200);
    const again = await createArtifact(api);
    await api.patch(`artifacts/${again}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [{ shareRecipientType: 'user', role: 'USER', username: 'other' }],
    });
    expect((await api.get(`artifacts/${again}/sharedRoles`)).body.data[1].id).not.toBe(other.id);
  });

  it('names the users holding OWNER as owners: a known user as they are, an unknown name as granted', async () => {
    const colleague = (await t.client('colleague').post('artifacts', serviceArtifact())).body.creator;
    const workloadId = await createWorkload(api, workloadBody(await createArtifact(api)));
    const base = `workloads/${workloadId}`;
    const me = (await api.get(base)).body.creator;
    const granted = await api.patch(`${base}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [
        { shareRecipientType: 'user', role: 'OWNER', id: colleague.id },
        { shareRecipientType: 'user', role: 'OWNER', username: 'someone.new' },
      ],
    });
    expect(granted.status).toBe(204);
    const newcomer = (await api.get(`${base}/sharedRoles`)).body.data[2];
    expect((await api.get(base)).body.owners).toEqual([
      me,
      colleague,
      {
        id: newcomer.id,
        username: 'someone.new',
        email: 'someone.new@example.com',
        fullName: 'someone.new',
        userhash: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
  });

  it("keeps the creator's own grant, first, when an update leaves the creator out", async () => {
    const colleague = (await t.client('colleague').post('artifacts', serviceArtifact())).body.creator;
    const artifactId = await createArtifact(api);
    const me = (await api.get(`artifacts/${artifactId}`)).body.creator;
    const url = `artifacts/${artifactId}/sharedRoles`;
    const colleagueOwner = { shareRecipientType: 'user', role: 'OWNER', id: colleague.id };
    await api.patch(url, {
      operation: 'updateRoles',
      roles: [colleagueOwner, { shareRecipientType: 'user', role: 'READ_ONLY', id: me.id }],
    });
    const kept = await api.patch(url, {
      operation: 'updateRoles',
      roles: [colleagueOwner, { shareRecipientType: 'user', role: 'USER', username: 'carol' }],
    });
    expect(kept.status).toBe(204);
    expect((await api.get(url)).body.data.map((r: any) => [r.name, r.role])).toEqual([
      [me.username, 'READ_ONLY'],
      [colleague.username, 'OWNER'],
      ['carol', 'USER'],
    ]);
  });

  it('tells a group from a user of the same id; a group OWNER is no owner of the workload; a clone shares nothing', async () => {
    const artifactId = await createArtifact(api);
    const workloadId = await createWorkload(api, workloadBody(artifactId));
    const me = (await api.get(`workloads/${workloadId}`)).body.creator;
    const base = `workloads/${workloadId}`;
    const granted = await api.patch(`${base}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [
        { shareRecipientType: 'group', role: 'READ_ONLY', id: me.id },
        { shareRecipientType: 'organization', role: 'OWNER', id: 'a0000000000000000000000b' },
        { shareRecipientType: 'role', role: 'USER', id: me.id },
      ],
    });
    expect(granted.status).toBe(204);
    expect(
      (await api.get(`${base}/sharedRoles`)).body.data.map((r: any) => [r.shareRecipientType, r.role]),
    ).toEqual([
      ['user', 'OWNER'],
      ['group', 'READ_ONLY'],
      ['organization', 'OWNER'],
      ['role', 'USER'],
    ]);
    // Only a user's id names a known user: a group or a role of the same id keeps its own name.
    const names = (await api.get(`${base}/sharedRoles`)).body.data.map((r: any) => r.name);
    expect([names[1], names[3]]).toEqual([`group ${me.id}`, `role ${me.id}`]);
    expect((await api.get(base)).body.owners.map((o: any) => o.id)).toEqual([me.id]);

    await api.patch(`artifacts/${artifactId}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [{ shareRecipientType: 'user', role: 'EDITOR', username: 'carol' }],
    });
    const clone = (await api.post(`artifacts/${artifactId}/clone`, { name: 'copy' })).body;
    expect((await api.get(`artifacts/${clone.id}/sharedRoles`)).body.data).toEqual([
      { id: me.id, name: me.username, shareRecipientType: 'user', role: 'OWNER' },
    ]);
  });

  it('refuses an update that leaves no owner, lists a recipient twice or is malformed', async () => {
    const artifactId = await createArtifact(api);
    const me = (await api.get(`artifacts/${artifactId}`)).body.creator;
    const url = `artifacts/${artifactId}/sharedRoles`;
    const noOwner = await api.patch(url, {
      operation: 'updateRoles',
      roles: [{ shareRecipientType: 'user', role: 'READ_ONLY', id: me.id }],
    });
    expect(noOwner.status).toBe(422);
    expect(noOwner.body.detail[0]).toMatchObject({
      loc: ['body', 'roles'],
      msg: 'Value error, the resource must keep at least one OWNER',
    });
    const twice = await api.patch(url, {
      operation: 'updateRoles',
      roles: [
        { shareRecipientType: 'user', role: 'READ_ONLY', username: 'x' },
        { shareRecipientType: 'user', role: 'EDITOR', username: 'x' },
      ],
    });
    expect(twice.status).toBe(422);
    expect(twice.body.detail[0]).toMatchObject({
      loc: ['body', 'roles', 1],
      msg: "Value error, user 'x' is listed twice",
    });
    // A username names a user only: not a group, an organization or a role.
    for (const shareRecipientType of ['group', 'organization', 'role']) {
      const byName = await api.patch(url, {
        operation: 'updateRoles',
        roles: [{ shareRecipientType, role: 'USER', username: 'team' }],
      });
      expect(byName.status, shareRecipientType).toBe(422);
      expect(byName.body.detail[0].loc).toEqual(['body', 'roles', 0, 'shareRecipientType']);
    }
    for (const body of [
      { operation: 'share', roles: [{ shareRecipientType: 'user', role: 'OWNER', id: me.id }] },
      { operation: 'updateRoles', roles: [] },
      { operation: 'updateRoles', roles: [{ shareRecipientType: 'user', role: 'BOSS', id: me.id }] },
    ]) {
      expect((await api.patch(url, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await api.get(url)).body.data).toEqual([
      { id: me.id, name: me.username, shareRecipientType: 'user', role: 'OWNER' },
    ]);
    expect((await t.client('other').get(url)).status).toBe(404);
  });

  it('reports a left-out operation, role or recipient type as missing, as FastAPI does', async () => {
    const artifactId = await createArtifact(api);
    const refused = await api.patch(`artifacts/${artifactId}/sharedRoles`, { roles: [{ username: 'x' }] });
    expect(refused.status).toBe(422);
    // A role matches neither kind of grant: pydantic reports each kind's errors under its name.
    const missing = (...loc: (string | number)[]) => ({
      loc: ['body', ...loc],
      msg: 'Field required',
      type: 'missing',
    });
    const byUsername = ['roles', 0, 'GrantAccessControlWithUsername'];
    const byId = ['roles', 0, 'GrantAccessControlWithId'];
    expect(refused.body.detail).toEqual([
      missing('operation'),
      missing(...byUsername, 'shareRecipientType'),
      missing(...byUsername, 'role'),
      missing(...byId, 'shareRecipientType'),
      missing(...byId, 'role'),
      missing(...byId, 'id'),
      { loc: ['body', ...byId, 'username'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    // One kind takes every field but refuses a value (zod reports that kind alone): pydantic still
    // reports each kind's errors.
    const blank = await api.patch(`artifacts/${artifactId}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [{ shareRecipientType: 'user', role: 'OWNER', username: '' }],
    });
    expect(blank.body.detail).toEqual([
      {
        loc: ['body', ...byUsername, 'username'],
        msg: 'String should have at least 1 character',
        type: 'string_too_short',
        ctx: { min_length: 1 },
      },
      missing(...byId, 'id'),
      { loc: ['body', ...byId, 'username'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' },
    ]);
    const none = await api.patch(`artifacts/${artifactId}/sharedRoles`, {
      operation: 'updateRoles',
      roles: [],
    });
    expect(none.body.detail).toEqual([
      {
        loc: ['body', 'roles'],
        msg: 'List should have at least 1 item after validation, not 0',
        type: 'too_short',
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      },
    ]);
    // A grant names its recipient one way, by a username or by an id of at least one character;
    // the body has no other field.
    const url = `artifacts/${artifactId}/sharedRoles`;
    for (const body of [
      {
        operation: 'updateRoles',
        roles: [{ shareRecipientType: 'user', role: 'USER', username: 'x', id: 'y' }],
      },
      { operation: 'updateRoles', roles: [{ shareRecipientType: 'group', role: 'USER', id: '' }] },
      {
        operation: 'updateRoles',
        roles: [{ shareRecipientType: 'group', role: 'USER', id: 'y' }],
        note: 'z',
      },
    ]) {
      expect((await api.patch(url, body)).status, JSON.stringify(body)).toBe(422);
    }
    // Up to 100 grants in one update, as in the reference, each of its roles taken.
    const roles = [
      'OWNER',
      'READ_WRITE',
      'EDITOR',
      'USER',
      'DATA_SCIENTIST',
      'ADMIN',
      'READ_ONLY',
      'CONSUMER',
      'OBSERVER',
    ];
    const groups = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        shareRecipientType: 'group',
        role: roles[i % roles.length],
        id: `g${String(i).padStart(23, '0')}`,
      }));
    const tooMany = await api.patch(url, { operation: 'updateRoles', roles: groups(101) });
    expect(tooMany.body.detail).toEqual([
      {
        loc: ['body', 'roles'],
        msg: 'List should have at most 100 items after validation, not 101',
        type: 'too_long',
        ctx: { field_type: 'List', max_length: 100, actual_length: 101 },
      },
    ]);
    expect((await api.patch(url, { operation: 'updateRoles', roles: groups(100) })).status).toBe(204);
    const listed = await api.get(`${url}?limit=100`);
    expect(listed.body.totalCount).toBe(101);
    expect(new Set(listed.body.data.map((r: any) => r.role))).toEqual(new Set(roles));
  });
});
