import { describe, expect, it } from 'vitest';
import { assignRole, rebuiltRoleChanges, roleAt } from '../src/domain/proton-roles.js';
import type { ProtonRecord, RoleChange, WorkloadRecord } from '../src/store/types.js';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { createTestApp } from './helpers.js';
import { V2_IMAGE } from './sim-helpers.js';

describe('roleAt: a proton role as it was at a moment', () => {
  // The first proton p0; a candidate p1 created at 10, switched to at 20, switched back at 30
  // (a cancel after the switch); a later candidate p2 created at 40 and switched to at 50.
  const roleChanges: RoleChange[] = [
    { protonId: 'p1', role: 'candidate', at: 10 },
    { protonId: 'p1', role: 'active', at: 20 },
    { protonId: 'p0', role: null, at: 20 },
    { protonId: 'p0', role: 'active', at: 30 },
    { protonId: 'p1', role: null, at: 30 },
    { protonId: 'p2', role: 'candidate', at: 40 },
    { protonId: 'p2', role: 'active', at: 50 },
    { protonId: 'p0', role: null, at: 50 },
  ];
  const workload = { roleChanges };
  const timeline = (protonId: string) =>
    [0, 15, 20, 25, 30, 45, 50, 60].map((at) => roleAt(workload, protonId, at));

  it('follows each proton through switches and a switch back', () => {
    expect(timeline('p0')).toEqual(['active', 'active', null, null, 'active', 'active', null, null]);
    expect(timeline('p1')).toEqual(['candidate', 'candidate', 'active', 'active', null, null, null, null]);
    expect(timeline('p2')).toEqual([
      'candidate',
      'candidate',
      'candidate',
      'candidate',
      'candidate',
      'candidate',
      'active',
      'active',
    ]);
  });

  it('takes a workload with no replacement yet as having its one proton active throughout', () => {
    expect(roleAt({ roleChanges: [] }, 'p0', 123)).toBe('active');
  });

  it('gives a proton its new role from the very millisecond assigned, and not one before', () => {
    const workload = {
      roleChanges: [{ protonId: 'p1', role: 'candidate', at: 10 }],
    } as unknown as WorkloadRecord;
    const proton = { id: 'p1', role: 'candidate' } as ProtonRecord;
    assignRole(workload, proton, 'active', 20);
    expect(proton.role).toBe('active');
    expect(workload.roleChanges.at(-1)).toEqual({ protonId: 'p1', role: 'active', at: 20 });
    expect([19, 20].map((at) => roleAt(workload, 'p1', at))).toEqual(['candidate', 'active']);
  });
});

