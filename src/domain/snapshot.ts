import { z } from 'zod';
import { ApiError, toValidationItems, type ValidationItem } from '../errors.js';
import { type SectionSchemas, StateDocument, sectionSchemas } from '../schemas/state.js';
import { formatTimestamp } from '../sim/clock.js';
import {
  isTerminal,
  LEGACY_TIMER_EVENTS,
  ROLLOUT_TIMEOUT_PHASES,
  STATUS_OF_PHASE,
  TIMER_EVENTS_OF_PHASE,
} from '../sim/replacement-machine.js';
import { WorkloadEventLog } from '../store/event-log.js';
import type { ProtonRecord, ReplacementRecord, WorkloadRecord } from '../store/types.js';
import { validateSpec } from './artifacts.js';
import { STEPS_OF_BUILD_STATUS } from './builds.js';
import type { Emulator } from './emulator.js';
import { rebuiltRoleChanges } from './proton-roles.js';

export const STATE_FORMAT = 'workload-api-mock/state';
export const STATE_VERSION = 1;

/**
 * One named part of the state snapshot. A subsystem that holds state of its own (telemetry, builds...)
 * registers a section on `emulator.snapshots`, and GET/PUT /_mock/state and MOCK_STATE_FILE carry it.
 *
 * Import happens in three steps, all sections at a time: every section present is validated against
 * its schema first (nothing changes if one is invalid); then `Emulator.reset()` runs and each section
 * imports, in registration order, with timers cancelled (the clock section drops every timer); then
 * each section's `resume` re-arms the timers its records wait on, from the due times they store.
 */
export interface SnapshotSection<T = unknown> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** A document may leave it out (a section added after older snapshots were written): it stays empty. */
  readonly optional?: boolean;
  export(): T;
  /** Cross-checks the validated data (references between records); returns problems, none if fine. */
  check?(data: T): ValidationItem[];
  import(data: T): void;
  resume?(): void;
}

export type StateDocumentValue = z.output<typeof StateDocument>;

/** What a core section holds; its schema is built on the first import (schemas/state.ts). */
type Section<Name extends keyof SectionSchemas> = z.output<SectionSchemas[Name]>;

function lazySection<Name extends keyof SectionSchemas>(name: Name) {
  return z.lazy(() => sectionSchemas()[name]);
}

/** A snapshot that cannot be imported: every problem, located from the document's root. */
export class StateImportError extends Error {
  constructor(readonly items: ValidationItem[]) {
    super(items.map(describeItem).join('; '));
    this.name = 'StateImportError';
  }
}

/** `sections.store.workloads[2].name: Field required`. */
export function describeItem(item: ValidationItem): string {
  return `${formatPath(item.loc)}: ${item.msg}`;
}

