import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { ApiError, toValidationItems, type ValidationItem } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { ArtifactType, InputArtifact } from '../schemas/artifact.js';
import {
  type FixtureActionValue,
  type FixtureFaultValue,
  FixturesDocument,
  type FixturesInput,
  type FixturesValue,
} from '../schemas/fixtures.js';
import { asIntegerItem, takesInteger } from '../schemas/pydantic-items.js';
import { CreateReplacementRequest } from '../schemas/replacement.js';
import { WorkloadRuntime } from '../schemas/runtime.js';
import { CreateWorkloadRequest, UpdateWorkloadRequest } from '../schemas/workload.js';
import { formatTimestamp, isShowable } from '../sim/clock.js';
import type { Principal } from '../store/store.js';
import type { ArtifactRecord, WorkloadRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';
import { type CreateFaultBody, injectFault } from './faults.js';
import { formatPath } from './snapshot.js';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A fixtures file that cannot be loaded: where (file, entry) and why. */
export class FixtureError extends Error {
  constructor(
    readonly problems: { path: string; reason: string }[],
    readonly source?: string,
  ) {
    const lines = problems.map((p) => (p.path ? `${p.path}: ${p.reason}` : p.reason));
    super(`${source ? `fixtures file ${source}: ` : ''}${lines.join('; ')}`);
    this.name = 'FixtureError';
  }
}

function problemsOf(items: ValidationItem[], base: (string | number)[] = []) {
  return items.map((item) => ({
    path: formatPath([...base, ...item.loc]),
    reason: item.msg,
  }));
}

/** A relative path the working directory does not have may name a file the package ships (fixtures/demo.json). */
export function fixturesPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  const shipped = join(packageRoot(), path);
  return existsSync(shipped) ? shipped : path;
}

/** JSON.parse's message with the line and column of the position it gives, as an editor shows them. */
function withLine(message: string, text: string): string {
  const match = / at position (\d+)/.exec(message);
  if (!match) return message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** Reads and validates a fixtures file; a FixtureError names the file, the bad entry and the reason. */
export function readFixturesFile(given: string, tenantOfToken: TenantOfToken = ownTenant): FixturesValue {
  const path = fixturesPath(given);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new FixtureError([{ path: '', reason: (error as Error).message }], given);
  }
  let text: string;
  try {
    // Strict, as the API reads a body: bytes that are no UTF-8 are an error, not replaced. A byte
    // order mark, as editors on Windows may write, is dropped (JSON.parse would refuse it).
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new FixtureError([{ path: '', reason: 'not valid UTF-8 text' }], path);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(
      [{ path: '', reason: `not valid JSON: ${withLine((error as Error).message, text)}` }],
      path,
    );
  }
  try {
    return parseFixtures(document, tenantOfToken);
  } catch (error) {
    if (error instanceof FixtureError) throw new FixtureError(error.problems, path);
    throw error;
  }
}

/**
 * The document's problems as validation items, worded as the API words them: an integer field is
 * said to want an integer. A number written as text ("8080") is said to be one: the file takes JSON
 * numbers, as its schema says, and pydantic's "unable to parse" would be wrong about it.
 */
function documentItems(document: unknown, issues: readonly z.core.$ZodIssue[]): ValidationItem[] {
  const quoted = new Set(
    issues
      .filter(
        (issue) =>
          issue.code === 'invalid_type' &&
          (issue.expected === 'number' || issue.expected === 'int') &&
          typeof issue.input === 'string' &&
          issue.input.trim() !== '' &&
          Number.isFinite(Number(issue.input)),
      )
      .map((issue) => formatPath(issue.path as (string | number)[])),
  );
  return toValidationItems(issues).map((given) => {
    const item = asIntegerItem(given, (loc) => takesInteger(FixturesDocument, document, loc));
    if (!quoted.has(formatPath(item.loc)) || !item.type.endsWith('_parsing')) return item;
    return { ...item, msg: 'Input should be a number, written without quotes (the file takes JSON numbers)' };
  });
}

/** The tenant a token acts in: itself, unless MOCK_TOKENS maps it (one it does not name stays itself). */
export type TenantOfToken = (token: string) => string;
const ownTenant: TenantOfToken = (token) => token;

/**
 * Validates a fixtures document: its shape, then that every tenant has one entry, every key is unique
 * and every reference names one of its own tenant.
 */
