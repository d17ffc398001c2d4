import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Emulator } from '../domain/emulator.js';
import type { Formatter } from '../domain/format.js';
import type { ProtonStatusValue } from '../schemas/proton.js';
import type { PodSummaryValue, StreamMessageType, WorkloadSummaryValue } from '../schemas/stream.js';
import { formatTimestamp } from '../sim/clock.js';
import type { FaultRecord } from '../sim/faults.js';
import { STATUS_OF_PHASE } from '../sim/replacement-machine.js';
import { TenantMap } from '../store/tenant-map.js';
import type { ProtonRecord, WorkloadRecord } from '../store/types.js';
import { onClientGone } from '../wire.js';
import { clockState } from './clock.js';
import { formatFault } from './faults.js';

/** How long a client waits before reconnecting (the SSE `retry:` field). */
export const RETRY_MS = 2_000;
/** How often an idle stream gets a comment, so proxies and clients see the connection alive. */
export const KEEP_ALIVE_MS = 15_000;

export interface StreamFilter {
  tenant?: string | undefined;
  workloadId?: string | undefined;
  types?: ReadonlySet<StreamMessageType> | undefined;
}

interface Entry {
  seq: number;
  type: StreamMessageType;
  /** Whom the message is about; null: everyone (the clock, a global fault, a full reset). */
  tenant: string | null;
  workloadId: string | null;
  frame: string;
}

interface Connection {
  response: ServerResponse;
  filter: StreamFilter;
  /** The sequence number of the next message to consider for this client. */
  next: number;
}

export interface Resumption {
  /** The first message the client is to get: after what it saw, or the next one to be published. */
  from: number;
  /** How many of the messages from `from` on pass the client's filter (what the hello announces). */
  replayed: number;
  resync: boolean;
  reason: 'restarted' | 'gap' | 'unknown' | null;
}

/** The workload as the dashboard lists it, from the same derivations as the API. */
export function workloadSummary(
  emulator: Emulator,
  format: Formatter,
  workload: WorkloadRecord,
): WorkloadSummaryValue {
  const active = emulator.workloads.activeProton(workload);
  // Only what stays true until the next message: a completed record's visibility expires silently.
  const visible = emulator.replacements.visible(workload);
  const replacement =
    visible && (emulator.replacements.inProgress(workload) || visible.phase === 'errored') ? visible : null;
  return {
    id: workload.id,
    tenant: workload.tenant,
    name: workload.name,
    importance: workload.importance,
    type: workload.type,
    status: emulator.workloads.status(workload),
    artifactId: active?.artifactId ?? null,
    artifact: active ? format.artifactInfo(active.artifactId) : null,
    protonId: active?.id ?? null,
    replacement: replacement ? { id: replacement.id, status: STATUS_OF_PHASE[replacement.phase] } : null,
    endpoint: workload.endpoint,
    createdAt: formatTimestamp(workload.createdAt),
    updatedAt: formatTimestamp(workload.updatedAt),
  };
}

export function podSummaries(proton: ProtonRecord): PodSummaryValue[] {
  return proton.pods
    .filter((pod) => pod.stage !== 'gone')
    .map((pod) => ({
      name: pod.name,
      group: pod.group,
      phase: pod.phase,
      node: pod.node,
      terminating: pod.stage === 'terminating',
      containers: pod.containers.map((c) => ({
        name: c.name,
        state: c.state,
        reason: c.reason,
        ready: c.ready,
        restartCount: c.restartCount,
      })),
    }));
}

/**
 * A 53-bit digest of what was last sent (cyrb53), to tell whether a summary changed. Keeping the
 * JSON itself cost about 1.3 KB per workload (measured at 10,000 workloads), more than the
 * workload's own record; two different summaries share a digest once in about 2^53.
 */
