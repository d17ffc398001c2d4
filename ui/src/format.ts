/** Plain-language labels, times and status tones; every colour on the page comes with a text label. */

export type Tone = 'ok' | 'progress' | 'warn' | 'error' | 'neutral';

const TONE_OF_STATUS: Record<string, Tone> = {
  running: 'ok',
  completed: 'ok',
  submitted: 'progress',
  initializing: 'progress',
  provisioning: 'progress',
  launching: 'progress',
  warming: 'progress',
  promoting: 'progress',
  finalizing: 'progress',
  restarting: 'progress',
  draining: 'warn',
  stopping: 'warn',
  suspended: 'warn',
  interrupted: 'warn',
  deleting: 'warn',
  errored: 'error',
  stopped: 'neutral',
  terminated: 'neutral',
  unknown: 'neutral',
};

export function toneOf(status: string): Tone {
  return TONE_OF_STATUS[status] ?? 'neutral';
}

const SYMBOL: Record<Tone, string> = { ok: '●', progress: '◔', warn: '▲', error: '✕', neutral: '○' };

export function symbolOf(tone: Tone): string {
  return SYMBOL[tone];
}

/** 2026-01-01T00:05:30.000+00:00 -> 00:05:30 (simulated time is shown in UTC). */
/** The time of day, with the date before it when that is not the day of `today` (the simulated now). */
export function time(iso: string | null | undefined, today?: number): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  const sameDay = today === undefined || new Date(today).toISOString().slice(0, 10) === text.slice(0, 10);
  return sameDay ? text.slice(11, 19) : `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}

export function dateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Whole seconds, as the windows of a replacement are told: past an hour, hours and minutes only. */
export function duration(seconds: number): string {
  return spelled(Math.max(0, Math.round(seconds)) * 1000, false);
}

/**
 * A duration to the millisecond, for what a control does or a speed is: duration() rounds to whole
 * seconds and drops them past an hour (3601 s read "1 h", a speed of 0.25 "0 s" per second).
 */
export function exactDuration(seconds: number): string {
  return spelled(Math.max(0, Math.round(seconds * 1000)), true);
}

function spelled(ms: number, secondsPastAnHour: boolean): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s && (secondsPastAnHour || !h) ? `${s} s` : ''];
  return parts.filter(Boolean).join(' ') || '0 s';
}

export function shortId(id: string): string {
  return id.length > 8 ? `…${id.slice(-6)}` : id;
}

export function artifactLabel(
  artifact: { id: string; name?: string | null; status?: string | null; version?: number | null } | null,
): string {
  if (!artifact) return 'no artifact';
  const name = artifact.name ?? shortId(artifact.id);
  if (artifact.status === 'locked') return `${name} v${artifact.version ?? '?'}`;
  return `${name} (draft)`;
}

const EVENT_LABELS: Record<string, string> = {
  'workload.created': 'Workload created',
  'workload.updated': 'Workload updated',
  'workload.started': 'Workload started',
  'workload.stopped': 'Workload stopped',
  'workload.promoted': 'Artifact promoted',
  'workload.deleted': 'Workload deleted',
  'workload.settingsChanged': 'Settings changed',
  'workload.statusChanged': 'Workload status changed',
  'proton.statusChanged': 'Proton status changed',
  'proton.interrupted': 'Proton interrupted',
  'proton.suspended': 'Proton suspended',
  'proton.resumed': 'Proton resumed',
  'proton.restarted': 'Proton restarted',
  'autoscaling.scaled': 'Autoscaled',
  'replacement.created': 'Replacement created',
  'replacement.candidateRunning': 'Candidate running',
  'replacement.trafficSwitched': 'Traffic switched',
  'replacement.oldProtonDrained': 'Old proton drained',
  'replacement.completed': 'Replacement completed',
  'replacement.errored': 'Replacement errored',
  'replacement.cancelled': 'Replacement cancelled',
};

export function eventLabel(eventType: string): string {
  return EVENT_LABELS[eventType] ?? eventType;
}
