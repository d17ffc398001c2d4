import type { Random } from '../random.js';
import { deriveProtonStatus, primaryContainer } from '../sim/status.js';
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
  /** Why the request failed (said by the replica's span and after the status in the log line). */
  failure: string | null;
}

/** What the simulated gateway and replicas say when a request fails; the endpoint's and the traffic's. */
export const failures = {
  /** The workload's own error, from the error rate of simulated traffic. */
  handler: 'RuntimeError: the model server failed to answer',
  errorRate: (pod: string, share: number) =>
    `Replica ${pod} failed the request (an ErrorRate fault makes ${Math.round(share * 100)} % of its requests fail).`,
  overloaded: (pod: string) => `Replica ${pod} is overloaded and refused the request.`,
  noReplica(workload: WorkloadRecord, proton: ProtonRecord | null): string {
    if (!proton) return `Workload ${workload.id} has no proton to take the request.`;
    const status = deriveProtonStatus(proton);
    if (proton.intent !== 'run') return `Workload ${workload.id} is ${status}: no replica takes requests.`;
    return `No replica of workload ${workload.id} is ready to take the request: its active proton ${proton.id} is ${status}.`;
  },
  coldStartTimeout: (workloadId: string, protonId: string, seconds: number) =>
    `No replica of workload ${workloadId} became ready within ${seconds} s of simulated time (cold start of proton ${protonId}).`,
};

/** The gateway span's error: what the gateway answered, or passed on from the replica. */
function gatewayError(status: number, replica: boolean): string | null {
  if (status < 500) return null;
  if (status === 504) return 'Gateway Timeout';
  if (status === 503) return replica ? 'Service Unavailable' : 'Service Unavailable: no ready replica';
  return 'Internal Server Error';
}

export function recordRequestSample(emulator: Emulator, ids: SampleIds, sample: RequestSample): void {
  const { workload, proton, pod, status, durationMs } = sample;
  const primary = pod && proton ? primaryContainer(proton, pod) : null;
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
      error: gatewayError(status, pod !== null),
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
      error: status >= 500 ? sample.failure : null,
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
    message: sample.failure ? `${line}: ${sample.failure}` : line,
    protonId: proton?.id ?? null,
    pod: pod?.name ?? null,
    container: primary,
    traceId: ids.traceId,
    spanId: ids.rootSpanId,
  });
}