export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${part}` : part;
  }
  return text || '(document)';
}

interface ValidatedState {
  sections: { section: SnapshotSection; data: unknown }[];
}

export class SnapshotRegistry {
  private readonly sections = new Map<string, SnapshotSection>();

  constructor(private readonly emulator: Emulator) {
    registerCoreSections(this, emulator);
  }

  register<T>(section: SnapshotSection<T>): void {
    if (this.sections.has(section.name))
      throw new Error(`snapshot section "${section.name}" is registered twice`);
    this.sections.set(section.name, section as SnapshotSection);
  }

  names(): string[] {
    return [...this.sections.keys()];
  }

  export(): StateDocumentValue {
    const sections: Record<string, unknown> = {};
    for (const section of this.sections.values()) sections[section.name] = section.export();
    return {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      exportedAt: this.emulator.clock.nowIso(),
      sections,
    };
  }

  /** Checks a whole document without changing anything; throws a StateImportError listing the problems. */
  validate(document: unknown): ValidatedState {
    const envelope = StateDocument.safeParse(document, { reportInput: true });
    if (!envelope.success) throw new StateImportError(toValidationItems(envelope.error.issues));
    if (envelope.data.version !== STATE_VERSION) {
      throw new StateImportError([
        {
          loc: ['version'],
          msg: `This mock reads state version ${STATE_VERSION}; the document is version ${envelope.data.version}.`,
          type: 'value_error',
        },
      ]);
    }
    const given = envelope.data.sections;
    const problems: ValidationItem[] = [];
    // The document's own keys: a record's parse drops a "__proto__" key, which would go unreported.
    for (const name of Object.keys((document as { sections: object }).sections)) {
      if (!this.sections.has(name)) {
        problems.push({
          loc: ['sections', name],
          msg: `Unknown section "${name}"; this mock knows ${this.names().join(', ')}.`,
          type: 'value_error',
        });
      }
    }
    const sections: ValidatedState['sections'] = [];
    for (const section of this.sections.values()) {
      if (!(section.name in given)) {
        if (!section.optional)
          problems.push({ loc: ['sections', section.name], msg: 'Field required', type: 'missing' });
        continue;
      }
      const parsed = section.schema.safeParse(given[section.name], { reportInput: true });
      if (!parsed.success) {
        problems.push(...toValidationItems(parsed.error.issues, ['sections', section.name]));
        continue;
      }
      // What the schema makes of it: a field that files written before it was kept leave out gets its
      // default (an import followed by an export of a current document gives back the same bytes).
      const data = parsed.data;
      for (const item of section.check?.(data) ?? [])
        problems.push({ ...item, loc: ['sections', section.name, ...item.loc] });
      sections.push({ section, data });
    }
    if (problems.length > 0) throw new StateImportError(problems);
    return { sections };
  }

  /** Replaces everything with the document's state; throws (changing nothing) when it is invalid. */
  import(document: unknown): string[] {
    const validated = this.validate(document);
    this.emulator.reset();
    for (const { section, data } of validated.sections) section.import(data);
    try {
      for (const { section } of validated.sections) section.resume?.();
    } finally {
      this.emulator.clock.endRestore();
    }
    return validated.sections.map(({ section }) => section.name);
  }
}

function withoutKeys<T extends object, K extends keyof T>(record: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function registerCoreSections(registry: SnapshotRegistry, emulator: Emulator): void {
  const { clock, store } = emulator;

  const clockSection: SnapshotSection<Section<'ClockSnapshot'>> = {
    name: 'clock',
    schema: lazySection('ClockSnapshot'),
    export: () => {
      const now = clock.now();
      const timerOrder = clock.pendingOrder();
      return { mode: clock.mode, scale: clock.scale, epochMs: now, now: formatTimestamp(now), timerOrder };
    },
    import: (data) =>
      clock.restore({ now: data.epochMs, mode: data.mode, scale: data.scale, order: data.timerOrder ?? [] }),
  };

  const randomSection: SnapshotSection<Section<'RandomSnapshot'>> = {
    name: 'random',
    schema: lazySection('RandomSnapshot'),
    export: () => ({ state: emulator.random.state() }),
    import: (data) => emulator.random.restore(data.state),
  };

  const clusterSection: SnapshotSection<Section<'ClusterSnapshot'>> = {
    name: 'cluster',
    schema: lazySection('ClusterSnapshot'),
    export: () => ({ nodes: emulator.cluster.nodeList() }),
    import: (data) => emulator.cluster.restoreNodes(data.nodes),
  };

  const faultsSection: SnapshotSection<Section<'FaultSnapshot'>[]> = {
    name: 'faults',
    schema: z.lazy(() => sectionSchemas().FaultSnapshot.array()),
    export: () => emulator.faults.list(),
    // A fault replaces the one of its id: a second one would be dropped without a word.
    check: (data) => {
      const problems: ValidationItem[] = [];
      uniqueKeys(data, 'id', [], problems);
      return problems;
    },
    import: (data) => {
      emulator.faults.clear();
      for (const fault of data) emulator.faults.add(fault);
    },
  };

  const storeSection: SnapshotSection<Section<'StoreSnapshot'>> = {
    name: 'store',
    schema: lazySection('StoreSnapshot'),
    export: () => ({
      tenants: [...store.tenants.values()].map((tenant) => ({
        name: tenant.name,
        id: tenant.id,
        repositories: [...tenant.repositories.values()],
        artifactIds: [...tenant.artifacts.keys()],
        workloadIds: [...tenant.workloads.keys()],
      })),
      users: store.knownUsers(),
      artifacts: [...store.artifacts.values()],
      workloads: [...store.workloads.values()].map((workload) => ({
        ...workload,
        replacementIds: [...workload.replacementIds],
        roleChanges: [...workload.roleChanges],
        tags: [...workload.tags],
        sharedRoles: [...workload.sharedRoles],
        events: { total: workload.events.total, items: workload.events.toArray() },
      })),
      protons: [...store.protons.values()].map((proton) => ({
        ...withoutKeys(proton, 'interruptionTimer'),
        lastPlacements: [...proton.lastPlacements],
        pods: proton.pods.map((pod) => withoutKeys(pod, 'timer')),
      })),
      replacements: [...store.replacements.values()].map((record) => ({
        ...withoutKeys(record, 'timer', 'timeoutTimer'),
        status: STATUS_OF_PHASE[record.phase],
      })),
      builds: [...store.builds.values()].map((build) => withoutKeys(build, 'timer')),
    }),
    check: checkStoreReferences,
    import: (data) => {
      store.reset();
      store.restoreUsers(data.users ?? []);
      emulator.workloads.cancelPurge();
      for (const artifact of data.artifacts) store.artifacts.set(artifact.id, artifact);
      let saved: Pick<StoreRecords, 'replacements' | 'protons'> | undefined;
      const rolesOf = (snapshot: StoreData['workloads'][number]) => {
        if (snapshot.roleChanges) return snapshot.roleChanges;
        saved ??= { replacements: byId(data.replacements), protons: byId(data.protons) };
        return rebuiltRoleChanges(snapshot, saved.replacements, saved.protons, clock.now());
      };
      for (const snapshot of data.workloads) {
        const events = new WorkloadEventLog(snapshot.id, emulator.config.eventsPerWorkload);
        for (const event of snapshot.events.items) events.append(event);
        events.total = snapshot.events.total;
        const workload: WorkloadRecord = { ...snapshot, roleChanges: rolesOf(snapshot), events };
        store.workloads.set(workload.id, workload);
      }
      for (const snapshot of data.protons) {
        const proton: ProtonRecord = {
          ...snapshot,
          interruptionTimer: null,
          pods: snapshot.pods.map((pod) => ({ ...pod, timer: null })),
        };
        store.protons.set(proton.id, proton);
      }
      for (const snapshot of data.replacements) {
        const { status: _status, ...saved } = upgraded(snapshot);
        const record: ReplacementRecord = { ...saved, timer: null, timeoutTimer: null };
        store.replacements.set(record.id, record);
      }
      for (const snapshot of data.builds) store.builds.set(snapshot.id, { ...snapshot, timer: null });
      for (const snapshot of data.tenants) {
        const tenant = store.tenant(snapshot.name);
        tenant.id = snapshot.id;
        for (const repository of snapshot.repositories) tenant.repositories.set(repository.id, repository);
        for (const id of snapshot.artifactIds) tenant.artifacts.set(id, store.artifacts.get(id)!);
        for (const id of snapshot.workloadIds) tenant.workloads.set(id, store.workloads.get(id)!);
      }
    },
    resume: () => {
      // Replacements first: a pod transition that falls due during the re-arm may move a
      // replacement on, which must find its own timers already in place.
      for (const record of store.replacements.values()) emulator.replacements.rearm(record);
      for (const proton of store.protons.values()) emulator.cluster.rearm(proton);
      for (const build of store.builds.values()) emulator.builds.rearm(build);
      emulator.autoscaling.rearmAll();
      for (const workload of store.workloads.values()) {
        if (workload.deleted && workload.protonIds.length === 0) emulator.workloads.forgetWhenDue(workload);
      }
    },
  };

  const activitySection: SnapshotSection<Section<'ActivitySnapshot'>> = {
    name: 'activity',
    schema: lazySection('ActivitySnapshot'),
    export: () => ({
      logs: emulator.activity.workloadIds().map((workloadId) => {
        const ring = emulator.activity.logsOf(workloadId)!;
        return { workloadId, total: ring.total, lines: ring.toArray() };
      }),
    }),
    // Lists read into maps by a key: a second entry of one key would replace the first.
    check: (data) => {
      const problems: ValidationItem[] = [];
      uniqueKeys(data.logs, 'workloadId', ['logs'], problems);
      return problems;
    },
    import: (data) => {
      emulator.activity.clear();
      for (const entry of data.logs)
        emulator.activity.restoreLogs(entry.workloadId, entry.lines, entry.total);
    },
  };

  const telemetrySection: SnapshotSection<Section<'TelemetrySnapshot'>> = {
    name: 'telemetry',
    schema: lazySection('TelemetrySnapshot'),
    optional: true,
    export: () => emulator.telemetry.exportState(),
    check: (data) => {
      const problems: ValidationItem[] = [];
      uniqueKeys(data.workloads, 'workloadId', ['workloads'], problems);
      data.workloads.forEach((workload, w) => {
        uniqueKeys(workload.protons, 'protonId', ['workloads', w, 'protons'], problems);
      });
      uniqueKeys(data.inFlight, 'protonId', ['inFlight'], problems);
      return problems;
    },
    import: (data) => emulator.telemetry.importState(data),
  };

  const trafficSection: SnapshotSection<Section<'TrafficSnapshot'>> = {
    name: 'traffic',
    schema: lazySection('TrafficSnapshot'),
    optional: true,
    export: () => ({ runs: emulator.traffic.exportRuns() }),
    check: (data) => {
      const problems: ValidationItem[] = [];
      uniqueKeys(data.runs, 'id', ['runs'], problems);
      // The clock would replay every tick of the gap (one per 15 simulated seconds) before answering.
      data.runs.forEach((run, r) => {
        if (run.lastTickAt < run.startedAt)
          problems.push({
            loc: ['runs', r, 'lastTickAt'],
            msg: 'A run ticks from its start on: its last tick cannot come before it started.',
            type: 'value_error',
          });
      });
      return problems;
    },
    import: (data) => emulator.traffic.importRuns(data.runs),
    resume: () => emulator.traffic.resumeRuns(),
  };

  registry.register(clockSection);
  registry.register(randomSection);
  registry.register(clusterSection);
  registry.register(faultsSection);
  registry.register(storeSection);
  registry.register(activitySection);
  registry.register(telemetrySection);
  registry.register(trafficSection);
}

/**
 * A replacement saved by an earlier build, in the terms of this one: its candidate, once running,
 * used to wait in promoting before the switch (now `ready`, still initializing; promoting is the
 * switch), and its timers had other names.
 */
function upgraded(
  snapshot: Section<'StoreSnapshot'>['replacements'][number],
): Section<'StoreSnapshot'>['replacements'][number] {
  const saved: string | null = snapshot.timerEvent;
  const timerEvent = saved === null ? null : (LEGACY_TIMER_EVENTS.get(saved) ?? snapshot.timerEvent);
  if (snapshot.phase !== 'promoting' || snapshot.switchedAt !== null) return { ...snapshot, timerEvent };
  return { ...snapshot, phase: 'ready', status: STATUS_OF_PHASE.ready, timerEvent };
}

/**
 * The values of `key` in `list`, each duplicate reported as a problem under `at` (the list's own
 * location), in words that name the value unless `message` is given (a token is never repeated).
 */
function uniqueKeys<K extends string>(
  list: readonly { readonly [key in K]: string }[],
  key: K,
  at: readonly (string | number)[],
  problems: ValidationItem[],
  message = (value: string) => `Duplicate ${key} "${value}".`,
): Set<string> {
  const seen = new Set<string>();
  list.forEach((record, index) => {
    const value = record[key];
    if (seen.has(value))
      problems.push({ loc: [...at, index, key], msg: message(value), type: 'value_error' });
    seen.add(value);
  });
  return seen;
}

/** References between records must resolve, or the simulation would trip over them later. */
function checkStoreReferences(data: Section<'StoreSnapshot'>): ValidationItem[] {
  const problems: ValidationItem[] = [];
  const missing = (loc: (string | number)[], what: string, id: string) =>
    problems.push({ loc, msg: `No ${what} with id "${id}" in the snapshot.`, type: 'value_error' });
  const duplicates = (list: { id: string }[], key: string) => uniqueKeys(list, 'id', [key], problems);
  const artifacts = duplicates(data.artifacts, 'artifacts');
  const workloads = duplicates(data.workloads, 'workloads');
  const protons = duplicates(data.protons, 'protons');
  const replacements = duplicates(data.replacements, 'replacements');
  const tenants = new Set<string>();
  data.tenants.forEach((tenant, t) => {
    if (tenants.has(tenant.name))
      problems.push({
        loc: ['tenants', t, 'name'],
        msg: `Duplicate tenant "${tenant.name}".`,
        type: 'value_error',
      });
    tenants.add(tenant.name);
    tenant.artifactIds.forEach((id, i) => {
      if (!artifacts.has(id)) missing(['tenants', t, 'artifactIds', i], 'artifact', id);
    });
    tenant.workloadIds.forEach((id, i) => {
      if (!workloads.has(id)) missing(['tenants', t, 'workloadIds', i], 'workload', id);
    });
  });
  // Users are found by token: a second entry of one token would replace the first without a word.
  uniqueKeys(data.users ?? [], 'token', ['users'], problems, () => 'The token is listed twice.');
  data.workloads.forEach((workload, w) => {
    workload.protonIds.forEach((id, i) => {
      if (!protons.has(id)) missing(['workloads', w, 'protonIds', i], 'proton', id);
    });
    if (workload.activeProtonId !== null && !protons.has(workload.activeProtonId))
      missing(['workloads', w, 'activeProtonId'], 'proton', workload.activeProtonId);
    if (workload.currentReplacementId !== null && !replacements.has(workload.currentReplacementId))
      missing(['workloads', w, 'currentReplacementId'], 'replacement', workload.currentReplacementId);
    workload.replacementIds.forEach((id, i) => {
      if (!replacements.has(id)) missing(['workloads', w, 'replacementIds', i], 'replacement', id);
    });
  });
  data.protons.forEach((proton, p) => {
    if (!workloads.has(proton.workloadId))
      missing(['protons', p, 'workloadId'], 'workload', proton.workloadId);
  });
  data.replacements.forEach((record, r) => {
    if (!workloads.has(record.workloadId))
      missing(['replacements', r, 'workloadId'], 'workload', record.workloadId);
    if (record.status !== STATUS_OF_PHASE[record.phase])
      problems.push({
        loc: ['replacements', r, 'status'],
        msg: `The phase ${record.phase} is reported as ${STATUS_OF_PHASE[record.phase]}, not ${record.status}.`,
        type: 'value_error',
      });
  });
  duplicates(data.builds, 'builds');
  data.builds.forEach((build, b) => {
    if (!artifacts.has(build.artifactId)) missing(['builds', b, 'artifactId'], 'artifact', build.artifactId);
    const steps = STEPS_OF_BUILD_STATUS[build.status];
    if (build.timerStep === null ? steps.length > 0 : !steps.includes(build.timerStep))
      problems.push({
        loc: ['builds', b, 'timerStep'],
        msg: `The build is ${build.status}: ${steps.length > 0 ? `its next step is ${steps.join(' or ')}` : 'it has no next step'}, not ${build.timerStep ?? 'none'}.`,
        type: 'value_error',
      });
    if ((build.timerAt === null) !== (build.timerStep === null))
      problems.push({
        loc: ['builds', b, 'timerAt'],
        msg: 'A build has a due time exactly when it has a next step.',
        type: 'value_error',
      });
  });
  // Records whose ids resolve can still contradict each other: each check below reads only the
  // records found, so a dangling id is reported once, above.
  const records: StoreRecords = {
    artifacts: byId(data.artifacts),
    workloads: byId(data.workloads),
    protons: byId(data.protons),
    replacements: byId(data.replacements),
  };
  problems.push(
    ...checkSpecs(data),
    ...checkOwnership(data, records),
    ...checkReplacementLinks(data, records),
    ...checkTenants(data, records),
  );
  return problems;
}

/**
 * Specs and runtimes as the API would have taken them: a spec passes its checks (unique names, one
 * primary with a port...), and a runtime names only groups and containers its pods run.
 */
function checkSpecs(data: StoreData): ValidationItem[] {
  const problems: ValidationItem[] = [];
  data.artifacts.forEach((artifact, a) => {
    try {
      validateSpec(artifact.spec, ['artifacts', a, 'spec']);
    } catch (error) {
      if (!(error instanceof ApiError) || typeof error.detail === 'string') throw error;
      // The API locates it in a request body; here it is in the document.
      problems.push(...error.detail.map((item) => ({ ...item, loc: item.loc.slice(1) })));
    }
  });
  data.protons.forEach((proton, p) => {
    const containers = new Map(
      proton.podTemplates.map((template) => [
        template.group,
        new Set(template.containers.map((c) => c.name)),
      ]),
    );
    proton.runtime.containerGroups.forEach((group, g) => {
      const loc = ['protons', p, 'runtime', 'containerGroups', g];
      const names = containers.get(group.name);
      if (!names) {
        problems.push(problem([...loc, 'name'], `The proton's pods run no container group "${group.name}".`));
        return;
      }
      group.containers.forEach((container, c) => {
        if (!names.has(container.name))
          problems.push(
            problem(
              [...loc, 'containers', c, 'name'],
              `Container group "${group.name}" of the proton's pods has no container "${container.name}".`,
            ),
          );
      });
    });
  });
  return problems;
}

