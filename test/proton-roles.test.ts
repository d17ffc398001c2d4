import { describe, expect, it } from 'vitest';
import { roleAt } from '../src/domain/proton-roles.js';
import type { RoleChange } from '../src/store/types.js';

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
});