export function parseFixtures(document: unknown, tenantOfToken: TenantOfToken = ownTenant): FixturesValue {
  const parsed = FixturesDocument.safeParse(document, { reportInput: true });
  if (!parsed.success) throw new FixtureError(problemsOf(documentItems(document, parsed.error.issues)));
  const fixtures = parsed.data;
  const problems: { path: string; reason: string }[] = [];
  // Artifacts and workloads have a key space each: a workload may share its artifact's key.
  const keys = new Map<string, { tenant: string; path: string }>();
  const declare = (key: string, kind: 'artifact' | 'workload', tenant: string, path: (string | number)[]) => {
    const first = keys.get(`${kind}:${key}`);
    if (first) {
      // Both named: in a big file the other one is not to be found by its key alone.
      problems.push({
        path: formatPath(path),
        reason: `two ${kind}s have the key "${key}": this one and ${first.path}`,
      });
      return;
    }
    keys.set(`${kind}:${key}`, { tenant, path: formatPath(path.slice(0, -1)) });
  };
  const refer = (
    key: string,
    kind: 'artifact' | 'workload',
    tenant: string | null,
    path: (string | number)[],
  ) => {
    const found = keys.get(`${kind}:${key}`);
    if (!found) {
      problems.push({ path: formatPath(path), reason: `no ${kind} has the key "${key}"` });
    } else if (tenant !== null && found.tenant !== tenant) {
      problems.push({ path: formatPath(path), reason: `the ${kind} "${key}" belongs to another tenant` });
    }
  };
  const entries = new Map<string, number>();
  const tenantNames = fixtures.tenants.map((tenant) => tenantOfToken(tenant.token));
  for (const [t, tenant] of fixtures.tenants.entries()) {
    const name = tenantNames[t]!;
    const first = entries.get(name);
    if (first === undefined) entries.set(name, t);
    else {
      const other = fixtures.tenants[first]!.token;
      problems.push({
        path: formatPath(['tenants', t, 'token']),
        reason:
          other === tenant.token
            ? `tenants[${first}] has the token "${tenant.token}" too: one tenant, one entry`
            : `MOCK_TOKENS puts the token "${tenant.token}" in the tenant "${name}", as tenants[${first}]'s: one tenant, one entry`,
      });
    }
    for (const [a, artifact] of tenant.artifacts.entries())
      declare(artifact.key, 'artifact', name, ['tenants', t, 'artifacts', a, 'key']);
    for (const [w, workload] of tenant.workloads.entries())
      declare(workload.key, 'workload', name, ['tenants', t, 'workloads', w, 'key']);
  }
  fixtures.tenants.forEach((tenant, t) => {
    const name = tenantNames[t]!;
    tenant.artifacts.forEach((artifact, a) => {
      if (artifact.repository !== undefined)
        refer(artifact.repository, 'artifact', name, ['tenants', t, 'artifacts', a, 'repository']);
    });
    tenant.workloads.forEach((workload, w) => {
      const base = ['tenants', t, 'workloads', w];
      refer(workload.artifact, 'artifact', name, [...base, 'artifact']);
      workload.actions.forEach((action, i) => {
        if (action.do === 'replace')
          refer(action.artifact, 'artifact', name, [...base, 'actions', i, 'artifact']);
      });
    });
  });
  fixtures.faults.forEach((fault, f) => {
    if (fault.match.workload !== undefined)
      refer(fault.match.workload, 'workload', null, ['faults', f, 'match', 'workload']);
    if (fault.match.artifact !== undefined)
      refer(fault.match.artifact, 'artifact', null, ['faults', f, 'match', 'artifact']);
  });
  const last = lastEntryAt(fixtures);
  if (fixtures.duration !== undefined && fixtures.duration < last) {
    problems.push({
      path: 'duration',
      reason: `the timeline ends at ${fixtures.duration}s, before its last entry at ${last}s`,
    });
  }
  if (problems.length > 0) throw new FixtureError(problems);
  return fixtures;
}

function lastEntryAt(fixtures: FixturesValue): number {
  let last = 0;
  for (const tenant of fixtures.tenants) {
    for (const artifact of tenant.artifacts) last = Math.max(last, artifact.at);
    for (const workload of tenant.workloads) {
      last = Math.max(last, workload.at);
      for (const fault of workload.faults) last = Math.max(last, fault.at ?? workload.at);
      for (const action of workload.actions) last = Math.max(last, action.at);
    }
  }
  for (const fault of fixtures.faults) last = Math.max(last, fault.at);
  return last;
}