type StoreData = Section<'StoreSnapshot'>;

/** The snapshot's records by id, made once for the checks that follow references. */
interface StoreRecords {
  artifacts: Map<string, StoreData['artifacts'][number]>;
  workloads: Map<string, StoreData['workloads'][number]>;
  protons: Map<string, StoreData['protons'][number]>;
  replacements: Map<string, StoreData['replacements'][number]>;
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((record) => [record.id, record]));
}

function problem(loc: (string | number)[], msg: string): ValidationItem {
  return { loc, msg, type: 'value_error' };
}

/** A proton belongs to one workload: that workload lists it once, and names it if it is the active one. */
function checkOwnership(data: StoreData, { protons, workloads }: StoreRecords): ValidationItem[] {
  const problems: ValidationItem[] = [];
  data.workloads.forEach((workload, w) => {
    const listed = new Set<string>();
    workload.protonIds.forEach((id, i) => {
      const proton = protons.get(id);
      if (listed.has(id))
        problems.push(problem(['workloads', w, 'protonIds', i], `Proton "${id}" is listed twice.`));
      else if (proton && proton.workloadId !== workload.id)
        problems.push(
          problem(
            ['workloads', w, 'protonIds', i],
            `Proton "${id}" belongs to workload "${proton.workloadId}".`,
          ),
        );
      listed.add(id);
    });
    const active = workload.activeProtonId;
    if (active !== null && protons.has(active) && !listed.has(active))
      problems.push(
        problem(
          ['workloads', w, 'activeProtonId'],
          `Proton "${active}" is not one of the workload's protonIds.`,
        ),
      );
  });
  data.protons.forEach((proton, p) => {
    const workload = workloads.get(proton.workloadId);
    if (!workload) return;
    if (!workload.protonIds.includes(proton.id))
      problems.push(
        problem(
          ['protons', p, 'workloadId'],
          `Workload "${workload.id}" does not list the proton in its protonIds.`,
        ),
      );
    if (proton.role === 'active' && workload.activeProtonId !== proton.id)
      problems.push(
        problem(
          ['protons', p, 'role'],
          `An active proton is its workload's activeProtonId, and workload "${workload.id}" names ${workload.activeProtonId === null ? 'none' : `"${workload.activeProtonId}"`}.`,
        ),
      );
    if (proton.tenant !== workload.tenant)
      problems.push(
        problem(
          ['protons', p, 'tenant'],
          `Its workload "${workload.id}" belongs to tenant "${workload.tenant}".`,
        ),
      );
  });
  return problems;
}

