import { expect } from 'vitest';
import type { Emulator } from '../src/domain/emulator.js';
import { deriveProtonStatus } from '../src/sim/status.js';
import type { EventRecord } from '../src/store/types.js';

/**
 * Holds at every moment, mid-transition included: no proton without the workload that lists it, no
 * listed proton missing, every live workload with exactly its one active proton, no replacement of
 * a workload that is gone. `context` is added to each failure's message (e.g. the steps so far).
 */
export function expectConsistentStore(emulator: Emulator, context = ''): void {
  const { store } = emulator;
  for (const proton of store.protons.values()) {
    const workload = store.workloads.get(proton.workloadId);
    expect(workload, `proton ${proton.id} of missing workload ${proton.workloadId}${context}`).toBeDefined();
    expect(workload!.protonIds, `workload ${workload!.id}${context}`).toContain(proton.id);
  }
  for (const workload of store.workloads.values()) {
    for (const id of workload.protonIds) expect(store.protons.has(id), `proton ${id}${context}`).toBe(true);
    // A deleted workload stays stored while its protons are torn down.
    if (workload.deleted) continue;
    expect(store.tenant(workload.tenant).workloads.get(workload.id)).toBe(workload);
    const active = workload.protonIds.filter((id) => store.protons.get(id)!.role === 'active');
    expect(active, `active proton of workload ${workload.id}${context}`).toEqual([workload.activeProtonId]);
  }
  for (const record of store.replacements.values())
    expect(store.workloads.has(record.workloadId), `replacement ${record.id}${context}`).toBe(true);
}

/** Once the clock has settled everything: no timer left, none for a gone pod, proton or replacement. */
export function expectNothingScheduled(emulator: Emulator): void {
  expect(emulator.clock.state().pendingTimers).toBe(0);
  for (const proton of emulator.store.protons.values()) {
    for (const pod of proton.pods) {
      expect(pod.stage).not.toBe('gone');
      expect(pod.timer === null || pod.timer.cancelled).toBe(true);
    }
    expect(proton.interruptionTimer).toBeNull();
  }
}

/**
 * Once settled: deleted workloads are gone, every workload is in one of `statuses`, a running one
 * runs on its active proton alone, and no replacement is in progress.
 */
export function expectSettled(emulator: Emulator, statuses: readonly string[], context = ''): void {
  const { store, workloads, replacements } = emulator;
  for (const workload of store.workloads.values()) {
    expect(workload.deleted, `deleted workload ${workload.id} still stored${context}`).toBe(false);
    const status = workloads.status(workload);
    expect(statuses, `workload ${workload.id} is ${status}${context}`).toContain(status);
    if (status === 'running') {
      expect(workload.protonIds, `running workload ${workload.id} keeps other protons${context}`).toEqual([
        workload.activeProtonId,
      ]);
      expect(deriveProtonStatus(store.protons.get(workload.activeProtonId!)!)).toBe('running');
    }
    expect(replacements.inProgress(workload), `replacement of workload ${workload.id}${context}`).toBe(false);
  }
}

/**
 * Every proton's `proton.statusChanged` events form an unbroken chain from `submitted` to its status
 * now (`terminated` once it is gone). Returns how many protons changed status.
 */
export function expectUnbrokenProtonChains(events: readonly EventRecord[], emulator: Emulator): number {
  const chains = new Map<string, { from: string; to: string }[]>();
  for (const e of events) {
    if (e.eventType !== 'proton.statusChanged') continue;
    const details = e.details as { protonId: string; from: string; to: string };
    const chain = chains.get(details.protonId) ?? [];
    chain.push({ from: details.from, to: details.to });
    chains.set(details.protonId, chain);
  }
  for (const [protonId, chain] of chains) {
    expect(chain[0]!.from, `proton ${protonId}`).toBe('submitted');
    for (let i = 1; i < chain.length; i++)
      expect(chain[i]!.from, `proton ${protonId} step ${i}`).toBe(chain[i - 1]!.to);
    const proton = emulator.store.protons.get(protonId);
    expect(chain.at(-1)!.to, `proton ${protonId}`).toBe(proton ? deriveProtonStatus(proton) : 'terminated');
  }
  return chains.size;
}