/** Time the timeline runs past its last entry when the file gives no duration. */
export const DEFAULT_TAIL_SECONDS = 120;

export function timelineSeconds(fixtures: FixturesValue): number {
  return fixtures.duration ?? lastEntryAt(fixtures) + DEFAULT_TAIL_SECONDS;
}

export interface FixtureSummary {
  tenants: number;
  artifacts: number;
  workloads: number;
  faults: number;
  /** Simulated seconds the timeline ran. */
  seconds: number;
  /** The id each key was given. */
  ids: { artifacts: Record<string, string>; workloads: Record<string, string> };
}

export interface LoadFixturesOptions {
  /**
   * Move the clock back by the timeline's length first, so that it ends at the time the clock showed
   * (a fresh emulator only: nothing may be scheduled yet). Otherwise the timeline starts now.
   */
  rewind?: boolean;
  /** Base of workload endpoints: MOCK_PUBLIC_URL, or the address the server will listen on. */
  publicBase: string;
}

interface Step {
  at: number;
  /** Artifacts, then workloads, then faults, then actions, at the same time. */
  rank: number;
  index: number;
  path: (string | number)[];
  run(): void;
}

/**
 * Plays a fixtures timeline into the emulator through its domain operations. Entries run in time
 * order, the clock advancing between them so that pods, replacements and faults take their course.
 */
export function loadFixtures(
  emulator: Emulator,
  fixtures: FixturesValue,
  options: LoadFixturesOptions,
): FixtureSummary {
  const { clock } = emulator;
  const seconds = timelineSeconds(fixtures);
  if (options.rewind) {
    if (clock.state().pendingTimers > 0 || emulator.store.workloads.size > 0)
      throw new Error('fixtures can only rewind the clock of a fresh emulator');
    const end = clock.now();
    if (!isShowable(end - seconds * 1000)) {
      throw new FixtureError([
        {
          path: fixtures.duration === undefined ? '' : 'duration',
          reason: `a timeline of ${seconds}s ending at ${formatTimestamp(end)} would start before the year 1`,
        },
      ]);
    }
    clock.restore({ now: end - seconds * 1000 });
  }
  const start = clock.now();
  const ids = { artifacts: {} as Record<string, string>, workloads: {} as Record<string, string> };
  const principals: Principal[] = [];
  const steps: Step[] = [];
  let index = 0;
  const step = (at: number, rank: number, path: (string | number)[], run: () => void) =>
    steps.push({ at, rank, index: index++, path, run });
  const artifactOf = (key: string, tenant: number): ArtifactRecord => {
    const artifact = emulator.store.artifacts.get(idOf(ids.artifacts, key) ?? '');
    if (!artifact) throw new NotYet('artifact', key);
    return emulator.artifacts.get(principals[tenant]!, artifact.id);
  };
  const workloadOf = (key: string): WorkloadRecord => {
    const workload = emulator.store.workloads.get(idOf(ids.workloads, key) ?? '');
    if (!workload || workload.deleted) throw new NotYet('workload', key);
    return workload;
  };

  fixtures.tenants.forEach((tenant, t) => {
    const tenantName = tenantOf(emulator, tenant.token, ['tenants', t, 'token']);
    principals[t] = emulator.store.principal(tenant.token, tenantName);
    const principal = () => principals[t]!;

    tenant.artifacts.forEach((artifact, a) => {
      step(artifact.at, 0, ['tenants', t, 'artifacts', a], () => {
        const body = InputArtifact.parse({
          name: artifact.name,
          ...(artifact.description !== undefined ? { description: artifact.description } : {}),
          type: artifact.type,
          status: artifact.status,
          spec: { ...artifact.spec, type: artifact.spec.type ?? artifact.type },
          artifactRepositoryId:
            artifact.repository === undefined ? null : artifactOf(artifact.repository, t).repositoryId,
        });
        ids.artifacts[artifact.key] = emulator.artifacts.create(principal(), body).id;
      });
    });

    tenant.workloads.forEach((workload, w) => {
      const base = ['tenants', t, 'workloads', w];
      step(workload.at, 1, base, () => {
        const body = CreateWorkloadRequest.parse({
          name: workload.name,
          description: workload.description,
          ...(workload.importance !== undefined ? { importance: workload.importance } : {}),
          artifactId: artifactOf(workload.artifact, t).id,
          ...(workload.runtime !== undefined ? { runtime: workload.runtime } : {}),
        });
        ids.workloads[workload.key] = emulator.workloads.create(principal(), body, options.publicBase).id;
      });
      workload.faults.forEach((fault, f) => {
        step(fault.at ?? workload.at, 2, [...base, 'faults', f], () => {
          injectFault(
            emulator,
            faultRequest(fault, {
              workloadId: workloadOf(workload.key).id,
              ...(fault.pod !== undefined ? { pod: fault.pod } : {}),
            }),
          );
        });
      });
      workload.actions.forEach((action, i) => {
        step(action.at, 3, [...base, 'actions', i], () =>
          perform(emulator, principal(), workloadOf(workload.key), action, (key) => artifactOf(key, t)),
        );
      });
    });
  });

  fixtures.faults.forEach((fault, f) => {
    step(fault.at, 2, ['faults', f], () => {
      const { workload, artifact, imageUri, pod } = fault.match;
      injectFault(
        emulator,
        faultRequest(fault, {
          ...(workload !== undefined ? { workloadId: workloadOf(workload).id } : {}),
          ...(artifact !== undefined
            ? { artifactId: idOf(ids.artifacts, artifact) ?? missing('artifact', artifact) }
            : {}),
          ...(imageUri !== undefined ? { imageUri } : {}),
          ...(pod !== undefined ? { pod } : {}),
        }),
      );
    });
  });

  steps.sort((a, b) => a.at - b.at || a.rank - b.rank || a.index - b.index);
  for (const entry of steps) {
    advanceTo(emulator, start + entry.at * 1000);
    try {
      entry.run();
    } catch (error) {
      throw new FixtureError(explain(error, entry.path, entry.at, keysById(ids)));
    }
  }
  advanceTo(emulator, start + seconds * 1000);

  let artifacts = 0;
  let workloads = 0;
  for (const tenant of fixtures.tenants) {
    artifacts += tenant.artifacts.length;
    workloads += tenant.workloads.length;
  }
  const faults =
    fixtures.faults.length +
    fixtures.tenants.reduce(
      (sum, tenant) => sum + tenant.workloads.reduce((n, w) => n + w.faults.length, 0),
      0,
    );
  return { tenants: fixtures.tenants.length, artifacts, workloads, faults, seconds, ids };
}