/**
 * A replacement moves protons of its own workload, and waits on the timer its phase sets: one that
 * names another workload's proton, lacks its candidate or its timer, would never end, or end wrong.
 */
function checkReplacementLinks(
  data: StoreData,
  { protons, workloads, replacements }: StoreRecords,
): ValidationItem[] {
  const problems: ValidationItem[] = [];
  data.workloads.forEach((workload, w) => {
    const own = (loc: (string | number)[], id: string | null) => {
      const record = id === null ? undefined : replacements.get(id);
      if (record && record.workloadId !== workload.id)
        problems.push(problem(loc, `Replacement "${record.id}" belongs to workload "${record.workloadId}".`));
    };
    own(['workloads', w, 'currentReplacementId'], workload.currentReplacementId);
    workload.replacementIds.forEach((id, i) => {
      own(['workloads', w, 'replacementIds', i], id);
    });
  });
  data.replacements.forEach((snapshot, r) => {
    const record = upgraded(snapshot);
    const workload = workloads.get(record.workloadId);
    if (workload && record.tenant !== workload.tenant)
      problems.push(
        problem(
          ['replacements', r, 'tenant'],
          `Its workload "${workload.id}" belongs to tenant "${workload.tenant}".`,
        ),
      );
    const terminal = isTerminal(record.phase);
    for (const key of ['candidateProtonIds', 'previousProtonIds'] as const) {
      record[key].forEach((id, i) => {
        const proton = protons.get(id);
        // An ended replacement's protons may be gone; one in progress still moves them.
        if (!proton && !terminal)
          problems.push(
            problem(
              ['replacements', r, key, i],
              `No proton with id "${id}" in the snapshot, and the ${record.phase} replacement still moves it.`,
            ),
          );
        else if (proton && proton.workloadId !== record.workloadId)
          problems.push(
            problem(
              ['replacements', r, key, i],
              `Proton "${id}" belongs to workload "${proton.workloadId}".`,
            ),
          );
      });
    }
    const events = TIMER_EVENTS_OF_PHASE[record.phase];
    if (!events.includes(record.timerEvent)) {
      const expected = events.map((event) => event ?? 'none').join(' or ');
      problems.push(
        problem(
          ['replacements', r, 'timerEvent'],
          `The phase ${record.phase} waits on ${expected}, not ${record.timerEvent ?? 'none'}.`,
        ),
      );
    }
    if ((record.timerAt === null) !== (record.timerEvent === null))
      problems.push(
        problem(
          ['replacements', r, 'timerAt'],
          'A replacement has a due time exactly when it has a timer event.',
        ),
      );
    if (record.timeoutAt !== null && !ROLLOUT_TIMEOUT_PHASES.has(record.phase))
      problems.push(
        problem(
          ['replacements', r, 'timeoutAt'],
          `The rollout timeout is armed only in ${[...ROLLOUT_TIMEOUT_PHASES].join(' and ')}, not in ${record.phase}.`,
        ),
      );
  });
  return problems;
}

