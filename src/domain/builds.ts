import { errors } from '../errors.js';
import type { ContainerValue } from '../schemas/artifact.js';
import { formatTimestamp } from '../sim/clock.js';
import type { Principal } from '../store/store.js';
import type { ArtifactRecord, BuildRecord, BuildStatus, BuildStep, UserRecord } from '../store/types.js';
import { missingCodeRef } from './artifacts.js';
import type { Emulator } from './emulator.js';
import { containerName } from './runtime.js';

/** Simulated seconds a build waits in the queue before it starts. */
export const BUILD_QUEUE_SECONDS = 5;
/** Simulated seconds between the image push (BUILT) and the containers carrying it (COMPLETED). */
export const BUILD_REGISTER_SECONDS = 10;
/** A failing build fails at most this far into its run (or when its fault starts, if later). */
const FAIL_AFTER_SECONDS = 30;

/** The steps a build's timer may be due to take in each status: none once it has ended. */
export const STEPS_OF_BUILD_STATUS: Readonly<Record<BuildStatus, readonly BuildStep[]>> = {
  PENDING: ['beginBuilding'],
  IN_PROGRESS: ['finishBuilding', 'fail'],
  BUILT: ['complete'],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
  UNKNOWN: [],
};

/** The statuses of a build still running: those with a next step. */
const RUNNING: ReadonlySet<BuildStatus> = new Set(
  (Object.keys(STEPS_OF_BUILD_STATUS) as BuildStatus[]).filter((s) => STEPS_OF_BUILD_STATUS[s].length > 0),
);

interface BuildTarget {
  group: string;
  name: string;
  container: ContainerValue;
}

/** The image a completed build gives a container. */
export function builtImageUri(artifactId: string, container: string, buildId: string): string {
  return `registry.local/artifacts/${artifactId}/${container}:${buildId}`;
}

/**
 * Image builds of artifacts whose containers carry an imageBuildConfig. Each build moves
 * PENDING -> IN_PROGRESS -> BUILT -> COMPLETED on the clock (a BuildFailed fault ends it FAILED);
 * a completed build gives its containers their imageUri. Drafts are built on request, locked
 * artifacts when they are locked.
 */
export class BuildOps {
  constructor(private readonly emulator: Emulator) {}

  private get clock() {
    return this.emulator.clock;
  }

  /** An artifact's builds, newest first. */
  list(principal: Principal, artifactId: string): BuildRecord[] {
    this.emulator.artifacts.get(principal, artifactId);
    const builds: BuildRecord[] = [];
    for (const build of this.emulator.store.builds.values()) {
      if (build.artifactId === artifactId) builds.push(build);
    }
    return builds.reverse();
  }

  get(principal: Principal, artifactId: string, buildId: string): BuildRecord {
    this.emulator.artifacts.get(principal, artifactId);
    const build = this.emulator.store.builds.get(buildId);
    if (!build || build.artifactId !== artifactId) throw errors.notFound('Build');
    return build;
  }

  /** POST /builds: one build per distinct code reference; builds still running for them are cancelled. */
  trigger(principal: Principal, artifactId: string): BuildRecord[] {
    const artifact = this.emulator.artifacts.get(principal, artifactId);
    if (artifact.status === 'locked') {
      throw errors.unprocessable(
        'ARTIFACT_LOCKED',
        `Artifact ${artifact.id} is locked: only draft artifacts are built on request.`,
      );
    }
    if (artifact.type !== 'service') {
      throw errors.unprocessable(
        'NOT_BUILDABLE',
        `Artifact ${artifact.id} is a ${artifact.type} artifact: only service artifacts are built from code.`,
      );
    }
    const targets = buildTargets(artifact);
    if (targets.length === 0) {
      throw errors.unprocessable(
        'NOTHING_TO_BUILD',
        `Artifact ${artifact.id} has no container with an imageBuildConfig to build.`,
      );
    }
    const missing = missingCodeRef(artifact.spec);
    if (missing) {
      throw errors.unprocessable(
        'CODE_REF_REQUIRED',
        `Container '${missing.container}' of artifact ${artifact.id} has no imageBuildConfig.codeRef: name the code to build first.`,
      );
    }
    this.cancelFor(artifact, 'superseded by a new build');
    return groupByCode(targets).map((group) => this.start(artifact, principal.user, group));
  }

