import { errors } from '../errors.js';
import type {
  OtelAttributesValue,
  OtelEntityTypeValue,
  OtelLogEntryValue,
  OtelLogsQueryValue,
  OtelMetricsQueryValue,
  OtelMetricsResponseValue,
  OtelMetricValueValue,
  OtelSpanValue,
  OtelTraceSummaryValue,
  OtelTracesQueryValue,
} from '../schemas/otel.js';
import { parseQueryTime, type Resolution } from '../schemas/stats.js';
import { EARLIEST_TIME, formatTimestamp as ts } from '../sim/clock.js';
import { cpuPercent, memoryPercent, RPS_PER_CPU, servingCpuPerReplica } from '../sim/load.js';
import {
  MINUTE_MS,
  meanLatencyMs,
  quantileMs,
  type RequestLogRecord,
  type RequestTotals,
  type TraceRecord,
} from '../sim/telemetry.js';
import type { Principal } from '../store/store.js';
import type { WorkloadRecord } from '../store/types.js';
import type { LogLevel } from './activity.js';
import type { Emulator } from './emulator.js';
import { roleAt } from './proton-roles.js';
import { countedSpanMs, finestResolution, nextStep, openRange, stepStarts } from './stats.js';

const SEVERITY: Record<LogLevel, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };
const MIN_SEVERITY: Record<OtelLogsQueryValue['level'], number> = {
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  critical: 21,
};
/** The window metrics cover when the query gives none. */
const DEFAULT_WINDOW_MS = 3_600_000;

/** A simulation or request log line; `seq` is the order of arrival, for lines of the same millisecond. */
type LogLine = RequestLogRecord & { seq: number };

interface MetricSeries {
  name: string;
  description: string;
  unit: string;
  points: { timestamp: number; value: number; attributes: OtelAttributesValue }[];
}

/**
 * The OpenTelemetry surface of workloads: logs (lifecycle lines from the simulation and sampled
 * request lines), traces of sampled requests, and metrics computed from pods and request
 * telemetry, across the active and candidate protons.
 */
export class ObservabilityOps {
  constructor(private readonly emulator: Emulator) {}

  /** The workload an OpenTelemetry entity names; other entity types have no data in the mock. */
  entity(principal: Principal, entityType: OtelEntityTypeValue, entityId: string): WorkloadRecord {
    if (entityType !== 'workload') {
      throw errors.noTelemetry(entityType, entityId);
    }
    return this.emulator.workloads.get(principal, entityId);
  }

  resource(workload: WorkloadRecord) {
    return {
      attributes: {
        'service.name': `workload-${workload.id}`,
        'datarobot.entity.type': 'workload',
        'datarobot.entity.id': workload.id,
        'datarobot.workload.name': workload.name,
      },
    };
  }

  /** Log lines matching the query, newest first, with the total before paging. */
  logs(workload: WorkloadRecord, query: OtelLogsQueryValue): { total: number; items: OtelLogEntryValue[] } {
    const { from, to } = openRange(query);
    const minimum = MIN_SEVERITY[query.level];
    const lines: LogLine[] = [];
    let seq = 0;
    for (const line of this.emulator.activity.logsOf(workload.id)?.toArray() ?? []) {
      lines.push({ ...line, traceId: null, spanId: null, seq: seq++ });
    }
    for (const line of this.emulator.telemetry.requestLogs(workload.id)?.toArray() ?? []) {
      lines.push({ ...line, seq: seq++ });
    }
    const matching = lines.filter(
      (line) =>
        line.timestamp >= from &&
        line.timestamp < to &&
        SEVERITY[line.level] >= minimum &&
        (query.traceId === undefined || line.traceId === query.traceId) &&
        (query.spanId === undefined || line.spanId === query.spanId) &&
        (query.includes ?? []).every((text) => line.message.includes(text)) &&
        !(query.excludes ?? []).some((text) => line.message.includes(text)),
    );
    matching.sort((a, b) => b.timestamp - a.timestamp || b.seq - a.seq);
    const resource = this.resource(workload);
    const items = matching.slice(query.offset, query.offset + query.limit).map((line) => ({
      timestamp: ts(line.timestamp),
      level: line.level.toLowerCase() as OtelLogEntryValue['level'],
      severityText: line.level,
      severityNumber: SEVERITY[line.level],
      message: line.message,
      traceId: line.traceId,
      spanId: line.spanId,
      attributes: {
        'datarobot.proton.id': line.protonId,
        'datarobot.proton.role': line.protonId ? roleAt(workload, line.protonId, line.timestamp) : null,
        'k8s.pod.name': line.pod,
        'k8s.container.name': line.container,
      },
      resource,
    }));
    return { total: matching.length, items };
  }