/**
 * Each record belongs to the tenant it names, and that tenant (only) lists it: the lists are what
 * a token sees, the names what a reset or a build goes by.
 */
function checkTenants(data: StoreData, { artifacts, workloads }: StoreRecords): ValidationItem[] {
  const problems: ValidationItem[] = [];
  const listedArtifacts = new Set<string>();
  const listedWorkloads = new Set<string>();
  data.tenants.forEach((tenant, t) => {
    tenant.repositories.forEach((repository, i) => {
      if (repository.tenant !== tenant.name)
        problems.push(
          problem(
            ['tenants', t, 'repositories', i, 'tenant'],
            `The repository is listed by tenant "${tenant.name}".`,
          ),
        );
    });
    // Each id once, of this tenant (and, for a workload, not deleted).
    const checkListed = <T extends { tenant: string }>(
      key: 'artifactIds' | 'workloadIds',
      kind: 'Artifact' | 'Workload',
      records: ReadonlyMap<string, T>,
      listed: Set<string>,
      refusal: (record: T) => string | null = () => null,
    ) => {
      tenant[key].forEach((id, i) => {
        const record = records.get(id);
        const loc = ['tenants', t, key, i];
        const refused = record ? refusal(record) : null;
        if (record && record.tenant !== tenant.name)
          problems.push(problem(loc, `${kind} "${id}" belongs to tenant "${record.tenant}".`));
        else if (refused !== null) problems.push(problem(loc, refused));
        else if (listed.has(id)) problems.push(problem(loc, `${kind} "${id}" is listed twice.`));
        listed.add(id);
      });
    };
    checkListed('artifactIds', 'Artifact', artifacts, listedArtifacts);
    checkListed('workloadIds', 'Workload', workloads, listedWorkloads, (workload) =>
      workload.deleted ? `Workload "${workload.id}" is deleted: its tenant no longer lists it.` : null,
    );
  });
  data.artifacts.forEach((artifact, a) => {
    if (!listedArtifacts.has(artifact.id))
      problems.push(
        problem(['artifacts', a, 'tenant'], `Tenant "${artifact.tenant}" does not list the artifact.`),
      );
  });
  data.workloads.forEach((workload, w) => {
    if (!workload.deleted && !listedWorkloads.has(workload.id))
      problems.push(
        problem(
          ['workloads', w, 'tenant'],
          `Tenant "${workload.tenant}" does not list the workload, and only a deleted one leaves its list.`,
        ),
      );
  });
  // A build, a proton or a replacement is of its artifacts' tenant: no tenant runs another's.
  const ofArtifactTenant = <T extends { tenant: string }>(
    key: string,
    records: readonly T[],
    artifactIdsOf: (record: T) => string[],
  ) => {
    records.forEach((record, i) => {
      for (const id of artifactIdsOf(record)) {
        const artifact = artifacts.get(id);
        if (artifact && record.tenant !== artifact.tenant)
          problems.push(
            problem([key, i, 'tenant'], `Its artifact "${id}" belongs to tenant "${artifact.tenant}".`),
          );
      }
    });
  };
  ofArtifactTenant('builds', data.builds, (build) => [build.artifactId]);
  ofArtifactTenant('protons', data.protons, (proton) => [proton.artifactId]);
  ofArtifactTenant('replacements', data.replacements, (r) => [r.candidateArtifactId, r.originalArtifactId]);
  return problems;
}