function digestOf(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function passes(filter: StreamFilter, entry: Entry): boolean {
  if (filter.types && !filter.types.has(entry.type)) return false;
  if (filter.tenant !== undefined && entry.tenant !== null && entry.tenant !== filter.tenant) return false;
  if (filter.workloadId !== undefined && entry.workloadId !== null && entry.workloadId !== filter.workloadId)
    return false;
  return true;
}

/**
 * Every state change of the simulated cluster as server-sent events. Messages are numbered as they
 * happen and kept in a bounded backlog, so a client that reconnects with Last-Event-ID receives what
 * it missed, once and in order, then the live messages. Ids are `<instance>-<sequence>`: after a
 * restart the instance differs and the client is told to re-read the state instead.
 *
 * It only listens: the simulation never waits for it, and no client can slow it down.
 */
export class LiveFeed {
  readonly instance = randomBytes(4).toString('hex');
  private readonly ring: (Entry | undefined)[];
  private nextSeq = 1;
  private readonly connections = new Set<Connection>();
  /** The last summary sent per workload and pod list per proton: a message goes out only on a change. */
  private readonly sentWorkloads = new TenantMap<{ tenant: string; digest: number }>();
  private readonly sentPods = new TenantMap<{ tenant: string; digest: number }>();
  /**
   * Workloads whose creation event went out but whose first pods do not exist yet: until the cluster
   * launches them (within the same request) their status would read errored, so they are announced
   * at the first change of their pods.
   */
  private readonly launching = new Set<string>();
  private readonly unsubscribers: (() => void)[] = [];
  private keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  /**
   * Off until the first client attaches. Before that no one can hold an id of this instance, so
   * the backlog could never be replayed; building every message anyway cost about two thirds of
   * the CPU of driving 20,000 workloads to running (profiled) and most of the garbage.
   */
  private listening = false;
  private closed = false;

  constructor(
    private readonly emulator: Emulator,
    private readonly format: Formatter,
    readonly capacity: number,
  ) {
    // Grown as messages come (slot seq % capacity): a large MOCK_STREAM_BACKLOG costs only what is kept.
    this.ring = [];
    this.unsubscribers.push(
      emulator.activity.listen({ event: (workload, event) => this.workloadEvent(workload, event) }),
      emulator.observe({
        // The proton message goes out with its event (workloadEvent), before any change the
        // observers make in answer to it; the workload is brought up to date after them.
        protonStatusChanged: (proton, workload, _from, to) => {
          if (!this.listening) return;
          if (to === 'terminated') this.sentPods.delete(proton.id);
          this.workloadChanged(workload, 'updated');
        },
        podsChanged: (proton, workload) => this.podsChanged(proton, workload),
        replacementChanged: (record, workload, from) => {
          if (!this.listening) return;
          this.announceCreated(workload);
          this.publish('replacement', workload.tenant, workload.id, {
            type: 'replacement',
            tenant: workload.tenant,
            workloadId: workload.id,
            replacementId: record.id,
            from,
            phase: record.phase,
            status: STATUS_OF_PHASE[record.phase],
            replacement: format.replacement(record),
            at: this.now(),
          });
          this.workloadChanged(workload, 'updated');
        },
        reset: (tenant) => this.reset(tenant),
      }),
      emulator.clock.onChange(() => {
        if (this.listening)
          this.publish('clock', null, null, { type: 'clock', clock: clockState(emulator.clock) });
      }),
      emulator.faults.onChange(({ change, fault }) => this.faultChanged(change, fault)),
    );
  }

  /** The id of the newest message, or null before the first. */
  get lastEventId(): string | null {
    return this.nextSeq === 1 ? null : this.idOf(this.nextSeq - 1);
  }

  /**
   * The tenant of a workload the backlog still has messages about (a workload deleted and
   * forgotten since, say); undefined when it has none.
   */
  tenantInBacklog(workloadId: string): string | undefined {
    const oldest = Math.max(1, this.nextSeq - this.capacity);
    for (let seq = this.nextSeq - 1; seq >= oldest; seq--) {
      const entry = this.ring[seq % this.capacity];
      if (entry?.workloadId === workloadId && entry.tenant !== null) return entry.tenant;
    }
    return undefined;
  }

  get clientCount(): number {
    return this.connections.size;
  }

  /** What a client that last saw `lastEventId` missed, if the backlog still holds all of it. */
  resume(lastEventId: string | undefined, filter: StreamFilter = {}): Resumption {
    const from = this.nextSeq;
    if (lastEventId === undefined || lastEventId.trim() === '') {
      return { from, replayed: 0, resync: false, reason: null };
    }
    const match = /^([0-9a-f]+)-(\d+)$/.exec(lastEventId.trim());
    if (!match) return { from, replayed: 0, resync: true, reason: 'unknown' };
    if (match[1] !== this.instance) return { from, replayed: 0, resync: true, reason: 'restarted' };
    const seen = Number(match[2]);
    if (seen >= this.nextSeq) return { from, replayed: 0, resync: true, reason: 'unknown' };
    const oldest = Math.max(1, this.nextSeq - this.capacity);
    if (seen + 1 < oldest) return { from, replayed: 0, resync: true, reason: 'gap' };
    let replayed = 0;
    for (let seq = seen + 1; seq < this.nextSeq; seq++) {
      if (passes(filter, this.ring[seq % this.capacity]!)) replayed++;
    }
    return { from: seen + 1, replayed, resync: false, reason: null };
  }

  /**
   * Streams to `response` (headers already written): a hello, what the client missed, then every
   * message as it happens, until the client leaves or the feed closes.
   *
   * A client is a position in the backlog, not a buffer of its own: messages are written to its
   * socket while the socket takes them, and once it is full the rest wait in the backlog until it
   * drains. So one advance that publishes megabytes, or a long replay, reaches a client that keeps
   * reading; the server holds no more for any client than the backlog it keeps anyway. A client
   * whose next message leaves the backlog before it reads it is dropped, and told on reconnecting
   * to re-read the state.
   */
  attach(response: ServerResponse, filter: StreamFilter, lastEventId: string | undefined): void {
    if (this.closed) {
      response.end();
      return;
    }
    this.listening = true;
    const resumption = this.resume(lastEventId, filter);
    const hello = {
      type: 'hello',
      instance: this.instance,
      lastEventId: this.lastEventId,
      replayed: resumption.replayed,
      resync: resumption.resync,
      reason: resumption.reason,
      retryMs: RETRY_MS,
    };
    // The hello's id is where this stream starts: the last message the client has (`<instance>-0`
    // before the first). A client dropped before its next message, by a burst larger than the
    // backlog say, resumes from there, or is told it cannot, instead of starting afresh unaware.
    const position = this.idOf(resumption.from - 1);
    response.write(`retry: ${RETRY_MS}\nid: ${position}\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    const connection: Connection = { response, filter, next: resumption.from };
    this.connections.add(connection);
    response.on('close', () => this.detach(connection));
    // A stream asked for behind another request on a pipelined connection is not told of its close.
    onClientGone(response, () => this.detach(connection));
    response.on('drain', () => this.pump(connection));
    this.pump(connection);
    this.startKeepAlive();
  }

  /** Ends every open stream (app.close() must not wait for clients) and stops listening. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    for (const connection of [...this.connections]) connection.response.end();
    this.connections.clear();
    this.stopKeepAlive();
  }

  private idOf(seq: number): string {
    return `${this.instance}-${seq}`;
  }

  private now(): string {
    return this.emulator.clock.nowIso();
  }

  private publish(
    type: StreamMessageType,
    tenant: string | null,
    workloadId: string | null,
    data: Record<string, unknown>,
  ): void {
    if (this.closed) return;
    const seq = this.nextSeq;
    const entry: Entry = {
      seq,
      type,
      tenant,
      workloadId,
      frame: `id: ${this.idOf(seq)}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`,
    };
    // This message takes the oldest one's slot: a client still waiting for that one, past what its
    // filter leaves out, has fallen behind the whole backlog.
    const evicted = seq - this.capacity;
    for (const connection of this.connections) {
      if (connection.next > evicted) continue;
      this.pump(connection);
      if (connection.next <= evicted) this.drop(connection);
    }
    this.ring[seq % this.capacity] = entry;
    this.nextSeq++;
    for (const connection of this.connections) this.pump(connection);
  }

  /**
   * Writes the client's messages from the backlog while its socket takes them; once it is full, the
   * client waits at its next message ('drain' resumes it), past those its filter leaves out.
   */
  private pump(connection: Connection): void {
    const { response } = connection;
    while (connection.next < this.nextSeq) {
      if (response.destroyed || response.writableEnded) return;
      const entry = this.ring[connection.next % this.capacity]!;
      if (passes(connection.filter, entry)) {
        if (response.writableNeedDrain) return;
        response.write(entry.frame);
      }
      connection.next++;
    }
  }

  private drop(connection: Connection): void {
    this.detach(connection);
    connection.response.destroy();
  }

  private detach(connection: Connection): void {
    this.connections.delete(connection);
    if (this.connections.size === 0) this.stopKeepAlive();
  }

  private workloadEvent(workload: WorkloadRecord, event: Parameters<Formatter['event']>[0]): void {
    if (!this.listening) return;
    const type = event.eventType;
    if (type === 'workload.created') this.launching.add(workload.id);
    else this.announceCreated(workload);
    this.publish('event', workload.tenant, workload.id, {
      type: 'event',
      tenant: workload.tenant,
      workloadId: workload.id,
      event: this.format.event(event),
    });
    if (type === 'workload.deleted') {
      this.sentWorkloads.delete(workload.id);
      this.publish('workload', workload.tenant, workload.id, {
        type: 'workload',
        change: 'deleted',
        tenant: workload.tenant,
        workloadId: workload.id,
        workload: null,
        at: this.now(),
      });
    } else if (type === 'proton.statusChanged') {
      const details = event.details as {
        protonId: string;
        role: ProtonRecord['role'];
        from: ProtonStatusValue;
        to: ProtonStatusValue;
      };
      this.publish('proton', workload.tenant, workload.id, {
        type: 'proton',
        tenant: workload.tenant,
        workloadId: workload.id,
        protonId: details.protonId,
        role: details.role,
        from: details.from,
        to: details.to,
        at: formatTimestamp(event.timestamp),
      });
    } else if (type !== 'workload.created') {
      this.workloadChanged(workload, 'updated');
    }
  }

  private announceCreated(workload: WorkloadRecord): void {
    if (this.launching.delete(workload.id)) this.workloadChanged(workload, 'created');
  }

  private workloadChanged(workload: WorkloadRecord, change: 'created' | 'updated'): void {
    if (workload.deleted || !this.emulator.store.workloads.has(workload.id)) return;
    const summary = workloadSummary(this.emulator, this.format, workload);
    const digest = digestOf(JSON.stringify(summary));
    if (this.sentWorkloads.get(workload.id)?.digest === digest) return;
    this.sentWorkloads.set(workload.id, { tenant: workload.tenant, digest });
    this.publish('workload', workload.tenant, workload.id, {
      type: 'workload',
      change,
      tenant: workload.tenant,
      workloadId: workload.id,
      workload: summary,
      at: this.now(),
    });
  }

  private podsChanged(proton: ProtonRecord, workload: WorkloadRecord): void {
    if (!this.listening) return;
    this.announceCreated(workload);
    const pods = podSummaries(proton);
    const digest = digestOf(JSON.stringify(pods));
    if (this.sentPods.get(proton.id)?.digest === digest) return;
    this.sentPods.set(proton.id, { tenant: workload.tenant, digest });
    this.publish('pods', workload.tenant, workload.id, {
      type: 'pods',
      tenant: workload.tenant,
      workloadId: workload.id,
      protonId: proton.id,
      pods,
      at: this.now(),
    });
  }

  private faultChanged(change: 'added' | 'removed', fault: FaultRecord): void {
    if (!this.listening) return;
    const workloadId = fault.match.workloadId ?? null;
    // Whose its reset takes it away; null: every tenant's.
    const tenant = fault.tenant;
    this.publish('fault', tenant, tenant === null ? null : workloadId, {
      type: 'fault',
      change,
      fault: formatFault(fault),
      at: this.now(),
    });
  }

  private reset(tenant: string | undefined): void {
    if (!this.listening) return;
    if (tenant === undefined) this.launching.clear();
    for (const sent of [this.sentWorkloads, this.sentPods]) {
      if (tenant === undefined) sent.clear();
      else for (const id of sent.idsOf(tenant)) sent.delete(id);
    }
    this.publish('reset', tenant ?? null, null, { type: 'reset', tenant: tenant ?? null, at: this.now() });
  }

  /*
   * A real-time timer, about connections and not simulated time: a comment line now and then on
   * open streams, so proxies and browsers see them alive. It writes nothing but comments, never
   * touches the simulation, runs only while a client is connected, and does not keep the process
   * alive.
   */
  private startKeepAlive(): void {
    if (this.keepAliveTimer || this.closed) return;
    this.keepAliveTimer = setInterval(() => {
      // A client with messages waiting gets those instead, once its socket drains.
      for (const { response, next } of this.connections) {
        if (next === this.nextSeq && !response.destroyed && !response.writableEnded)
          response.write(': keep-alive\n\n');
      }
    }, KEEP_ALIVE_MS);
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    if (!this.keepAliveTimer) return;
    clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }
}
