import { isDeepStrictEqual } from 'node:util';
import { errors } from '../errors.js';
import type {
  ArtifactSortValue,
  ArtifactSpecValue,
  InputArtifactBody,
  ListArtifactsQueryValue,
  UpdateArtifactBody,
} from '../schemas/artifact.js';
import type { Principal } from '../store/store.js';
import type { ArtifactRecord, RepositoryRecord, UserRecord, WorkloadRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';
import { compareKeys, pageInOrder } from './ordering.js';
import { containerName } from './runtime.js';

type Loc = (string | number)[];

/**
 * Checks what the schema cannot: unique names, ports on primary containers only, an image per
 * container, a seccomp profile file only with the Localhost type. `loc` is where the spec's fields
 * stand in the body: in a body that names the spec's type (a new artifact) that is after the type,
 * as pydantic locates errors in a discriminated union.
 */
export function validateSpec(spec: ArtifactSpecValue, loc: Loc = ['spec']): void {
  const groupNames = new Set<string>();
  spec.containerGroups.forEach((group, g) => {
    const groupLoc = [...loc, 'containerGroups', g];
    if (groupNames.has(group.name)) {
      throw errors.invalidBody(
        [...groupLoc, 'name'],
        `Value error, container group '${group.name}' is declared twice`,
      );
    }
    groupNames.add(group.name);
    const names = new Set<string>();
    let primaries = 0;
    group.containers.forEach((container, c) => {
      const containerLoc = [...groupLoc, 'containers', c];
      const name = containerName(container, c);
      if (names.has(name))
        throw errors.invalidBody(
          [...containerLoc, 'name'],
          `Value error, container '${name}' is declared twice`,
        );
      names.add(name);
      if (container.primary) {
        primaries++;
        if (container.port == null) {
          throw errors.invalidBody(
            [...containerLoc, 'port'],
            'Value error, a primary container must define a port',
          );
        }
      } else if (container.port != null) {
        throw errors.invalidBody(
          [...containerLoc, 'port'],
          'Value error, only the primary container may define a port',
        );
      }
      const seccomp = container.securityContext?.seccompProfile;
      if (seccomp?.localhostProfile != null && seccomp.type !== 'Localhost') {
        throw errors.invalidBody(
          [...containerLoc, 'securityContext', 'seccompProfile', 'localhostProfile'],
          'Value error, localhostProfile is only valid when type is Localhost',
        );
      }
      if (!container.imageUri && !container.imageBuildConfig) {
        throw errors.invalidBody(
          [...containerLoc, 'imageUri'],
          'Value error, imageUri is required when imageBuildConfig is not set',
        );
      }
    });
    if (primaries > 1)
      throw errors.invalidBody(
        [...groupLoc, 'containers'],
        'Value error, a group has at most one primary container',
      );
  });
}

/** A container built from code must name its code (`imageBuildConfig.codeRef`) before a build or a lock. */
export function missingCodeRef(
  spec: ArtifactSpecValue,
  loc: Loc = ['spec'],
): { loc: Loc; container: string } | null {
  for (const [g, group] of spec.containerGroups.entries()) {
    for (const [c, container] of group.containers.entries()) {
      if (container.imageBuildConfig && !container.imageBuildConfig.codeRef) {
        return {
          loc: [...loc, 'containerGroups', g, 'containers', c, 'imageBuildConfig', 'codeRef'],
          container: containerName(container, c),
        };
      }
    }
  }
  return null;
}

function assertLockable(spec: ArtifactSpecValue, loc: Loc = ['spec']): void {
  const missing = missingCodeRef(spec, loc);
  if (missing) {
    throw errors.invalidBody(
      missing.loc,
      `Value error, container '${missing.container}' has no codeRef: an artifact built from code needs it before it is locked`,
    );
  }
  // Locking builds the images a service artifact lacks; no other type is built from code.
  if (spec.type === 'service') return;
  for (const [g, group] of spec.containerGroups.entries()) {
    for (const [c, container] of group.containers.entries()) {
      if (container.imageUri) continue;
      throw errors.invalidBody(
        [...loc, 'containerGroups', g, 'containers', c, 'imageUri'],
        `Value error, container '${containerName(container, c)}' has no image, and a ${spec.type} artifact is not built from code: give it an imageUri before it is locked`,
      );
    }
  }
}

/** The server sets `build`; whatever a client sends there is dropped. */
function withoutBuildInfo(spec: ArtifactSpecValue): ArtifactSpecValue {
  return {
    ...spec,
    containerGroups: spec.containerGroups.map((group) => ({
      ...group,
      containers: group.containers.map((container) => ({ ...container, build: null })),
    })),
  };
}

/**
 * An update's spec as the server keeps it: without the client's `build`, and without an `imageUri`
 * echoed back for a container whose code (imageBuildConfig) changed, since that image was built from
 * the old code: the container is built again before it can run.
 */
function updatedSpec(previous: ArtifactSpecValue, next: ArtifactSpecValue): ArtifactSpecValue {
  const spec = withoutBuildInfo(next);
  for (const group of spec.containerGroups) {
    const before = previous.containerGroups.find((g) => g.name === group.name)?.containers ?? [];
    group.containers.forEach((container, index) => {
      const name = containerName(container, index);
      const old = before.find((c, i) => containerName(c, i) === name);
      if (
        old?.imageBuildConfig &&
        old.imageUri &&
        container.imageUri === old.imageUri &&
        container.imageBuildConfig &&
        !isDeepStrictEqual(container.imageBuildConfig, old.imageBuildConfig)
      ) {
        container.imageUri = null;
      }
    });
  }
  return spec;
}

export class ArtifactOps {
  constructor(private readonly emulator: Emulator) {}

  private get store() {
    return this.emulator.store;
  }

  get(principal: Principal, id: string): ArtifactRecord {
    const artifact = principal.tenant.artifacts.get(id);
    if (!artifact) throw errors.notFound('Artifact');
    return artifact;
  }

  list(principal: Principal, query: ListArtifactsQueryValue): { total: number; items: ArtifactRecord[] } {
    const { offset, limit } = query;
    const all = principal.tenant.artifacts;
    if (!hasArtifactFilter(query) && !query.orderBy) return pageInOrder(all, offset, limit);
    const needle = query.search?.toLowerCase();
    const ids = query.ids && query.ids.length > 0 ? new Set(query.ids) : null;
    let items = [...all.values()].filter((a) => {
      if (ids && !ids.has(a.id)) return false;
      if (query.status && a.status !== query.status) return false;
      if (query.type && a.type !== query.type) return false;
      if (query.repositoryId && a.repositoryId !== query.repositoryId) return false;
      if (query.createdBy && query.createdBy !== a.creator.id && query.createdBy !== a.creator.username)
        return false;
      if (query.tagKeys && query.tagKeys.length > 0 && !a.tags.some((t) => query.tagKeys!.includes(t.name)))
        return false;
      if (
        query.tagValues &&
        query.tagValues.length > 0 &&
        !a.tags.some((t) => query.tagValues!.includes(t.value))
      )
        return false;
      if (needle && ![a.name, a.description, a.id].some((text) => text.toLowerCase().includes(needle)))
        return false;
      return true;
    });
    if (query.orderBy) items = sortBy(items, query.orderBy);
    return { total: items.length, items: items.slice(offset, offset + limit) };
  }

  repository(principal: Principal, id: string): RepositoryRecord {
    const repository = principal.tenant.repositories.get(id);
    if (!repository) throw errors.notFound('Artifact repository');
    return repository;
  }

  /**
   * Builds a new artifact record without storing it, so a caller (an inline workload artifact) can
   * validate everything else before anything is written.
   */
  prepare(
    principal: Principal,
    body: InputArtifactBody,
    loc: Loc = [],
  ): { artifact: ArtifactRecord; repository: RepositoryRecord | null } {
    if (body.spec.type !== body.type) {
      throw errors.invalidBody(
        [...loc, 'spec', 'type'],
        `Value error, spec type '${body.spec.type}' does not match the artifact type '${body.type}'`,
      );
    }
    const spec = withoutBuildInfo(body.spec);
    const specLoc = [...loc, 'spec', spec.type];
    validateSpec(spec, specLoc);
    if (body.status === 'locked') assertLockable(spec, specLoc);
    const now = this.emulator.clock.now();
    let repository: RepositoryRecord | null = null;
    let repositoryId: string;
    if (body.artifactRepositoryId) {
      const existing = principal.tenant.repositories.get(body.artifactRepositoryId);
      if (!existing) {
        throw errors.invalidBody(
          [...loc, 'artifactRepositoryId'],
          `Value error, artifact repository ${body.artifactRepositoryId} not found`,
        );
      }
      if (existing.type !== body.type) {
        throw errors.invalidBody(
          [...loc, 'artifactRepositoryId'],
          `Value error, the repository holds ${existing.type} artifacts, not ${body.type}`,
        );
      }
      repositoryId = existing.id;
    } else {
      repository = {
        id: this.emulator.random.objectId(),
        tenant: principal.tenant.name,
        name: body.name,
        type: body.type,
        lastVersionNumber: 0,
        creator: principal.user,
        createdAt: now,
        updatedAt: now,
        tags: [],
        sharedRoles: [],
      };
      repositoryId = repository.id;
    }
    const artifact: ArtifactRecord = {
      id: this.emulator.random.objectId(),
      tenant: principal.tenant.name,
      name: body.name,
      description: body.description,
      type: body.type,
      status: 'draft',
      version: null,
      spec,
      repositoryId,
      creator: principal.user,
      createdAt: now,
      updatedAt: now,
      tags: [],
      sharedRoles: [],
    };
    return { artifact, repository };
  }

  /** Stores a prepared artifact (and its new repository), locking it if the body asked (prepare checked it can be). */
  commit(
    principal: Principal,
    prepared: { artifact: ArtifactRecord; repository: RepositoryRecord | null },
    lock: boolean,
  ): ArtifactRecord {
    const { artifact, repository } = prepared;
    if (repository) principal.tenant.repositories.set(repository.id, repository);
    principal.tenant.artifacts.set(artifact.id, artifact);
    this.store.artifacts.set(artifact.id, artifact);
    if (lock) this.lock(artifact, principal.user);
    return artifact;
  }

  create(principal: Principal, body: InputArtifactBody): ArtifactRecord {
    return this.commit(principal, this.prepare(principal, body), body.status === 'locked');
  }

  /**
   * Locking is one-way and gives the artifact the next version number of its repository; the images
   * it still lacks are built, started by whoever locked it.
   */
  lock(artifact: ArtifactRecord, by: UserRecord): void {
    const repository = this.store.tenant(artifact.tenant).repositories.get(artifact.repositoryId);
    const version = (repository?.lastVersionNumber ?? 0) + 1;
    if (repository) {
      repository.lastVersionNumber = version;
      repository.updatedAt = this.emulator.clock.now();
    }
    artifact.status = 'locked';
    artifact.version = version;
    artifact.updatedAt = this.emulator.clock.now();
    this.emulator.builds.artifactLocked(artifact, by);
  }

  patch(principal: Principal, id: string, body: UpdateArtifactBody): ArtifactRecord {
    const artifact = this.get(principal, id);
    if (artifact.status === 'locked') throw errors.artifactLocked(id);
    const spec = body.spec
      ? updatedSpec(artifact.spec, { ...body.spec, type: artifact.type } as ArtifactSpecValue)
      : null;
    if (spec) validateSpec(spec);
    if (body.status === 'locked') assertLockable(spec ?? artifact.spec);
    if (spec) this.emulator.builds.cancelFor(artifact, 'the artifact spec changed');
    if (body.name != null) artifact.name = body.name;
    if (body.description !== undefined) artifact.description = body.description ?? '';
    if (spec) artifact.spec = { ...artifact.spec, containerGroups: spec.containerGroups };
    artifact.updatedAt = this.emulator.clock.now();
    if (body.status === 'locked') this.lock(artifact, principal.user);
    return artifact;
  }

  put(principal: Principal, id: string, body: InputArtifactBody): ArtifactRecord {
    const artifact = this.get(principal, id);
    if (artifact.status === 'locked') throw errors.artifactLocked(id);
    if (body.spec.type !== body.type) {
      throw errors.invalidBody(
        ['spec', 'type'],
        `Value error, spec type '${body.spec.type}' does not match the artifact type '${body.type}'`,
      );
    }
    if (body.type !== artifact.type && this.referencingWorkloads(artifact).length > 0) {
      throw errors.invalidBody(['type'], 'Value error, the type of an artifact in use cannot change');
    }
    const spec = updatedSpec(artifact.spec, body.spec);
    const specLoc = ['spec', spec.type];
    validateSpec(spec, specLoc);
    if (body.status === 'locked') assertLockable(spec, specLoc);
    if (body.artifactRepositoryId && body.artifactRepositoryId !== artifact.repositoryId) {
      throw errors.invalidBody(
        ['artifactRepositoryId'],
        'Value error, an artifact cannot move to another repository',
      );
    }
    const repository = principal.tenant.repositories.get(artifact.repositoryId);
    if (repository && repository.type !== body.type) {
      throw errors.invalidBody(
        ['type'],
        `Value error, the repository holds ${repository.type} artifacts, not ${body.type}`,
      );
    }
    this.emulator.builds.cancelFor(artifact, 'the artifact spec changed');
    artifact.name = body.name;
    artifact.description = body.description;
    artifact.type = body.type;
    artifact.spec = spec;
    artifact.updatedAt = this.emulator.clock.now();
    if (body.status === 'locked') this.lock(artifact, principal.user);
    return artifact;
  }

  /**
   * Workloads with a proton (active, candidate or retiring) on this artifact, or a replacement about
   * to roll it out. A deleted workload no longer counts while its protons wind down: to the API it
   * is gone, and a teardown deletes the workload and then its artifact at once. Only the artifact's
   * tenant's workloads can use it.
   */
  referencingWorkloads(artifact: ArtifactRecord): WorkloadRecord[] {
    const workloads: WorkloadRecord[] = [];
    for (const workload of this.store.tenant(artifact.tenant).workloads.values()) {
      if (!workload.deleted && this.references(workload, artifact.id)) workloads.push(workload);
    }
    return workloads;
  }

  private references(workload: WorkloadRecord, artifactId: string): boolean {
    const onProton = workload.protonIds.some((id) => {
      const proton = this.store.protons.get(id);
      return proton?.artifactId === artifactId && !proton.terminated;
    });
    const replacement =
      workload.currentReplacementId === null
        ? undefined
        : this.store.replacements.get(workload.currentReplacementId);
    return onProton || (replacement?.candidateArtifactId === artifactId && replacement.phase === 'submitted');
  }

  delete(principal: Principal, id: string): void {
    const artifact = this.get(principal, id);
    const users = this.referencingWorkloads(artifact);
    if (users.length > 0) throw errors.artifactInUse(id, users);
    if (artifact.status === 'locked') throw errors.artifactDeleteLocked(id);
    this.remove(principal, artifact);
  }

  private remove(principal: Principal, artifact: ArtifactRecord): void {
    // First, while the live feed can still tell whose they were.
    this.emulator.faults.removeAimedAt('artifactId', artifact.id);
    principal.tenant.artifacts.delete(artifact.id);
    this.store.artifacts.delete(artifact.id);
    this.emulator.builds.forgetArtifact(artifact.id);
  }

  /** A new draft with the same spec, in the same repository. */
  clone(principal: Principal, id: string, name: string): ArtifactRecord {
    const source = this.get(principal, id);
    const now = this.emulator.clock.now();
    const copy: ArtifactRecord = {
      ...source,
      id: this.emulator.random.objectId(),
      name,
      status: 'draft',
      version: null,
      spec: structuredClone(withoutBuildInfo(source.spec)),
      creator: principal.user,
      createdAt: now,
      updatedAt: now,
      tags: source.tags.map((tag) => ({ ...tag })),
      sharedRoles: [],
    };
    principal.tenant.artifacts.set(copy.id, copy);
    this.store.artifacts.set(copy.id, copy);
    return copy;
  }

  deleteRepository(principal: Principal, id: string): void {
    const repository = this.repository(principal, id);
    const members = [...principal.tenant.artifacts.values()].filter((a) => a.repositoryId === id);
    const locked = members.filter((a) => a.status === 'locked');
    if (locked.length > 0)
      throw errors.repositoryNotDeletable(
        id,
        `it holds locked artifacts (${locked.map((a) => a.id).join(', ')})`,
      );
    const inUse = members.filter((a) => this.referencingWorkloads(a).length > 0);
    if (inUse.length > 0)
      throw errors.repositoryNotDeletable(
        id,
        `artifacts ${inUse.map((a) => a.id).join(', ')} are in use by workloads`,
      );
    for (const artifact of members) this.remove(principal, artifact);
    principal.tenant.repositories.delete(repository.id);
  }

  /**
   * Every artifact must run: at least one container in each group (a pod of none is no pod), each
   * with an image (built, if it is built).
   */
  assertDeployable(artifact: ArtifactRecord, loc: Loc): void {
    const containers = artifact.spec.containerGroups.flatMap((g) => g.containers);
    if (containers.length === 0) {
      throw errors.invalidBody(loc, `Value error, artifact ${artifact.id} declares no container to run`);
    }
    const empty = artifact.spec.containerGroups.find((g) => g.containers.length === 0);
    if (empty) {
      throw errors.invalidBody(
        loc,
        `Value error, container group '${empty.name}' of artifact ${artifact.id} declares no container to run`,
      );
    }
    // A validation error in FastAPI's list shape, as the reference declares for these 422s.
    const blocker = this.emulator.builds.deployBlocker(artifact);
    if (blocker) throw errors.invalidBody(loc, `Value error, ${blocker}`);
    for (const group of artifact.spec.containerGroups) {
      for (const [index, container] of group.containers.entries()) {
        if (container.imageUri) continue;
        throw errors.invalidBody(
          loc,
          `Value error, container '${containerName(container, index)}' has no image: build the artifact before deploying it`,
        );
      }
    }
  }
}

/** The query's parameters that only page or order: any other, given a value, filters. */
const NOT_FILTERS: ReadonlySet<string> = new Set(['offset', 'limit', 'orderBy']);

function hasArtifactFilter(query: ListArtifactsQueryValue): boolean {
  return Object.entries(query).some(
    ([key, value]) =>
      !NOT_FILTERS.has(key) &&
      value !== undefined &&
      value !== '' &&
      !(Array.isArray(value) && value.length === 0),
  );
}

/** Sorts by `name`, `createdAt`, `updatedAt` or `status`; a leading `-` sorts descending. */
export function sortBy<T extends { name: string; createdAt: number; updatedAt: number; status?: string }>(
  items: T[],
  orderBy: ArtifactSortValue,
): T[] {
  const descending = orderBy.startsWith('-');
  const key = (descending ? orderBy.slice(1) : orderBy) as Exclude<ArtifactSortValue, `-${string}`>;
  const value = (item: T): string | number => (key === 'name' ? item.name.toLowerCase() : (item[key] ?? ''));
  return [...items].sort((a, b) => compareKeys(value(a), value(b)) * (descending ? -1 : 1));
}
