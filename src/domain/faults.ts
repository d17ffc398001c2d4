import type { z } from 'zod';
import { errors } from '../errors.js';
import type { CreateFaultRequest } from '../schemas/mock.js';
import { DEFAULT_ERROR_RATE, type FaultMatch, type FaultRecord } from '../sim/faults.js';
import type { Emulator } from './emulator.js';

export type CreateFaultBody = z.output<typeof CreateFaultRequest>;

/** POST /_mock/faults (and faults declared in fixtures): the fault is recorded and matching pods re-plan. */
export function injectFault(emulator: Emulator, body: CreateFaultBody): FaultRecord {
  const now = emulator.clock.now();
  const { match, container, fault, rate, afterSeconds } = body;
  if (fault === 'BuildFailed' && match.artifactId === undefined) {
    throw errors.invalidBody(
      ['match', 'artifactId'],
      'Value error, BuildFailed matches builds by artifactId',
    );
  }
  // A fault aimed at an id that names nothing would never fire: ids are never reused.
  const workload = match.workloadId === undefined ? null : emulator.store.workloads.get(match.workloadId);
  if (match.workloadId !== undefined && (!workload || workload.deleted)) {
    throw errors.invalidBody(
      ['match', 'workloadId'],
      `Value error, no workload has the id ${match.workloadId}`,
    );
  }
  const artifact = match.artifactId === undefined ? null : emulator.store.artifacts.get(match.artifactId);
  if (match.artifactId !== undefined && !artifact) {
    throw errors.invalidBody(
      ['match', 'artifactId'],
      `Value error, no artifact has the id ${match.artifactId}`,
    );
  }
  const tenant = match.tenant === undefined ? undefined : emulator.tenantNamed(match.tenant);
  for (const [field, noun, owner] of [
    ['workloadId', 'workload', workload],
    ['artifactId', 'artifact', artifact],
  ] as const) {
    if (tenant !== undefined && owner && owner.tenant !== tenant)
      throw errors.invalidBody(['match', field], `Value error, the ${noun} belongs to another tenant`);
  }
  if (rate !== undefined && fault !== 'ErrorRate') {
    throw errors.invalidBody(['rate'], 'Value error, rate applies to ErrorRate faults only');
  }
  const record = emulator.faults.add({
    id: emulator.random.objectId(),
    match: {
      ...(match.workloadId !== undefined ? { workloadId: match.workloadId } : {}),
      ...(match.artifactId !== undefined ? { artifactId: match.artifactId } : {}),
      ...(match.imageUri !== undefined ? { imageUri: match.imageUri } : {}),
      ...(match.pod !== undefined ? { pod: match.pod } : {}),
      ...(tenant !== undefined ? { tenant } : {}),
    },
    container: container ?? null,
    fault,
    ...(fault === 'ErrorRate' ? { rate: rate ?? DEFAULT_ERROR_RATE } : {}),
    afterSeconds,
    createdAt: now,
    activeFrom: now + afterSeconds * 1000,
    tenant: tenant ?? workload?.tenant ?? artifact?.tenant ?? null,
  });
  replanPods(emulator, record.match);
  return record;
}

/**
 * Re-plans the pods a fault added or removed can touch: the protons of the tenant, workload or
 * artifact it names, every proton when it matches by image or pod alone, or when faults were cleared
 * (no match).
 * Re-planning a pod weighs every fault, so re-planning all of them for each fault of a big fixtures
 * file grew with the cube of its size.
 */
export function replanPods(emulator: Emulator, match?: FaultMatch): void {
  const protons = [...emulator.store.protons.values()];
  emulator.cluster.faultsChanged(
    match === undefined
      ? protons
      : protons.filter(
          (proton) =>
            (match.tenant === undefined || proton.tenant === match.tenant) &&
            (match.workloadId === undefined || proton.workloadId === match.workloadId) &&
            (match.artifactId === undefined || proton.artifactId === match.artifactId),
        ),
  );
}
