import { compileGlob, type Glob } from '../glob.js';

export const FAULT_KINDS = [
  'ImagePullBackOff',
  'CrashLoopBackOff',
  'NeverReady',
  'Unschedulable',
  'OOMKilled',
  'PodFailed',
  'BuildFailed',
  'ErrorRate',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that act on a whole pod; the others act on containers. */
export const POD_FAULTS: ReadonlySet<FaultKind> = new Set(['Unschedulable', 'PodFailed', 'ErrorRate']);

/** Share of requests an ErrorRate fault fails when it does not say. */
export const DEFAULT_ERROR_RATE = 0.5;

export interface FaultMatch {
  workloadId?: string | undefined;
  artifactId?: string | undefined;
  /** Glob on the container image: `*` any run of characters, `?` one character. */
  imageUri?: string | undefined;
  /** Glob on the pod name, to hit one replica. */
  pod?: string | undefined;
  /** Only this tenant's pods (its name), so that parallel suites' image or pod faults stay apart. */
  tenant?: string | undefined;
}

export interface FaultRecord {
  id: string;
  match: FaultMatch;
  container: string | null;
  fault: FaultKind;
  /** ErrorRate: the share of requests (0 to 1) the matched replicas answer with a 5xx. */
  rate?: number | undefined;
  afterSeconds: number;
  createdAt: number;
  /** When it takes effect: createdAt + afterSeconds. */
  activeFrom: number;
  /**
   * The tenant it names, or that of the workload or artifact it names, whose reset removes it (that
   * one may be gone by then); null when it matches by image or pod alone for every tenant, or was
   * saved before faults kept it.
   */
  tenant: string | null;
}

/** What a fault can match on: one proton's pod, and optionally one of its containers. */
export interface FaultTarget {
  tenant: string;
  workloadId: string;
  artifactId: string;
  images: readonly string[];
  /** The pod, when the question is about one pod. */
  pod?: string;
}

type TemplatesOf = { podTemplates: readonly { group: string; containers: readonly { image: string }[] }[] };

/** The images a pod runs: its group's (the proton's every image without a pod). */
export function imagesOf(proton: TemplatesOf, pod?: { group: string }): string[] {
  const images: string[] = [];
  for (const template of proton.podTemplates) {
    if (pod !== undefined && template.group !== pod.group) continue;
    for (const container of template.containers) images.push(container.image);
  }
  return images;
}

/** What faults match for one of a proton's pods (or the proton as a whole). */
export function faultTargetOf(
  proton: TemplatesOf & { tenant: string; workloadId: string; artifactId: string },
  pod?: { name: string; group: string },
): FaultTarget {
  return {
    tenant: proton.tenant,
    workloadId: proton.workloadId,
    artifactId: proton.artifactId,
    images: imagesOf(proton, pod),
    ...(pod === undefined ? {} : { pod: pod.name }),
  };
}

/** A fault's globs, compiled once. */
export interface FaultPatterns {
  image: Glob | null;
  pod: Glob | null;
}

export function patternsOf(match: FaultMatch): FaultPatterns {
  return {
    image: match.imageUri ? compileGlob(match.imageUri) : null,
    pod: match.pod ? compileGlob(match.pod) : null,
  };
}

/**
 * Whether a fault's match selects the target: its tenant, workload, artifact, one of `images` (the
 * proton's, or one container's) and its pod (a pod glob selects no target without one).
 */
export function selects(
  match: FaultMatch,
  patterns: FaultPatterns,
  target: FaultTarget,
  images: readonly string[] = target.images,
): boolean {
  if (match.tenant !== undefined && match.tenant !== target.tenant) return false;
  if (match.workloadId !== undefined && match.workloadId !== target.workloadId) return false;
  if (match.artifactId !== undefined && match.artifactId !== target.artifactId) return false;
  if (patterns.pod && (target.pod === undefined || !patterns.pod.test(target.pod))) return false;
  return !patterns.image || images.some((image) => patterns.image!.test(image));
}

type CompiledFault = FaultRecord & { patterns: FaultPatterns };

function matches(
  fault: CompiledFault,
  target: FaultTarget,
  container: { name: string; image: string } | null,
): boolean {
  const podLevel = POD_FAULTS.has(fault.fault);
  if (!podLevel && container && fault.container !== null && fault.container !== container.name) return false;
  // An image glob picks the pods, and a named container is the one of theirs it hits; without a
  // name, the glob picks the containers themselves.
  const images = !podLevel && container && fault.container === null ? [container.image] : target.images;
  return selects(fault.match, fault.patterns, target, images);
}

export interface FaultChange {
  change: 'added' | 'removed';
  fault: FaultRecord;
}

export class FaultRegistry {
  private readonly faults = new Map<string, CompiledFault>();
  /**
   * The faults that name a workload, by it, and the others: a pod weighs only its workload's and
   * the others, not every fault (a fixtures file may give thousands of workloads one each).
   */
  private readonly byWorkload = new Map<string, Set<CompiledFault>>();
  private readonly unscoped = new Set<CompiledFault>();
  private readonly listeners = new Set<(change: FaultChange) => void>();

  /** Hears of every fault added or removed (the live stream). */
  onChange(listener: (change: FaultChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: FaultChange['change'], fault: FaultRecord): void {
    for (const listener of this.listeners) listener({ change, fault });
  }

  get size(): number {
    return this.faults.size;
  }

  add(fault: FaultRecord): FaultRecord {
    const compiled = { ...fault, patterns: patternsOf(fault.match) };
    this.forget(fault.id);
    this.faults.set(fault.id, compiled);
    const workloadId = fault.match.workloadId;
    if (workloadId === undefined) this.unscoped.add(compiled);
    else this.byWorkload.set(workloadId, (this.byWorkload.get(workloadId) ?? new Set()).add(compiled));
    this.notify('added', fault);
    return fault;
  }

  remove(id: string): FaultRecord | undefined {
    const fault = this.get(id);
    this.forget(id);
    if (fault) this.notify('removed', fault);
    return fault;
  }

  /** Takes a fault out of the registry and its index, saying nothing. */
  private forget(id: string): void {
    const compiled = this.faults.get(id);
    if (!compiled) return;
    this.faults.delete(id);
    this.unscoped.delete(compiled);
    const workloadId = compiled.match.workloadId;
    const ofWorkload = workloadId === undefined ? undefined : this.byWorkload.get(workloadId);
    ofWorkload?.delete(compiled);
    if (workloadId !== undefined && ofWorkload?.size === 0) this.byWorkload.delete(workloadId);
  }

  /** Takes away the faults naming a workload or artifact that is gone (ids are never reused). */
  removeAimedAt(key: 'workloadId' | 'artifactId', id: string): void {
    for (const fault of this.list()) if (fault.match[key] === id) this.remove(fault.id);
  }

  clear(): FaultRecord[] {
    const all = this.list();
    this.faults.clear();
    this.byWorkload.clear();
    this.unscoped.clear();
    for (const fault of all) this.notify('removed', fault);
    return all;
  }

  /** The faults that may match the target: its workload's and those naming no workload. */
  private *candidates(target: FaultTarget): Generator<CompiledFault> {
    const ofWorkload = this.byWorkload.get(target.workloadId);
    if (ofWorkload) yield* ofWorkload;
    yield* this.unscoped;
  }

  list(): FaultRecord[] {
    return [...this.faults.values()].map(({ patterns: _patterns, ...fault }) => fault);
  }

  has(id: string): boolean {
    return this.faults.has(id);
  }

  get(id: string): FaultRecord | undefined {
    const fault = this.faults.get(id);
    if (!fault) return undefined;
    const { patterns: _patterns, ...rest } = fault;
    return rest;
  }

  /**
   * The earliest time a fault of `kind` applies to this target (and container, for container faults),
   * or null when none does.
   */
  activeFrom(
    kind: FaultKind,
    target: FaultTarget,
    container: { name: string; image: string } | null,
  ): number | null {
    if (this.faults.size === 0) return null;
    let earliest: number | null = null;
    for (const fault of this.candidates(target)) {
      if (fault.fault !== kind || !matches(fault, target, container)) continue;
      if (earliest === null || fault.activeFrom < earliest) earliest = fault.activeFrom;
    }
    return earliest;
  }

  /**
   * The share of requests a replica (the target's pod) answers with a 5xx at `now`: every
   * ErrorRate fault in effect that matches it fails its share, independently of the others.
   */
  errorRate(target: FaultTarget, now: number): number {
    if (this.faults.size === 0) return 0;
    let succeeding = 1;
    for (const fault of this.candidates(target)) {
      if (fault.fault !== 'ErrorRate' || fault.activeFrom > now || !matches(fault, target, null)) continue;
      succeeding *= 1 - Math.min(1, Math.max(0, fault.rate ?? DEFAULT_ERROR_RATE));
    }
    return 1 - succeeding;
  }
}