  /**
   * A locked artifact gets the images it still lacks (a service artifact's: only those are built from
   * code): those never built, and those whose last build failed or was cancelled, which would
   * otherwise keep the artifact from being deployed, with no way left to build it.
   */
  artifactLocked(artifact: ArtifactRecord, by: UserRecord): void {
    if (artifact.type !== 'service') return;
    const running = new Set(
      this.runningBuilds(artifact.id).flatMap((b) => b.containers.map((c) => `${c.group}/${c.name}`)),
    );
    const lacking = ({ imageUri, build }: ContainerValue) =>
      !imageUri || (build != null && build.status !== 'COMPLETED');
    const missing = buildTargets(artifact).filter(
      (t) => lacking(t.container) && !running.has(`${t.group}/${t.name}`),
    );
    for (const group of groupByCode(missing)) this.start(artifact, by, group);
  }

  /** Ends the builds still running for an artifact (its spec changed, or a new build supersedes them). */
  cancelFor(artifact: ArtifactRecord, reason: string): void {
    for (const build of this.runningBuilds(artifact.id)) {
      this.log(build, `Build cancelled: ${reason}.`);
      this.setStatus(build, artifact, 'CANCELLED');
    }
  }

  /** The artifact is gone: so are its builds. */
  forgetArtifact(artifactId: string): void {
    for (const [id, build] of this.emulator.store.builds) {
      if (build.artifactId !== artifactId) continue;
      this.clock.cancel(build.timer);
      this.emulator.store.builds.delete(id);
    }
  }

  /** Why the artifact cannot be deployed yet because of a build, or null. */
  deployBlocker(artifact: ArtifactRecord): string | null {
    for (const group of artifact.spec.containerGroups) {
      for (const [index, container] of group.containers.entries()) {
        const build = container.build;
        if (build && build.status !== 'COMPLETED') {
          return `Artifact ${artifact.id}: the image build ${build.artifactImageBuildId} of container '${containerName(container, index)}' is ${build.status}; deploy it once the build is COMPLETED.`;
        }
      }
    }
    return null;
  }

  private runningBuilds(artifactId: string): BuildRecord[] {
    return [...this.emulator.store.builds.values()].filter(
      (b) => b.artifactId === artifactId && RUNNING.has(b.status),
    );
  }

  private start(artifact: ArtifactRecord, creator: UserRecord, targets: BuildTarget[]): BuildRecord {
    const now = this.clock.now();
    const names = targets.map((t) => t.name);
    const build: BuildRecord = {
      id: this.emulator.random.objectId(),
      tenant: artifact.tenant,
      artifactId: artifact.id,
      name: `${artifact.name} (${names.join(', ')})`,
      status: 'PENDING',
      containers: targets.map((t) => ({ group: t.group, name: t.name })),
      creator,
      createdAt: now,
      updatedAt: now,
      logs: [],
      timer: null,
      timerAt: null,
      timerStep: null,
    };
    this.emulator.store.builds.set(build.id, build);
    this.log(
      build,
      `Build ${build.id} of artifact ${artifact.id} queued for container(s) ${names.join(', ')}.`,
    );
    this.setStatus(build, artifact, 'PENDING');
    this.schedule(build, BUILD_QUEUE_SECONDS, 'beginBuilding');
    return build;
  }

