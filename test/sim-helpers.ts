import { expect } from 'vitest';
import {
  createArtifact,
  createWorkload,
  POD_COURSE_SECONDS,
  replicas,
  serviceArtifact,
  workloadBody,
} from './fixtures.js';
import { type Client, T0, type TestApp } from './helpers.js';

/** Seconds since T0 of an API timestamp. */
export function secondsOf(timestamp: string): number {
  return (Date.parse(timestamp) - T0) / 1000;
}

export interface ReplacementConfig {
  warmupDurationMinutes: number;
  keepOldVersionMinutes: number;
}

/** POST /workloads/{id}/replacement, rolling onto `artifactId` (the answer, for the test to check). */
export function startReplacement(
  api: Client,
  workloadId: string,
  artifactId: string,
  config: ReplacementConfig,
  extra: Record<string, unknown> = {},
) {
  return api.post(`workloads/${workloadId}/replacement`, {
    artifactId,
    strategy: 'rolling',
    config,
    ...extra,
  });
}

/** Every event of a workload, oldest first. */
export async function events(api: Client, workloadId: string): Promise<any[]> {
  const res = await api.get(`workloads/${workloadId}/events?limit=100`);
  if (res.status !== 200) throw new Error(`events: ${res.status}`);
  return [...res.body.data].reverse();
}

/** A proton's status changes as "second:status", oldest first, from the events. */
export async function protonSequence(api: Client, workloadId: string, protonId?: string): Promise<string[]> {
  return (await events(api, workloadId))
    .filter(
      (e) =>
        e.eventType === 'proton.statusChanged' && (protonId === undefined || e.details.protonId === protonId),
    )
    .map((e) => `${secondsOf(e.timestamp)}:${e.details.to}`);
}

/** Event types, oldest first. */
export async function eventTypes(api: Client, workloadId: string): Promise<string[]> {
  return (await events(api, workloadId)).map((e) => e.eventType);
}

export async function workloadStatus(api: Client, workloadId: string): Promise<string> {
  return (await api.get(`workloads/${workloadId}`)).body.status;
}

export async function protons(api: Client, workloadId: string): Promise<any[]> {
  return (await api.get(`workloads/${workloadId}/protons`)).body.data;
}

export async function activeProtonId(api: Client, workloadId: string): Promise<string> {
  return (await api.get(`workloads/${workloadId}`)).body.protonId;
}

export async function statusDetails(api: Client, workloadId: string, protonId?: string): Promise<any> {
  const id = protonId ?? (await activeProtonId(api, workloadId));
  return (await api.get(`workloads/${workloadId}/protons/${id}/statusDetails`)).body;
}

/** Samples the workload status once per simulated second for `seconds` seconds: the visible sequence. */
export async function watch(
  api: Client,
  advance: (s: number) => void,
  workloadId: string,
  seconds: number,
): Promise<string[]> {
  const seen: string[] = [];
  for (let s = 0; s <= seconds; s++) {
    const status = await workloadStatus(api, workloadId);
    if (seen.at(-1)?.split(':')[1] !== status) seen.push(`${s}:${status}`);
    if (s < seconds) advance(1);
  }
  return seen;
}

export interface ReplacementTimeline {
  replacement: string[];
  candidate: string[];
  previous: string[];
  workload: string[];
  artifactId: string[];
}

function push(series: string[], second: number, value: string): void {
  if (series.at(-1)?.replace(/^\d+:/, '') !== value) series.push(`${second}:${value}`);
}

/**
 * Samples a replacement once per simulated second: its status (or "none" when GET /replacement is a
 * 404), the candidate's and the previous proton's status ("gone" once removed), and the workload's
 * status and artifact. Each series keeps only the changes, as "second:value".
 */
export async function sampleReplacement(
  api: Client,
  advance: (s: number) => void,
  workloadId: string,
  ids: { candidate?: string; previous: string },
  seconds: number,
  until?: (timeline: ReplacementTimeline) => boolean,
): Promise<ReplacementTimeline & { candidateId: string | undefined }> {
  const timeline: ReplacementTimeline = {
    replacement: [],
    candidate: [],
    previous: [],
    workload: [],
    artifactId: [],
  };
  let candidateId = ids.candidate;
  for (let s = 0; s <= seconds; s++) {
    const replacement = await api.get(`workloads/${workloadId}/replacement`);
    push(timeline.replacement, s, replacement.status === 200 ? replacement.body.status : 'none');
    const list = await protons(api, workloadId);
    candidateId ??= replacement.status === 200 ? replacement.body.candidateProtonIds[0] : undefined;
    const candidate = list.find((p) => p.id === candidateId);
    const previous = list.find((p) => p.id === ids.previous);
    if (candidateId)
      push(timeline.candidate, s, candidate ? `${candidate.status}/${candidate.role ?? 'none'}` : 'gone');
    push(timeline.previous, s, previous ? `${previous.status}/${previous.role ?? 'none'}` : 'gone');
    const workload = (await api.get(`workloads/${workloadId}`)).body;
    push(timeline.workload, s, workload.status);
    push(timeline.artifactId, s, workload.artifactId);
    if (until?.(timeline)) break;
    if (s < seconds) advance(1);
  }
  return { ...timeline, candidateId };
}

/** The image of the v2 artifact rollingVersions makes. */
export const V2_IMAGE = 'registry.example.com/agent:2.0';

/** A running workload on a locked v1 artifact, and a locked v2 to roll out. Time is then 17s. */
export async function rollingVersions(t: TestApp, api: Client, runtime = replicas(2)) {
  const v1 = await createArtifact(
    api,
    serviceArtifact({ name: 'agent-v1' }, 'registry.example.com/agent:1.0'),
  );
  const v2 = await createArtifact(api, serviceArtifact({ name: 'agent-v2' }, V2_IMAGE));
  const workloadId = await createWorkload(api, workloadBody(v1, { runtime }));
  t.advance(POD_COURSE_SECONDS);
  const previous = await activeProtonId(api, workloadId);
  const endpoint: string = (await api.get(`workloads/${workloadId}`)).body.endpoint;
  return { v1, v2, workloadId, previous, endpoint };
}

/** Injects a fault through /_mock/faults; its id. */
export async function injectFault(api: Client, body: Record<string, unknown>): Promise<string> {
  const res = await api.request('POST', '/_mock/faults', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Clears one fault, or every fault when no id is given (every one of `tenant`'s when it is). */
export async function clearFault(api: Client, id?: string, tenant?: string): Promise<void> {
  const all = tenant === undefined ? '/_mock/faults' : `/_mock/faults?tenant=${tenant}`;
  const res = await api.request('DELETE', id ? `/_mock/faults/${id}` : all);
  expect(res.status).toBe(204);
}

/** A log line as a proton's logTail shows it, `seconds` after T0. */
export function logLine(seconds: number, text: string): string {
  return `${new Date(T0 + seconds * 1000).toISOString()} ${text}`;
}

/** A workload of a new artifact with `runtime` (one replica by default), created now. */
export async function newWorkload(api: Client, runtime = replicas(1)): Promise<string> {
  return createWorkload(api, workloadBody(await createArtifact(api), { runtime }));
}

/** A new workload once its pods have run their course, checked running. */
export async function runningWorkload(t: TestApp, api: Client, runtime = replicas(1)): Promise<string> {
  const id = await newWorkload(api, runtime);
  t.advance(POD_COURSE_SECONDS);
  expect(await workloadStatus(api, id)).toBe('running');
  return id;
}