  traces(
    workload: WorkloadRecord,
    query: OtelTracesQueryValue,
  ): { total: number; items: OtelTraceSummaryValue[] } {
    const { from, to } = openRange(query);
    const matching = (this.emulator.telemetry.traces(workload.id)?.toArray() ?? []).filter((trace) => {
      // A request counts at the instant it was answered, as in the statistics and its log line.
      const answered = trace.start + trace.durationMs;
      if (answered < from || answered >= to) return false;
      const failed = Boolean(trace.spans[0]?.error);
      if (query.status === 'error' && !failed) return false;
      if (query.status === 'ok' && failed) return false;
      return true;
    });
    matching.sort((a, b) => b.start - a.start);
    const service = `workload-${workload.id}`;
    const items = matching.slice(query.offset, query.offset + query.limit).map((trace) => ({
      traceId: trace.traceId,
      rootSpanName: trace.spans[0]?.name ?? '',
      serviceName: service,
      startTime: ts(trace.start),
      endTime: ts(trace.start + trace.durationMs),
      duration: round3(trace.durationMs),
      spanCount: trace.spans.length,
      // The root span's: HTTP server spans stay Unset unless they fail, as OpenTelemetry has it.
      statusCode: trace.spans[0]?.error ? ('Error' as const) : ('Unset' as const),
      httpStatusCode: trace.httpStatus,
      protonId: trace.protonId,
    }));
    return { total: matching.length, items };
  }

  trace(workload: WorkloadRecord, traceId: string): { trace: TraceRecord; spans: OtelSpanValue[] } {
    const ring = this.emulator.telemetry.traces(workload.id);
    let trace: TraceRecord | undefined;
    for (let i = 0; ring && i < ring.length; i++) {
      const candidate = ring.fromNewest(i)!;
      if (candidate.traceId === traceId) {
        trace = candidate;
        break;
      }
    }
    if (!trace) throw errors.notFound('Trace');
    const resource = this.resource(workload);
    const found = trace;
    const spans = found.spans.map((span) => {
      const start = found.start + span.offsetMs;
      return {
        traceId: found.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        name: span.name,
        kind: span.kind,
        startTime: ts(start),
        endTime: ts(start + span.durationMs),
        duration: round3(span.durationMs),
        statusCode: span.error ? ('Error' as const) : ('Unset' as const),
        statusMessage: span.error,
        attributes: span.attributes,
        resource,
      };
    });
    return { trace: found, spans };
  }

  private window(query: { startTime?: string | undefined; endTime?: string | undefined }) {
    const now = this.emulator.clock.now();
    const to = query.endTime === undefined ? now : parseQueryTime(query.endTime);
    // An hour back, but not before year 1 (no timestamp shows year 0).
    const from =
      query.startTime === undefined
        ? Math.max(EARLIEST_TIME, to - DEFAULT_WINDOW_MS)
        : parseQueryTime(query.startTime);
    if (from > to) throw errors.invalidTimeRange(query.endTime !== undefined);
    return { from, to };
  }