  private beginBuilding(build: BuildRecord, artifact: ArtifactRecord): void {
    const targets = buildTargets(artifact).filter((t) =>
      build.containers.some((c) => c.group === t.group && c.name === t.name),
    );
    this.setStatus(build, artifact, 'IN_PROGRESS');
    const config = targets[0]?.container.imageBuildConfig;
    const code = config?.codeRef?.datarobot;
    if (code) this.log(build, `Fetching code: catalog ${code.catalogId}, version ${code.catalogVersionId}.`);
    const dockerfile = config?.dockerfile;
    if (dockerfile?.source === 'generated') {
      this.log(
        build,
        `Generating a Dockerfile from execution environment ${dockerfile.executionEnvironmentId} (version ${dockerfile.executionEnvironmentVersionId}).`,
      );
      this.log(build, 'Step 1/4 : FROM the execution environment image');
      this.log(build, 'Step 2/4 : COPY . /opt/code');
      this.log(build, 'Step 3/4 : RUN pip install --no-cache-dir -r requirements.txt');
      this.log(build, `Step 4/4 : ENTRYPOINT ${JSON.stringify(dockerfile.entrypoint)}`);
    } else {
      this.log(build, `Building from the provided Dockerfile ${dockerfile?.path ?? './Dockerfile'}.`);
    }
    this.continueBuilding(build, artifact);
  }

  /**
   * The rest of an IN_PROGRESS build's run, from when it began (its `updatedAt`): it fails part-way
   * while a BuildFailed fault applies to it, and finishes otherwise; so a fault cleared before the
   * failure is due lets the build finish.
   */
  private continueBuilding(build: BuildRecord, artifact: ArtifactRecord): void {
    const seconds = this.emulator.config.buildSeconds;
    const finishAt = build.updatedAt + seconds * 1000;
    const failFrom = this.failureFrom(build, artifact);
    if (failFrom !== null) {
      const failAt = Math.max(failFrom, build.updatedAt + Math.min(seconds / 2, FAIL_AFTER_SECONDS) * 1000);
      if (failAt < finishAt) {
        if (failAt <= this.clock.now()) this.fail(build, artifact);
        else this.scheduleAt(build, failAt, 'fail');
        return;
      }
    }
    this.scheduleAt(build, finishAt, 'finishBuilding');
  }

  private finishBuilding(build: BuildRecord, artifact: ArtifactRecord): void {
    const failFrom = this.failureFrom(build, artifact);
    if (failFrom !== null && failFrom <= this.clock.now()) {
      this.fail(build, artifact);
      return;
    }
    this.log(build, `Successfully built sha256:${this.emulator.random.hex(12)}`);
    for (const c of build.containers) {
      this.log(build, `Pushed ${builtImageUri(artifact.id, c.name, build.id)}`);
    }
    this.setStatus(build, artifact, 'BUILT');
    this.schedule(build, BUILD_REGISTER_SECONDS, 'complete');
  }

  private complete(build: BuildRecord, artifact: ArtifactRecord): void {
    this.setStatus(build, artifact, 'COMPLETED', (container, name) => {
      container.imageUri = builtImageUri(artifact.id, name, build.id);
    });
    artifact.updatedAt = this.clock.now();
    this.log(
      build,
      `Build completed: container(s) ${build.containers.map((c) => c.name).join(', ')} updated.`,
    );
  }

  private fail(build: BuildRecord, artifact: ArtifactRecord): void {
    this.log(
      build,
      'ERROR: process "/bin/sh -c pip install --no-cache-dir -r requirements.txt" did not complete successfully: exit code: 1',
    );
    this.log(build, 'Build failed.');
    this.setStatus(build, artifact, 'FAILED');
  }

