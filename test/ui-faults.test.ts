import { describe, expect, it } from 'vitest';
import { faultsApplying, faultTargetsOf } from '../ui/src/faults.js';
import type { Artifact, FaultValue, Proton, StatusDetails } from '../ui/src/types.js';

const TENANT = 'research';
const WORKLOAD = 'w-notebook';

function proton(id: string, artifactId: string, status: Proton['status'] = 'running'): Proton {
  return { id, artifactId, status } as Proton;
}

function pods(...replicas: { name: string; images: string[] }[]): StatusDetails {
  return {
    replicas: replicas.map(({ name, images }) => ({
      name,
      containers: images.map((image, i) => ({ name: `c${i}`, image })),
    })),
  } as StatusDetails;
}

function fault(id: string, kind: FaultValue['fault'], match: FaultValue['match']): FaultValue {
  return { id, fault: kind, match, container: null } as FaultValue;
}

const artifact = (id: string, imageUri: string | null): Artifact =>
  ({ id, spec: { containerGroups: [{ containers: [{ imageUri }] }] } }) as unknown as Artifact;

describe("the dashboard's faults of a workload", () => {
  const protons = [proton('p1', 'a-notebook'), proton('p0', 'a-old', 'terminated')];
  const details = new Map([
    ['p1', pods({ name: 'notebook-api-0', images: ['research/notebook-api:0.3.0'] })],
    ['p0', null],
  ]);
  const artifacts = [artifact('a-notebook', 'research/notebook-api:0.3.0'), artifact('a-old', null)];
  const targets = faultTargetsOf(TENANT, WORKLOAD, protons, details, artifacts);
  const shown = (faults: FaultValue[]) => faultsApplying(faults, targets, artifacts).map((f) => f.id);

  it("leaves out faults that select another workload's images, pods, artifact or id", () => {
    expect(
      shown([
        fault('other-image', 'ImagePullBackOff', {
          imageUri: 'registry.example.com/acme/fraud-scorer:2.1.*',
        }),
        fault('other-pod', 'PodFailed', { pod: 'fraud-scorer-*' }),
        fault('other-artifact', 'OOMKilled', { artifactId: 'a-fraud' }),
        fault('other-workload', 'NeverReady', { workloadId: 'w-fraud' }),
        fault('retired-artifact', 'CrashLoopBackOff', { artifactId: 'a-old' }),
        fault('other-tenant', 'CrashLoopBackOff', { imageUri: 'research/*', tenant: 'acme' }),
        fault('other-build', 'BuildFailed', { artifactId: 'a-fraud' }),
      ]),
    ).toEqual([]);
  });

  it('shows those that select it, by id, artifact, image glob or pod glob, and the build faults of its artifacts', () => {
    expect(
      shown([
        fault('by-id', 'NeverReady', { workloadId: WORKLOAD }),
        fault('by-artifact', 'OOMKilled', { artifactId: 'a-notebook' }),
        fault('by-image', 'ImagePullBackOff', { imageUri: 'research/*' }),
        fault('by-pod', 'PodFailed', { pod: 'notebook-api-?' }),
        fault('by-tenant', 'NeverReady', { tenant: TENANT }),
        fault('by-artifact-and-image', 'ErrorRate', {
          artifactId: 'a-notebook',
          imageUri: 'research/*:0.3.*',
        }),
        fault('build', 'BuildFailed', { artifactId: 'a-notebook' }),
      ]),
    ).toEqual(['by-id', 'by-artifact', 'by-image', 'by-pod', 'by-tenant', 'by-artifact-and-image', 'build']);
  });

  it("matches any pod of any live proton, any container's image, and builds of artifacts no proton runs", () => {
    const multi = {
      id: 'a-multi',
      spec: {
        containerGroups: [
          { containers: [{ imageUri: 'research/multi:1' }, { imageUri: 'research/multi-sidecar:1' }] },
          { containers: [{ imageUri: 'research/multi-worker:1' }] },
        ],
      },
    } as unknown as Artifact;
    const all = [...artifacts, multi];
    const live = faultTargetsOf(
      TENANT,
      WORKLOAD,
      [...protons, proton('p3', 'a-multi', 'submitted')],
      new Map([
        [
          'p1',
          pods(
            { name: 'notebook-api-0', images: ['research/notebook-api:0.3.0', 'research/proxy:1.0'] },
            { name: 'notebook-api-1', images: ['research/notebook-api:0.3.0', 'research/proxy:1.0'] },
          ),
        ],
      ]),
      all,
    );
    const faults = [
      fault('second-pod', 'PodFailed', { pod: 'notebook-api-1' }),
      fault('pod-sidecar', 'CrashLoopBackOff', { imageUri: 'research/proxy:*' }),
      fault('artifact-sidecar', 'CrashLoopBackOff', { imageUri: 'research/multi-sidecar:*' }),
      fault('second-group', 'OOMKilled', { imageUri: 'research/multi-worker:*' }),
      fault('retired-build', 'BuildFailed', { artifactId: 'a-old' }),
    ];
    expect(faultsApplying(faults, live, all).map((f) => f.id)).toEqual(faults.map((f) => f.id));
  });

  it('reads the images of a proton with no pods yet from its artifact', () => {
    const starting = faultTargetsOf(
      TENANT,
      WORKLOAD,
      [proton('p2', 'a-notebook', 'submitted')],
      new Map(),
      artifacts,
    );
    expect(starting).toEqual([
      {
        tenant: TENANT,
        workloadId: WORKLOAD,
        artifactId: 'a-notebook',
        images: ['research/notebook-api:0.3.0'],
      },
    ]);
    const image = fault('by-image', 'ImagePullBackOff', { imageUri: 'research/*' });
    const elsewhere = fault('elsewhere', 'ImagePullBackOff', { imageUri: 'acme/*' });
    // A pod glob acts on pods that exist: none yet here (a stopped workload has none either).
    const byPod = fault('by-pod', 'OOMKilled', { pod: 'notebook-api-*' });
    expect(faultsApplying([image, elsewhere, byPod], starting, artifacts).map((f) => f.id)).toEqual([
      'by-image',
    ]);
  });
});
