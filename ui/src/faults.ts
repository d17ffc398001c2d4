import { type FaultTarget, patternsOf, selects } from '../../src/sim/faults.js';
import type { Artifact, FaultValue, Proton, StatusDetails } from './types.js';

/** The images an artifact names (a container built from code names none until its build). */
function imagesOf(artifact: Artifact | undefined): string[] {
  const groups = (artifact?.spec as { containerGroups?: { containers?: { imageUri?: string | null }[] }[] })
    ?.containerGroups;
  return (groups ?? []).flatMap((group) =>
    (group.containers ?? []).flatMap((container) => (container.imageUri ? [container.imageUri] : [])),
  );
}

/**
 * What the workload's faults act on: each pod of its protons, or a proton with no pods yet as a
 * whole, with its artifact's images. Torn-down protons are left out: nothing of theirs runs again.
 */
export function faultTargetsOf(
  tenant: string,
  workloadId: string,
  protons: readonly Proton[],
  statusDetails: ReadonlyMap<string, StatusDetails | null>,
  artifacts: readonly Artifact[],
): FaultTarget[] {
  return protons
    .filter((proton) => proton.status !== 'terminated')
    .flatMap((proton) => {
      const pods = statusDetails.get(proton.id)?.replicas ?? [];
      if (pods.length === 0) {
        const artifact = artifacts.find((a) => a.id === proton.artifactId);
        return [{ tenant, workloadId, artifactId: proton.artifactId, images: imagesOf(artifact) }];
      }
      return pods.map((pod) => ({
        tenant,
        workloadId,
        artifactId: proton.artifactId,
        images: pod.containers.map((container) => container.image),
        pod: pod.name,
      }));
    });
}

/**
 * The faults that act on these targets, as the server matches them (by tenant, workload, artifact,
 * image and pod), and the build faults of the tenant's artifacts, which the page offers too.
 */
export function faultsApplying(
  faults: readonly FaultValue[],
  targets: readonly FaultTarget[],
  artifacts: readonly Artifact[],
): FaultValue[] {
  return faults.filter((fault) => {
    if (fault.fault === 'BuildFailed') return artifacts.some((a) => a.id === fault.match.artifactId);
    const patterns = patternsOf(fault.match);
    return targets.some((target) => selects(fault.match, patterns, target));
  });
}