  /** When a BuildFailed fault starts applying to this build, or null. */
  private failureFrom(build: BuildRecord, artifact: ArtifactRecord): number | null {
    let earliest: number | null = null;
    const containers = build.containers.map((c) => ({
      name: c.name,
      image: findContainer(artifact, c.group, c.name)?.imageUri ?? '',
    }));
    const target = {
      tenant: artifact.tenant,
      workloadId: '',
      artifactId: artifact.id,
      images: containers.map((c) => c.image),
    };
    for (const container of containers) {
      const from = this.emulator.faults.activeFrom('BuildFailed', target, container);
      if (from !== null && (earliest === null || from < earliest)) earliest = from;
    }
    return earliest;
  }

  private artifactOf(build: BuildRecord): ArtifactRecord | null {
    return this.emulator.store.artifacts.get(build.artifactId) ?? null;
  }

  /** Sets the build's status and mirrors it into the build info of its containers. */
  private setStatus(
    build: BuildRecord,
    artifact: ArtifactRecord,
    status: BuildStatus,
    also?: (container: ContainerValue, name: string) => void,
  ): void {
    build.status = status;
    build.updatedAt = this.clock.now();
    if (!RUNNING.has(status)) {
      this.clock.cancel(build.timer);
      build.timer = null;
      build.timerAt = null;
      build.timerStep = null;
    }
    for (const c of build.containers) {
      const container = findContainer(artifact, c.group, c.name);
      if (!container) continue;
      container.build = {
        artifactImageBuildId: build.id,
        status,
        createdAt: formatTimestamp(build.createdAt),
      };
      also?.(container, c.name);
    }
  }

  private schedule(build: BuildRecord, seconds: number, step: BuildStep): void {
    this.scheduleAt(build, this.clock.now() + seconds * 1000, step);
  }

  private scheduleAt(build: BuildRecord, at: number, step: BuildStep): void {
    build.timerAt = at;
    build.timerStep = step;
    this.arm(build);
  }

  private arm(build: BuildRecord): void {
    this.clock.cancel(build.timer);
    build.timer = null;
    const step = build.timerStep;
    if (build.timerAt === null || step === null) return;
    build.timer = this.clock.at(
      build.timerAt,
      () => {
        build.timer = null;
        build.timerAt = null;
        build.timerStep = null;
        const artifact = this.artifactOf(build);
        if (!artifact) return;
        if (step === 'beginBuilding') this.beginBuilding(build, artifact);
        else if (step === 'finishBuilding') this.finishBuilding(build, artifact);
        else if (step === 'complete') this.complete(build, artifact);
        else this.continueBuilding(build, artifact);
      },
      `build:${build.id}`,
    );
  }

  /** After a state import: the build's next step, from its stored due time. */
  rearm(build: BuildRecord): void {
    if (RUNNING.has(build.status)) this.arm(build);
  }

  private log(build: BuildRecord, line: string): void {
    build.logs.push(`${formatTimestamp(this.clock.now())} ${line}`);
  }
}

function buildTargets(artifact: ArtifactRecord): BuildTarget[] {
  const targets: BuildTarget[] = [];
  for (const group of artifact.spec.containerGroups) {
    group.containers.forEach((container, index) => {
      if (container.imageBuildConfig) {
        targets.push({ group: group.name, name: containerName(container, index), container });
      }
    });
  }
  return targets;
}

/** Containers built from the same code reference share a build; the others get one each. */
function groupByCode(targets: BuildTarget[]): BuildTarget[][] {
  const groups = new Map<string, BuildTarget[]>();
  for (const target of targets) {
    const code = target.container.imageBuildConfig?.codeRef?.datarobot;
    const key = code
      ? `code:${code.catalogId}/${code.catalogVersionId}`
      : `container:${target.group}/${target.name}`;
    const group = groups.get(key);
    if (group) group.push(target);
    else groups.set(key, [target]);
  }
  return [...groups.values()];
}

function findContainer(artifact: ArtifactRecord, group: string, name: string): ContainerValue | undefined {
  const declared = artifact.spec.containerGroups.find((g) => g.name === group);
  return declared?.containers.find((container, index) => containerName(container, index) === name);
}
