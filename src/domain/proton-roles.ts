import { NONE } from '../store/shared.js';
import type { ProtonRecord, ReplacementRecord, RoleChange, WorkloadRecord } from '../store/types.js';

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

/**
 * The role changes of a workload saved before they were kept, rebuilt from its replacements: each
 * candidate from its creation, active from the switch, the protons it replaced without a role
 * from then on. The time a cancel switched traffic back is not kept, so a role the protons hold
 * now and the rebuilt history does not give them is theirs from `now` on.
 */
export function rebuiltRoleChanges(
  workload: Pick<WorkloadRecord, 'replacementIds' | 'protonIds'>,
  replacements: ReadonlyMap<
    string,
    Pick<ReplacementRecord, 'candidateProtonIds' | 'previousProtonIds' | 'switchedAt' | 'createdAt'>
  >,
  protons: ReadonlyMap<string, Pick<ProtonRecord, 'createdAt' | 'role'>>,
  now: number,
): readonly RoleChange[] {
  const changes: RoleChange[] = [];
  for (const id of workload.replacementIds) {
    const record = replacements.get(id);
    if (!record) continue;
    for (const protonId of record.candidateProtonIds)
      changes.push({ protonId, role: 'candidate', at: protons.get(protonId)?.createdAt ?? record.createdAt });
    if (record.switchedAt === null) continue;
    for (const protonId of record.candidateProtonIds)
      changes.push({ protonId, role: 'active', at: record.switchedAt });
    for (const protonId of record.previousProtonIds)
      changes.push({ protonId, role: null, at: record.switchedAt });
  }
  changes.sort((a, b) => a.at - b.at);
  const rebuilt = { roleChanges: changes };
  for (const protonId of workload.protonIds) {
    const role = protons.get(protonId)?.role;
    if (role !== undefined && roleAt(rebuilt, protonId, now) !== role)
      changes.push({ protonId, role, at: now });
  }
  return changes.length === 0 ? NONE : changes;
}