describe('rebuiltRoleChanges: the roles of a file written before they were kept', () => {
  // The same story saved at 60: p1's replacement cancelled after its switch, p2's completed.
  const replacements = new Map([
    ['r1', { candidateProtonIds: ['p1'], previousProtonIds: ['p0'], switchedAt: 20, createdAt: 9 }],
    ['r2', { candidateProtonIds: ['p2'], previousProtonIds: ['p0'], switchedAt: 50, createdAt: 39 }],
  ]);
  const protons = new Map([
    ['p0', { createdAt: 0, role: null }],
    ['p2', { createdAt: 40, role: 'active' as const }],
  ]);

  it('gives each candidate its role from its creation and the switch, the replaced proton none after it', () => {
    const workload = { replacementIds: ['r1', 'r2'], protonIds: ['p0', 'p2'] };
    const rebuilt = { roleChanges: rebuiltRoleChanges(workload, replacements, protons, 60) };
    const timeline = (protonId: string) => [0, 15, 20, 45, 50, 60].map((at) => roleAt(rebuilt, protonId, at));
    // What a cancel's switch back kept is not known: p0 shows no role from the first switch on.
    expect(timeline('p0')).toEqual(['active', 'active', null, null, null, null]);
    // A candidate gone since, created when its replacement was (9).
    expect(timeline('p1')).toEqual(['candidate', 'candidate', 'active', 'active', 'active', 'active']);
    expect(timeline('p2')).toEqual(['candidate', 'candidate', 'candidate', 'candidate', 'active', 'active']);
    // A candidate still known is a candidate from its own creation (40), not its replacement's (39).
    expect(rebuilt.roleChanges).toContainEqual({ protonId: 'p2', role: 'candidate', at: 40 });
  });

  it('reads the replacements in time order, whatever order the file lists them in', () => {
    const workload = { replacementIds: ['r2', 'r1'], protonIds: ['p0', 'p2'] };
    const rebuilt = { roleChanges: rebuiltRoleChanges(workload, replacements, protons, 60) };
    expect([15, 25, 45, 55].map((at) => roleAt(rebuilt, 'p0', at))).toEqual(['active', null, null, null]);
    expect([15, 25].map((at) => roleAt(rebuilt, 'p1', at))).toEqual(['candidate', 'active']);
  });

  it('gives a proton the role the file says it holds now, when the replacements do not', () => {
    // Saved while cancelling after the switch, once traffic was back on p0.
    const returned = new Map([['p0', { createdAt: 0, role: 'active' as const }]]);
    const workload = { replacementIds: ['r1'], protonIds: ['p0'] };
    const rebuilt = { roleChanges: rebuiltRoleChanges(workload, replacements, returned, 35) };
    expect([15, 25, 35, 40].map((at) => roleAt(rebuilt, 'p0', at))).toEqual([
      'active',
      null,
      'active',
      'active',
    ]);
  });

  it('reads on past a replacement that never switched: its candidate was one, and no more', () => {
    const saved = new Map([
      [
        'r0',
        {
          candidateProtonIds: ['p9'],
          previousProtonIds: ['p0'],
          switchedAt: null as number | null,
          createdAt: 5,
        },
      ],
      ...replacements,
    ]);
    const workload = { replacementIds: ['r0', 'r1', 'r2'], protonIds: ['p0', 'p2'] };
    const rebuilt = { roleChanges: rebuiltRoleChanges(workload, saved, protons, 60) };
    expect([0, 15, 45, 50].map((at) => roleAt(rebuilt, 'p2', at))).toEqual([
      'candidate',
      'candidate',
      'candidate',
      'active',
    ]);
    expect([15, 25].map((at) => roleAt(rebuilt, 'p1', at))).toEqual(['candidate', 'active']);
    expect(roleAt(rebuilt, 'p9', 60)).toBe('candidate');
  });

  it('keeps no changes for a workload never replaced', () => {
    const workload = { replacementIds: [], protonIds: ['p0'] };
    const only = new Map([['p0', { createdAt: 0, role: 'active' as const }]]);
    expect(rebuiltRoleChanges(workload, new Map(), only, 60)).toEqual([]);
  });
});

describe("a workload's record of role changes", () => {
  it('forgets the changes of protons no log line or telemetry names any more, so replacing over and over stays bounded', async () => {
    const t = await createTestApp();
    try {
      const api = t.client();
      const v1 = await createArtifact(api);
      const v2 = await createArtifact(api, serviceArtifact({ name: 'v2' }, V2_IMAGE));
      const workloadId = await createWorkload(api, workloadBody(v1));
      t.advance(POD_COURSE_SECONDS);
      const workload = t.app.emulator.store.workloads.get(workloadId)!;
      const cycles = 700;
      for (let i = 0; i < cycles; i++) {
        expect((await api.post(`workloads/${workloadId}/replacement`, { artifactId: v2 })).status).toBe(202);
        t.advance(2);
        expect((await api.delete(`workloads/${workloadId}/replacement`)).status).toBe(202);
        t.advance(10);
      }
      // Each cycle writes about ten log lines: the log ring (2,000 lines) names the last 200 or so
      // candidates, and only their changes, and those made since the last check, are kept.
      expect(workload.roleChanges.length).toBeLessThan(cycles / 2);

      // The latest candidate's lines still carry the role it had.
      const [latest] = (await api.get(`workloads/${workloadId}/history`)).body.data;
      const logs = (await api.get(`otel/workload/${workloadId}/logs?limit=100`)).body.data;
      const ofLatest = logs.filter(
        (line: any) => line.attributes['datarobot.proton.id'] === latest.candidateProtonIds[0],
      );
      expect(ofLatest.length).toBeGreaterThan(0);
      expect(new Set(ofLatest.map((line: any) => line.attributes['datarobot.proton.role']))).toEqual(
        new Set(['candidate']),
      );
      // So do the lines of every candidate the ring still names, whose changes were kept through
      // each forgetting: all of them are lines of candidates, none ever active.
      const roles = new Set<unknown>();
      for (const offset of [0, 1000]) {
        const page = (await api.get(`otel/workload/${workloadId}/logs?limit=1000&offset=${offset}`)).body
          .data;
        for (const line of page)
          if (line.attributes['datarobot.proton.id']) roles.add(line.attributes['datarobot.proton.role']);
      }
      expect(roles).toEqual(new Set(['candidate']));
    } finally {
      await t.close();
    }
  });
});