/**
 * Reads (a path) or validates (a document) fixtures and plays them: what MOCK_FIXTURES, buildApp and
 * startMockServer do. A FixtureError names the file, the entry and the reason.
 */
export function seedFixtures(
  emulator: Emulator,
  fixtures: string | FixturesInput,
  options: LoadFixturesOptions,
): FixtureSummary {
  const tenantOfToken: TenantOfToken = (token) => emulator.config.tokens?.get(token) ?? token;
  const parsed =
    typeof fixtures === 'string'
      ? readFixturesFile(fixtures, tenantOfToken)
      : parseFixtures(fixtures, tenantOfToken);
  try {
    return loadFixtures(emulator, parsed, options);
  } catch (error) {
    if (error instanceof FixtureError && typeof fixtures === 'string')
      throw new FixtureError(error.problems, fixtures);
    throw error;
  }
}

/** A fault of the file as POST /_mock/faults takes it, with the match its keys resolved to. */
function faultRequest(
  fault: Pick<FixtureFaultValue, 'container' | 'fault' | 'afterSeconds' | 'rate'>,
  match: CreateFaultBody['match'],
): CreateFaultBody {
  return {
    match,
    container: fault.container ?? null,
    fault: fault.fault,
    afterSeconds: fault.afterSeconds,
    ...(fault.rate !== undefined ? { rate: fault.rate } : {}),
  };
}

function advanceTo(emulator: Emulator, epochMs: number): void {
  const delta = (epochMs - emulator.clock.now()) / 1000;
  if (delta > 0) emulator.clock.advance(delta);
}

class NotYet extends Error {
  constructor(kind: string, key: string) {
    super(`the ${kind} "${key}" does not exist at this time (created later, or deleted)`);
  }
}

function missing(kind: string, key: string): never {
  throw new NotYet(kind, key);
}

/** The tenant a token stands for: itself, or its MOCK_TOKENS mapping. */
function tenantOf(emulator: Emulator, token: string, path: (string | number)[]): string {
  const tokens = emulator.config.tokens;
  if (!tokens) return token;
  const tenant = tokens.get(token);
  if (tenant === undefined) {
    throw new FixtureError([
      {
        path: formatPath(path),
        reason: `the token "${token}" is not in MOCK_TOKENS, so no client could see this tenant`,
      },
    ]);
  }
  return tenant;
}

