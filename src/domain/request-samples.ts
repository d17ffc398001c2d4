import type { Random } from '../random.js';
import type { SpanRecord } from '../sim/telemetry.js';
import type { PodSim, ProtonRecord, WorkloadRecord } from '../store/types.js';
import type { Emulator } from './emulator.js';

/**
 * A request as the OpenTelemetry surface shows it: a trace (the gateway's server span and, when a
 * replica took it, the replica's handler span) and an access log line carrying the trace id. The
 * traffic generator records a few sampled requests per tick this way, the endpoint every request.
 */

export interface SampleIds {
  traceId: string;
  rootSpanId: string;
}

/** Ids of a new trace and its root span. */
export function newSampleIds(random: Random): SampleIds {
  return { traceId: random.hex(32), rootSpanId: random.hex(16) };
}

export interface RequestSample {
  workload: WorkloadRecord;
  /** The proton the request was routed to, if any. */
  proton: ProtonRecord | null;
  /** The replica that took it; null when the gateway answered. */
  pod: PodSim | null;
  method: string;
  /** The path below the workload's endpoint, starting with '/'. */
  path: string;
  status: number;
  /** When it arrived (simulated epoch ms). */
  start: number;
  durationMs: number;
  /** The gateway span's error (status >= 500), e.g. "Service Unavailable: no ready replica". */
  gatewayError: string | null;
  /** The replica's handler span error, when the replica failed the request. */
  handlerError: string | null;
  /** Said after the status in the log line: why the request failed. */
  logDetail: string | null;
}

export function recordRequestSample(emulator: Emulator, ids: SampleIds, sample: RequestSample): void {
  const { workload, proton, pod, status, durationMs } = sample;
  const primary = pod ? (pod.containers[0]?.name ?? null) : null;
  const common = {
    'datarobot.workload.id': workload.id,
    'datarobot.proton.id': proton?.id ?? null,
    'k8s.pod.name': pod?.name ?? null,
  };
  const spans: SpanRecord[] = [
    {
      spanId: ids.rootSpanId,
      parentSpanId: null,
      name: `${sample.method} ${sample.path}`,
      kind: 'Server',
      offsetMs: 0,
      durationMs,
      error: status >= 500 ? sample.gatewayError : null,
      attributes: {
        'http.request.method': sample.method,
        'http.route': sample.path,
        'url.path': `/api/v2/endpoints/workloads/${workload.id}${sample.path}`,
        'http.response.status_code': status,
        ...common,
      },
    },
  ];
  if (pod) {
    spans.push({
      spanId: emulator.random.hex(16),
      parentSpanId: ids.rootSpanId,
      name: 'handle request',
      kind: 'Internal',
      offsetMs: Math.min(1, durationMs / 10),
      durationMs: durationMs * 0.9,
      error: status >= 500 ? sample.handlerError : null,
      attributes: { 'container.name': primary, ...common },
    });
  }
  emulator.telemetry.recordTrace({
    traceId: ids.traceId,
    workloadId: workload.id,
    protonId: proton?.id ?? null,
    start: sample.start,
    durationMs,
    httpStatus: status,
    spans,
  });
  const line = `"${sample.method} ${sample.path} HTTP/1.1" ${status} ${Math.round(durationMs)} ms`;
  emulator.telemetry.recordRequestLog(workload.id, {
    timestamp: Math.round(sample.start + durationMs),
    level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
    message: sample.logDetail ? `${line}: ${sample.logDetail}` : line,
    protonId: proton?.id ?? null,
    pod: pod?.name ?? null,
    container: primary,
    traceId: ids.traceId,
    spanId: ids.rootSpanId,
  });
}