  /** Series per proton, one data point per step (stamped at the step's end), none past the present. */
  private series(
    workload: WorkloadRecord,
    from: number,
    until: number,
    resolution: Resolution,
  ): MetricSeries[] {
    const telemetry = this.emulator.telemetry;
    const now = this.emulator.clock.now();
    const to = Math.min(until, now);
    // A window that begins after the present has nothing in it yet.
    const starts = from > to ? [] : stepStarts(from, to, resolution);
    const ends = starts.map((start) => Math.min(nextStep(start, resolution), to));
    // Points are named by their calendar steps but count only the window: the first from `from`.
    const counted = starts.map((start, i) => (i === 0 ? from : start));
    // Requests are counted in whole minutes (those the step overlaps), and a rate is over them,
    // up to the present (the current minute's seconds so far).
    const minutesCounted = (i: number) => countedSpanMs(counted[i]!, ends[i]!, now, 1000) / MINUTE_MS;
    const ready: MetricSeries = {
      name: 'workload.replicas.ready',
      description: 'Replicas whose containers are all ready.',
      unit: '{replica}',
      points: [],
    };
    const desired: MetricSeries = {
      name: 'workload.replicas.desired',
      description: 'Replicas the proton wants.',
      unit: '{replica}',
      points: [],
    };
    const cpu: MetricSeries = {
      name: 'container.cpu.utilization',
      description:
        'CPU in use, as a percent of the CPU allocated, averaged over the ready replicas taking requests.',
      unit: '%',
      points: [],
    };
    const memory: MetricSeries = {
      name: 'container.memory.utilization',
      description:
        'Memory in use, as a percent of the memory allocated, averaged over the ready replicas taking requests.',
      unit: '%',
      points: [],
    };
    const rate: MetricSeries = {
      name: 'http.server.request.rate',
      description: 'Requests per minute.',
      unit: '{request}/min',
      points: [],
    };
    const errorRate: MetricSeries = {
      name: 'http.server.error.rate',
      description: 'Percent of requests answered with an error (4xx or 5xx).',
      unit: '%',
      points: [],
    };
    const latency: MetricSeries = {
      name: 'http.server.request.duration',
      description: 'Mean time to answer a request.',
      unit: 'ms',
      points: [],
    };
    const protons = new Set([
      ...telemetry.protonsSeen(workload.id),
      ...telemetry.protonsWithData(workload.id),
    ]);
    for (const protonId of protons) {
      const proton = protonId ? this.emulator.store.protons.get(protonId) : undefined;
      // A point carries the role its proton had at the point's time; one object per role.
      const byRole = new Map<string | null, OtelAttributesValue>();
      const attributesAt = (at: number) => {
        const role = protonId ? roleAt(workload, protonId, at) : null;
        let attributes = byRole.get(role);
        if (attributes === undefined) {
          attributes = { 'datarobot.proton.id': protonId || null, 'datarobot.proton.role': role };
          byRole.set(role, attributes);
        }
        return attributes;
      };
      const firstSeen = protonId ? telemetry.firstSeen(workload.id, protonId) : null;
      // A removed proton's series stop with it.
      const endedAt = protonId && !proton ? telemetry.endedAt(workload.id, protonId) : null;
      const requests = telemetry.series(workload.id, [protonId], counted, to);
      const cores = proton ? servingCpuPerReplica(proton) : 1;
      counted.forEach((start, i) => {
        const end = ends[i]!;
        const attributes = attributesAt(end);
        const totals: RequestTotals = requests[i]!;
        const minutes = minutesCounted(i);
        if (totals.requests > 0) {
          rate.points.push({ timestamp: end, value: round3(totals.requests / minutes), attributes });
          errorRate.points.push({
            timestamp: end,
            value: round3(((totals.serverErrors + totals.userErrors) / totals.requests) * 100),
            attributes,
          });
          latency.points.push({ timestamp: end, value: round3(meanLatencyMs(totals)), attributes });
        }
        if (!protonId || firstSeen === null || firstSeen > end) return;
        if (endedAt !== null && endedAt < start) return;
        const replicas = telemetry.replicasAt(workload.id, protonId, end);
        ready.points.push({ timestamp: end, value: replicas.ready, attributes });
        desired.points.push({ timestamp: end, value: replicas.desired, attributes });
        if (replicas.serving > 0) {
          const u = totals.requests / (minutes * 60) / (replicas.serving * cores * RPS_PER_CPU);
          const key = `${protonId}:${starts[i]}`;
          cpu.points.push({ timestamp: end, value: round3(cpuPercent(u, key)), attributes });
          memory.points.push({ timestamp: end, value: round3(memoryPercent(u, key)), attributes });
        }
      });
    }
    return [ready, desired, cpu, memory, rate, errorRate, latency];
  }

