import type { ProtonRecord, RoleChange, WorkloadRecord } from '../store/types.js';

type Role = RoleChange['role'];

/**
 * A proton's role as it was at a moment, so that telemetry keeps the role its proton had when it
 * was written, also once the proton is gone. The workload records every change; its first proton
 * is active from its creation with no record of it, and every later proton is recorded from its
 * creation, as a candidate. Only replacements add records, so most workloads keep none.
 */
export function roleAt(workload: Pick<WorkloadRecord, 'roleChanges'>, protonId: string, at: number): Role {
  let recorded = false;
  let role: Role = 'active';
  for (const change of workload.roleChanges) {
    if (change.protonId !== protonId) continue;
    if (change.at > at) {
      // Before its first change: created as a candidate, or the first proton, active from the start.
      return recorded || change.role !== 'candidate' ? role : 'candidate';
    }
    recorded = true;
    role = change.role;
  }
  return role;
}

/** Gives a proton its role from `at` on, and records the change. */
export function assignRole(workload: WorkloadRecord, proton: ProtonRecord, role: Role, at: number): void {
  proton.role = role;
  workload.roleChanges = [...workload.roleChanges, { protonId: proton.id, role, at }];
}

/**
 * Forgets the role changes of protons no one can ask about any more (`roleAt` is asked only for
 * protons with log lines, telemetry or a place in the workload): a workload replaced over and over
 * would otherwise keep every change it ever had.
 */
export function forgetRolesExcept(workload: WorkloadRecord, askedAbout: ReadonlySet<string>): void {
  workload.roleChanges = workload.roleChanges.filter((change) => askedAbout.has(change.protonId));
}