function perform(
  emulator: Emulator,
  principal: Principal,
  workload: WorkloadRecord,
  action: FixtureActionValue,
  artifactOf: (key: string) => ArtifactRecord,
): void {
  const id = workload.id;
  switch (action.do) {
    case 'stop':
      emulator.workloads.stop(principal, id);
      return;
    case 'start':
      emulator.workloads.start(principal, id);
      return;
    case 'promote':
      emulator.workloads.promote(principal, id);
      return;
    case 'delete':
      emulator.workloads.delete(principal, id);
      return;
    case 'update': {
      const { do: _do, at: _at, ...fields } = action;
      emulator.workloads.update(principal, id, UpdateWorkloadRequest.parse(fields));
      return;
    }
    case 'replace':
      emulator.replacements.create(
        principal,
        id,
        CreateReplacementRequest.parse({
          artifactId: artifactOf(action.artifact).id,
          ...(action.config !== undefined ? { config: action.config } : {}),
          ...(action.runtime !== undefined ? { runtime: action.runtime } : {}),
        }),
      );
      return;
    case 'updateSettings':
      emulator.replacements.updateSettings(principal, id, WorkloadRuntime.parse(action.runtime));
      return;
    case 'cancelReplacement':
      emulator.replacements.cancel(principal, id);
      return;
    case 'interrupt':
      emulator.workloads.interrupt(workload, action.seconds ?? emulator.config.interruptionSeconds);
      return;
    case 'suspend':
      emulator.workloads.suspend(workload);
      return;
    case 'resume':
      emulator.workloads.resume(workload);
      return;
    case 'restart':
      emulator.workloads.restart(workload);
      return;
  }
}

/** The file's fields that an API body's fields come from (an entry names other entries by key). */
const FIELD_IN_THE_FILE: Record<string, string> = {
  artifactId: 'artifact',
  artifactRepositoryId: 'repository',
};

/**
 * Where in the entry a location in the API body it became is: without `body`, without the union
 * tag pydantic puts after `spec` (the file has no such level), keys for ids.
 */
function inTheFile(loc: readonly (string | number)[]): (string | number)[] {
  const parts = loc[0] === 'body' ? loc.slice(1) : [...loc];
  return parts
    .filter((part, i) => !(i > 0 && parts[i - 1] === 'spec' && ArtifactType.safeParse(part).success))
    .map((part) => (typeof part === 'string' ? (FIELD_IN_THE_FILE[part] ?? part) : part));
}

/** A key's id; own keys only, so that a key named `constructor` is not found before it is made. */
function idOf(ids: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(ids, key) ? ids[key] : undefined;
}

/** The key of each entry the file has made so far, by the id it got. */
function keysById(ids: FixtureSummary['ids']): Map<string, string> {
  return new Map(
    [...Object.entries(ids.artifacts), ...Object.entries(ids.workloads)].map(([key, id]) => [id, key]),
  );
}

/**
 * What went wrong running an entry, located at the entry (and the field the API named, if any). The
 * API's message names entries by id, which the file never sees: they are named by key instead.
 */
function explain(
  error: unknown,
  path: (string | number)[],
  at: number,
  keys: ReadonlyMap<string, string>,
): { path: string; reason: string }[] {
  const when = ` (at ${at}s on the timeline)`;
  const inKeys = (message: string) =>
    message.replace(/\b[0-9a-f]{24}\b/g, (id) => {
      const key = keys.get(id);
      return key === undefined ? id : `"${key}"`;
    });
  if (error instanceof ApiError) {
    if (typeof error.detail === 'string')
      return [{ path: formatPath(path), reason: inKeys(error.detail) + when }];
    return error.detail.map((item) => ({
      path: formatPath([...path, ...inTheFile(item.loc)]),
      reason: inKeys(item.msg) + when,
    }));
  }
  if (isZodError(error)) {
    const items = toValidationItems(error.issues).map((item) => ({ ...item, loc: inTheFile(item.loc) }));
    return problemsOf(items, path);
  }
  if (error instanceof FixtureError) return error.problems;
  if (error instanceof NotYet) return [{ path: formatPath(path), reason: error.message + when }];
  throw error;
}

function isZodError(error: unknown): error is z.ZodError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as z.ZodError).issues);
}