  metrics(
    workload: WorkloadRecord,
    entityType: OtelEntityTypeValue,
    query: OtelMetricsQueryValue,
  ): OtelMetricsResponseValue {
    const { from, to } = this.window(query);
    return {
      entityType,
      entityId: workload.id,
      startTime: ts(from),
      endTime: ts(to),
      resolution: query.resolution,
      resource: this.resource(workload),
      metrics: this.series(workload, from, to, query.resolution).map((series) => ({
        name: series.name,
        description: series.description,
        unit: series.unit,
        type: 'gauge' as const,
        dataPoints: series.points.map((point) => ({
          timestamp: ts(point.timestamp),
          value: point.value,
          attributes: point.attributes,
        })),
      })),
    };
  }

  /** The metrics summed up over the window, per proton: the latest replica counts, averages, totals. */
  autocollected(
    workload: WorkloadRecord,
    query: { startTime?: string | undefined; endTime?: string | undefined },
  ): { from: number; to: number; data: OtelMetricValueValue[] } {
    const { from, to } = this.window(query);
    // No resolution to ask for here: the finest the window allows (the series stop at the present).
    const resolution = finestResolution(from, Math.min(to, this.emulator.clock.now()));
    const series = this.series(workload, from, to, resolution);
    const telemetry = this.emulator.telemetry;
    const data: OtelMetricValueValue[] = [];
    const protons = new Set(
      series.flatMap((s) => s.points.map((p) => String(p.attributes['datarobot.proton.id'] ?? ''))),
    );
    for (const protonId of protons) {
      const attributes = {
        'datarobot.proton.id': protonId || null,
        'datarobot.proton.role': protonId ? roleAt(workload, protonId, to) : null,
      };
      const pointsOf = (name: string) =>
        series
          .find((s) => s.name === name)!
          .points.filter((p) => (p.attributes['datarobot.proton.id'] ?? '') === protonId)
          .map((p) => p.value);
      const mean = (values: number[]) =>
        values.length === 0 ? null : round3(values.reduce((a, b) => a + b, 0) / values.length);
      const totals = telemetry.total(workload.id, [protonId], from, to);
      const latest = (name: string) => pointsOf(name).at(-1) ?? null;
      data.push(
        {
          name: 'workload.replicas.ready',
          description: 'Ready replicas at the end of the window.',
          unit: '{replica}',
          value: latest('workload.replicas.ready'),
          attributes,
        },
        {
          name: 'workload.replicas.desired',
          description: 'Replicas wanted at the end of the window.',
          unit: '{replica}',
          value: latest('workload.replicas.desired'),
          attributes,
        },
        {
          name: 'container.cpu.utilization',
          description: 'Mean CPU utilisation over the window.',
          unit: '%',
          value: mean(pointsOf('container.cpu.utilization')),
          attributes,
        },
        {
          name: 'container.memory.utilization',
          description: 'Mean memory utilisation over the window.',
          unit: '%',
          value: mean(pointsOf('container.memory.utilization')),
          attributes,
        },
        {
          name: 'http.server.request.count',
          description: 'Requests in the window.',
          unit: '{request}',
          value: totals.requests,
          attributes,
        },
        {
          name: 'http.server.error.count',
          description: 'Requests answered with an error in the window.',
          unit: '{request}',
          value: totals.serverErrors + totals.userErrors,
          attributes,
        },
        {
          name: 'http.server.request.duration.p50',
          description: 'Median time to answer.',
          unit: 'ms',
          value: totals.requests ? round3(quantileMs(totals, 0.5)) : null,
          attributes,
        },
        {
          name: 'http.server.request.duration.p95',
          description: '95th percentile of the time to answer.',
          unit: 'ms',
          value: totals.requests ? round3(quantileMs(totals, 0.95)) : null,
          attributes,
        },
      );
    }
    return { from, to, data };
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
