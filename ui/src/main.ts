import { STREAM_MESSAGE_TYPES } from '../../src/schemas/stream-types.js';
import { DEFAULT_ERROR_RATE, FAULT_KINDS, type FaultKind, POD_FAULTS } from '../../src/sim/faults.js';
import { adminToken, installAdminTokenButton, onAdminTokenSaved } from './admin-token.js';
import { ApiFailure, api } from './api.js';
import { byId, enableControls, focusOn, h, replaceRegion } from './dom.js';
import { faultsApplying, faultTargetsOf } from './faults.js';
import {
  artifactLabel,
  dateTime,
  duration,
  eventLabel,
  exactDuration,
  shortId,
  symbolOf,
  type Tone,
  time,
  toneOf,
} from './format.js';
import { PHASE_LABELS, progressOf, replacementChoice, type Window } from './replacement.js';
import type {
  Artifact,
  ClockState,
  FaultValue,
  Page,
  Proton,
  ReplacementValue,
  StatusDetails,
  StreamMessageValue,
  TenantValue,
  Workload,
  WorkloadEventValue,
  WorkloadSummaryValue,
} from './types.js';

/*
 * The dashboard. Everything it shows comes from the API (/api/v2 with a tenant's token, /_mock for
 * the rest) and is kept fresh by GET /_mock/stream: the sidebar from the workload messages, the
 * selected workload by re-reading it when a message concerns it. What it keeps in memory is only the
 * last answer of each call; the selection lives in the URL.
 */

/** What each fault does, shown under the fault picker: one line per kind the API accepts. */
const FAULT_HELP: Record<FaultKind, string> = {
  ImagePullBackOff: 'The image cannot be pulled: containers wait in ErrImagePull, then ImagePullBackOff.',
  CrashLoopBackOff: 'Containers start, crash and restart with a growing back-off.',
  NeverReady: 'Containers run but never pass their readiness probe.',
  Unschedulable: 'No node fits the pods: they stay pending.',
  OOMKilled: 'Containers run out of memory, are killed and restart.',
  PodFailed: 'Pods fail as a whole.',
  BuildFailed: 'Image builds of the chosen artifact fail.',
  ErrorRate: "Pods keep running, but answer that share of their endpoint's requests with a 500.",
};

interface Selection {
  tenant: string;
  workloadId: string;
}

interface Detail {
  workload: Workload;
  protons: Proton[];
  statusDetails: Map<string, StatusDetails | null>;
  replacement: ReplacementValue | null;
  events: WorkloadEventValue[];
  /** How many events and replacements the workload has: the page reads the newest only. */
  eventsTotal: number;
  history: ReplacementValue[];
  historyTotal: number;
  faults: FaultValue[];
}

const cache = {
  tenants: [] as TenantValue[],
  /** The clock as last read, and the simulated ms per real ms it has been seen to move at since. */
  clock: null as { state: ClockState; receivedAt: number; rate: number } | null,
  artifacts: [] as Artifact[],
  detail: null as Detail | null,
};

// ---------------------------------------------------------------- small helpers

function badge(status: string, label = status, tone: Tone = toneOf(status)): HTMLElement {
  return h(
    'span',
    { class: `badge tone-${tone}` },
    h('span', { class: 'badge-symbol', 'aria-hidden': 'true' }, symbolOf(tone)),
    label,
  );
}

function announce(text: string, kind: 'info' | 'error' = 'info'): void {
  const region = byId('announce');
  region.className = `announce ${kind}`;
  region.textContent = text;
  for (const copy of document.querySelectorAll('.local-error')) copy.remove();
  // The announcement is at the top of the page; an error is shown again where the user is, after
  // the form or section of the control with the focus (hidden from screen readers, which heard it).
  const place = kind === 'error' ? document.activeElement?.closest('fieldset, section') : null;
  place?.append(h('p', { class: 'local-error', 'aria-hidden': 'true' }, text));
}

/** The workload the last change announcement was about: selecting another one clears it. */
let changesAbout: string | null = null;

/** Tells a screen reader what the stream changed in the selected workload. */
function announceChange(text: string): void {
  byId('changes').textContent = text;
  changesAbout = selection()?.workloadId ?? null;
}

function failureText(error: unknown): string {
  if (error instanceof ApiFailure) {
    return error.status === 0
      ? `${error.method} ${error.path}: ${error.detail}`
      : `${error.method} ${error.path} answered ${error.status}: ${error.detail}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs a control: announces what the API answered, success or failure. */
async function act(label: string, run: () => Promise<{ status: number }>): Promise<void> {
  announce(`${label}…`);
  try {
    const answer = await run();
    announce(`${label}: done (${answer.status}).`);
  } catch (error) {
    announce(`${label} failed. ${failureText(error)}`, 'error');
  }
}

function selection(): Selection | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const tenant = params.get('tenant');
  const workloadId = params.get('workload');
  return tenant && workloadId ? { tenant, workloadId } : null;
}

/** How often the page reads the running clock again (real seconds). */
const CLOCK_RESYNC_SECONDS = 5;

/** The title without a workload selected (with one, it names the workload). */
const PAGE_TITLE = document.title;

const TOKEN_KEY = (tenant: string) => `workload-api-mock.token.${tenant}`;

/** The tokens that act as the tenant, as GET /_mock/tenants lists them. */
function tokensOf(tenant: string): string[] {
  return cache.tenants.find((t) => t.name === tenant)?.tokens ?? [];
}

/**
 * The token the page acts as the tenant with: the one chosen in its field, or saved, if it is one
 * of the tenant's. Another token would be another tenant (or a 401), so it is never used.
 */
function tokenFor(tenant: string): string {
  const tokens = tokensOf(tenant);
  const input = document.querySelector<HTMLInputElement>(`input[data-token-for="${CSS.escape(tenant)}"]`);
  const typed = input?.value.trim();
  if (typed && tokens.includes(typed)) return typed;
  const stored = localStorage.getItem(TOKEN_KEY(tenant));
  if (stored && tokens.includes(stored)) return stored;
  return tokens[0] ?? tenant;
}

function clockRuns(): boolean {
  const clock = cache.clock?.state;
  return clock !== undefined && clock.mode === 'scaled' && clock.scale > 0;
}

/** A time as the page shows it: with its date when that is not the simulated today. */
function when(iso: string | null | undefined): string {
  return time(iso, simulatedNow());
}

function simulatedNow(): number {
  const clock = cache.clock;
  if (!clock) return Date.now();
  return clockRuns()
    ? clock.state.epochMs + (performance.now() - clock.receivedAt) * clock.rate
    : clock.state.epochMs;
}

// ---------------------------------------------------------------- clock

function setClock(state: ClockState): void {
  cache.clock = { state, receivedAt: performance.now(), rate: state.scale };
  renderClock();
}

/**
 * Reads the clock again while it runs. Under load the server holds simulated time back (it runs
 * what falls due first), so its scale overstates how fast the time moves: the page goes on at the
 * rate it saw since the last read, which keeps it from running hours ahead at a high scale.
 */
async function resyncClock(): Promise<void> {
  const before = cache.clock;
  const answer = await api.mock<ClockState>('GET', 'clock');
  const state = answer.body;
  const now = performance.now();
  let rate = state.scale;
  if (
    before &&
    before.state.mode === state.mode &&
    before.state.scale === state.scale &&
    now > before.receivedAt
  ) {
    const seen = (state.epochMs - before.state.epochMs) / (now - before.receivedAt);
    if (seen >= 0) rate = Math.min(state.scale, seen);
  }
  cache.clock = { state, receivedAt: now, rate };
  renderClock();
}

function renderClockReadout(): void {
  const text = dateTime(simulatedNow());
  const readout = byId('clock-now');
  if (readout.textContent !== text) readout.textContent = text;
}

function renderClock(): void {
  const clock = cache.clock?.state;
  if (!clock) return;
  renderClockReadout();
  const paused = clock.mode === 'scaled' && clock.scale === 0;
  byId('clock-mode').textContent =
    clock.mode === 'manual'
      ? 'Manual clock: time moves only when you advance it'
      : paused
        ? 'Paused (scale 0)'
        : `Running ×${clock.scale} (${exactDuration(clock.scale)} of simulated time per second)`;
  byId('clock-state').replaceChildren(
    badge(
      clock.mode === 'manual' ? 'manual' : paused ? 'paused' : 'running',
      clock.mode === 'manual' ? 'manual' : paused ? 'paused' : 'running',
      clock.mode === 'manual' ? 'neutral' : paused ? 'warn' : 'ok',
    ),
  );
  // Pausing disables Pause: the focus goes on to the speed that starts it again.
  enableControls(
    [[byId<HTMLButtonElement>('clock-pause'), !paused && clock.mode !== 'manual']],
    byId('clock-scale'),
  );
  byId('clock-mode-toggle').textContent =
    clock.mode === 'manual' ? 'Switch to scaled time' : 'Switch to manual';
  const scaleInput = byId<HTMLInputElement>('clock-scale');
  if (document.activeElement !== scaleInput && clock.scale > 0) scaleInput.value = String(clock.scale);
  renderWindows();
}

function installClockControls(): void {
  const advance = (seconds: number) =>
    act(`Advance the clock by ${exactDuration(seconds)}`, () =>
      api.mock<ClockState>('POST', 'clock/advance', { seconds }),
    );
  byId('clock-advance').addEventListener('submit', (event) => {
    event.preventDefault();
    const amount = Number(byId<HTMLInputElement>('advance-amount').value);
    const unit = Number(byId<HTMLSelectElement>('advance-unit').value);
    if (!Number.isFinite(amount) || amount < 0) {
      announce('Give a number of seconds, minutes or hours to advance by.', 'error');
      return;
    }
    void advance(amount * unit);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-advance]')) {
    button.addEventListener('click', () => void advance(Number(button.dataset.advance)));
  }
  byId('clock-speed').addEventListener('submit', (event) => {
    event.preventDefault();
    const scale = Number(byId<HTMLInputElement>('clock-scale').value);
    void act(`Set the clock speed to ×${scale}`, () => api.mock('PUT', 'clock', { mode: 'scaled', scale }));
  });
  byId('clock-pause').addEventListener('click', () =>
    act('Pause the clock', () => api.mock('PUT', 'clock', { scale: 0 })),
  );
  byId('clock-mode-toggle').addEventListener('click', () => {
    const manual = cache.clock?.state.mode === 'manual';
    void act(manual ? 'Switch to scaled time' : 'Switch to the manual clock', () =>
      api.mock('PUT', 'clock', { mode: manual ? 'scaled' : 'manual' }),
    );
  });
  byId('reset-all').addEventListener('click', () => {
    if (!confirm('Forget every tenant, workload, artifact and fault?')) return;
    void act('Reset everything', () => api.mock('POST', 'reset'));
  });
}

// ---------------------------------------------------------------- tenants and workloads (sidebar)

const tenantSections = new Map<
  string,
  { section: HTMLElement; list: HTMLElement; count: HTMLElement; token: HTMLInputElement }
>();
/** Sections made so far: each heading's id is new, though a reset tenant's section goes. */
let tenantSectionsMade = 0;

function tenantSection(tenant: TenantValue) {
  const existing = tenantSections.get(tenant.name);
  if (existing) return existing;
  const headingId = `tenant-${tenantSectionsMade++}`;
  const token = h('input', {
    type: 'text',
    value: tokenFor(tenant.name),
    'data-token-for': tenant.name,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  token.addEventListener('change', () => {
    const value = token.value.trim();
    const tokens = tokensOf(tenant.name);
    if (!tokens.includes(value)) {
      token.setAttribute('aria-invalid', 'true');
      announce(
        `"${value}" is not a bearer token of tenant ${tenant.name}, so the page goes on with ${tokenFor(tenant.name)}. Its tokens: ${tokens.join(', ') || 'none'}.`,
        'error',
      );
      return;
    }
    if (token.hasAttribute('aria-invalid')) {
      token.removeAttribute('aria-invalid');
      announce(`Tenant ${tenant.name}: the page uses the token ${value}.`);
    }
    localStorage.setItem(TOKEN_KEY(tenant.name), value);
    if (selection()?.tenant === tenant.name) void refreshDetail(true);
  });
  const list = h('ul', { class: 'workload-list' });
  const count = h('span', { class: 'count' });
  const section = h(
    'section',
    { class: 'tenant', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, h('span', { class: 'tenant-label' }, 'Tenant '), tenant.name, ' ', count),
    h(
      'label',
      { class: 'token' },
      h('span', null, 'Bearer token', h('span', { class: 'visually-hidden' }, ` of tenant ${tenant.name}`)),
      token,
    ),
    list,
    h(
      'button',
      {
        type: 'button',
        class: 'quiet',
        onclick: () => {
          if (!confirm(`Forget everything of tenant ${tenant.name}?`)) return;
          void act(`Reset tenant ${tenant.name}`, () =>
            api.mock('POST', `reset?tenant=${encodeURIComponent(tenant.name)}`),
          );
        },
      },
      `Reset tenant ${tenant.name}`,
    ),
  );
  const entry = { section, list, count, token };
  tenantSections.set(tenant.name, entry);
  return entry;
}

function renderTenants(): void {
  const nav = byId('tenants-body');
  const selected = selection();
  const names = new Set(cache.tenants.map((t) => t.name));
  for (const [name, entry] of tenantSections) {
    if (!names.has(name)) {
      const hadFocus = entry.section.contains(document.activeElement);
      entry.section.remove();
      tenantSections.delete(name);
      // A reset tenant's section goes, with its Reset button: the focus stays in the list.
      if (hadFocus) focusOn(nav);
    }
  }
  if (cache.tenants.length === 0) {
    replaceRegion(
      nav,
      h(
        'p',
        { class: 'empty' },
        'No tenant yet. Create a workload through the API with any bearer token, or start the mock with fixtures.',
      ),
    );
    return;
  }
  nav.querySelector(':scope > .empty')?.remove();
  cache.tenants.forEach((tenant, index) => {
    const { section, list, count, token } = tenantSection(tenant);
    // Moving a section would take the focus from its token field: insert only where needed.
    if (nav.children[index] !== section) nav.insertBefore(section, nav.children[index] ?? null);
    // A token the tenant no longer has (the server came back with other MOCK_TOKENS) is not the one
    // the page acts with: the field shows that one. One being typed, or flagged as not the tenant's, stays.
    if (
      document.activeElement !== token &&
      !token.hasAttribute('aria-invalid') &&
      !tokensOf(tenant.name).includes(token.value.trim())
    ) {
      token.value = tokenFor(tenant.name);
    }
    count.textContent = `(${tenant.workloads.length} workload${tenant.workloads.length === 1 ? '' : 's'})`;
    replaceRegion(
      list,
      tenant.workloads.length === 0
        ? h('li', { class: 'empty' }, 'No workloads.')
        : tenant.workloads.map((workload) => workloadItem(workload, selected)),
    );
  });
}

function workloadItem(workload: WorkloadSummaryValue, selected: Selection | null): HTMLElement {
  const current = selected?.workloadId === workload.id;
  return h(
    'li',
    null,
    h(
      'a',
      {
        href: `#${new URLSearchParams({ tenant: workload.tenant, workload: workload.id })}`,
        class: 'workload-link',
        'aria-current': current ? 'page' : null,
        'data-key': `workload-${workload.id}`,
      },
      h('span', { class: 'workload-name' }, workload.name),
      badge(workload.status),
      h('span', { class: 'workload-artifact' }, 'Artifact: ', artifactLabel(workload.artifact)),
      workload.replacement
        ? h('span', { class: 'workload-replacement' }, 'Replacement: ', badge(workload.replacement.status))
        : null,
    ),
  );
}

/** Whether the tenants have been read once (before, the page cannot tell a tenant is unknown). */
let tenantsLoaded = false;

type WorkloadMessage = Extract<StreamMessageValue, { type: 'workload' }>;

/** The last GET /_mock/tenants sent, and the one whose answer the list holds. */
let tenantsAsked = 0;
let tenantsShown = 0;
/** How many GET /_mock/tenants are on their way. */
let tenantsLoading = 0;
/** The workload messages seen so far, and those seen while the tenants were being read. */
let workloadMessages = 0;
let messagesWhileLoading: { seq: number; message: WorkloadMessage }[] = [];

/**
 * Reads the tenants. An answer is as old as its request: the workload messages that came after it
 * was sent are newer, and are applied to it again; and an answer older than the one shown is dropped.
 */
async function loadTenants(): Promise<void> {
  const asked = ++tenantsAsked;
  const since = workloadMessages;
  tenantsLoading++;
  try {
    const answer = await api.mock<{ data: TenantValue[] }>('GET', 'tenants');
    if (asked < tenantsShown) return;
    tenantsShown = asked;
    cache.tenants = answer.body.data;
    tenantsLoaded = true;
    let unknownTenant = false;
    for (const { seq, message } of messagesWhileLoading) {
      if (seq > since && !applyToTenants(message)) unknownTenant = true;
    }
    renderTenants();
    // A tenant made after the request was sent: read them again.
    if (unknownTenant) void loadTenants().catch(() => undefined);
  } finally {
    if (--tenantsLoading === 0) messagesWhileLoading = [];
  }
}

function workloadInCache(workloadId: string): WorkloadSummaryValue | undefined {
  for (const tenant of cache.tenants) {
    const workload = tenant.workloads.find((w) => w.id === workloadId);
    if (workload) return workload;
  }
  return undefined;
}

function applyWorkloadMessage(message: WorkloadMessage): void {
  workloadMessages++;
  if (tenantsLoading > 0) messagesWhileLoading.push({ seq: workloadMessages, message });
  // A tenant the list does not hold yet: it is read with the rest (failing, the next message or resync does).
  if (!applyToTenants(message)) {
    void loadTenants().catch(() => undefined);
    return;
  }
  renderTenantsSoon();
}

/** Applies a workload message to the tenants as read; false when its tenant is not among them. */
function applyToTenants(message: WorkloadMessage): boolean {
  const tenant = cache.tenants.find((t) => t.name === message.tenant);
  if (!tenant) return false;
  const index = tenant.workloads.findIndex((w) => w.id === message.workloadId);
  if (message.change === 'deleted' || !message.workload) {
    if (index >= 0) tenant.workloads.splice(index, 1);
  } else if (index >= 0) {
    tenant.workloads[index] = message.workload;
  } else {
    tenant.workloads.push(message.workload);
  }
  return true;
}

let tenantsRender: number | null = null;

/**
 * Draws the list once for the workload messages that arrive together: one clock advance moves
 * hundreds of workloads, and drawing it for each (it rebuilds every tenant's list) froze the page
 * for seconds.
 */
function renderTenantsSoon(): void {
  if (tenantsRender !== null) return;
  tenantsRender = requestAnimationFrame(() => {
    tenantsRender = null;
    renderTenants();
  });
}

// ---------------------------------------------------------------- the selected workload

let detailSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshing = false;
let refreshAgain = false;
/** A refresh asked for while one ran wanted the artifacts read again (another workload was selected). */
let refreshAgainFresh = false;

/** Re-reads the selected workload soon; a burst of messages costs one refresh. */
function scheduleRefresh(): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshDetail(false);
  }, 60);
}

async function loadDetail(sel: Selection): Promise<Detail> {
  const token = tokenFor(sel.tenant);
  const base = `workloads/${encodeURIComponent(sel.workloadId)}`;
  const [workload, protons, replacement, events, history, faults] = await Promise.all([
    api.v2<Workload>(token, 'GET', base),
    api.v2<Page<Proton>>(token, 'GET', `${base}/protons?limit=100`),
    api.v2<ReplacementValue | { detail: string }>(token, 'GET', `${base}/replacement`, undefined, [404]),
    api.v2<Page<WorkloadEventValue>>(token, 'GET', `${base}/events?limit=100`),
    api.v2<Page<ReplacementValue>>(token, 'GET', `${base}/history?limit=20`),
    api.mock<{ data: FaultValue[] }>('GET', 'faults'),
  ]);
  const statusDetails = new Map<string, StatusDetails | null>();
  await Promise.all(
    protons.body.data.map(async (proton) => {
      const answer = await api.v2<StatusDetails | null>(
        token,
        'GET',
        `${base}/protons/${proton.id}/statusDetails`,
        undefined,
        [404],
      );
      statusDetails.set(proton.id, answer.status === 200 ? answer.body : null);
    }),
  );
  const targets = faultTargetsOf(
    sel.tenant,
    sel.workloadId,
    protons.body.data,
    statusDetails,
    cache.artifacts,
  );
  return {
    workload: workload.body,
    protons: protons.body.data,
    statusDetails,
    replacement: replacement.status === 200 ? (replacement.body as ReplacementValue) : null,
    events: events.body.data,
    eventsTotal: events.body.totalCount,
    history: history.body.data,
    historyTotal: history.body.totalCount,
    faults: faultsApplying(faults.body.data, targets, cache.artifacts),
  };
}

async function refreshDetail(fresh: boolean): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    refreshAgainFresh ||= fresh;
    return;
  }
  const sel = selection();
  if (!sel) return;
  refreshing = true;
  const seq = ++detailSeq;
  try {
    if (fresh) await loadArtifacts(sel);
    let detail = await loadDetail(sel);
    // An artifact made since they were read (a replacement onto it, say) would show as an id. Each
    // id is looked for once: a deleted artifact stays unknown.
    const unknown = artifactIdsOf(detail).filter(
      (id) => !cache.artifacts.some((a) => a.id === id) && !artifactsLookedFor.has(id),
    );
    if (unknown.length > 0) {
      for (const id of unknown) artifactsLookedFor.add(id);
      await loadArtifacts(sel);
      detail = await loadDetail(sel);
    }
    if (seq !== detailSeq || selection()?.workloadId !== sel.workloadId) return;
    cache.detail = detail;
    renderDetail(detail);
  } catch (error) {
    if (seq !== detailSeq) return;
    cache.detail = null;
    const gone = error instanceof ApiFailure && error.status === 404;
    const refused = error instanceof ApiFailure && error.status === 401;
    const article = byId('workload');
    const hadFocus = article.contains(document.activeElement);
    article.hidden = true;
    document.title = PAGE_TITLE;
    replaceRegion(
      byId('detail-message'),
      h(
        'p',
        { class: gone || refused ? 'notice' : 'notice error' },
        gone
          ? `Workload ${sel.workloadId} does not exist for tenant ${sel.tenant} (deleted, reset, or another tenant's; or the bearer token given for ${sel.tenant} is not its token).`
          : refused && error.path.startsWith('/_mock')
            ? `The mock's admin token was refused: give it with the Admin token button at the top. ${failureText(error)}`
            : refused
              ? `The bearer token for tenant ${sel.tenant} was refused: ${failureText(error)}`
              : `Could not read workload ${sel.workloadId}. ${failureText(error)}`,
      ),
    );
    // The details the focus was in are hidden: it goes to what says why.
    if (hadFocus) focusOn(byId('detail-message'));
  } finally {
    refreshing = false;
    if (refreshAgain) {
      const again = refreshAgainFresh;
      refreshAgain = false;
      refreshAgainFresh = false;
      if (again) void refreshDetail(true);
      else scheduleRefresh();
    }
  }
}

/** Artifact ids the detail named that the artifacts read did not hold, once read again for them. */
const artifactsLookedFor = new Set<string>();

/** The artifacts the detail names: the workload's, its protons', its replacements'. */
function artifactIdsOf(detail: Detail): string[] {
  const ids = [detail.workload.artifactId, ...detail.protons.map((p) => p.artifactId)];
  for (const record of [detail.replacement, ...detail.history]) {
    if (record) ids.push(record.candidateArtifactId);
  }
  return ids.filter((id): id is string => typeof id === 'string' && id !== '');
}

/**
 * Reads every artifact the tenant's token lists, a page of 100 at a time (they come oldest first:
 * the first page alone left out the newest, the running one among them); failing, it throws and
 * leaves those read before.
 */
async function readArtifacts(sel: Selection): Promise<void> {
  const token = tokenFor(sel.tenant);
  const artifacts: Artifact[] = [];
  for (;;) {
    const answer = await api.v2<Page<Artifact>>(
      token,
      'GET',
      `artifacts?limit=100&offset=${artifacts.length}`,
    );
    artifacts.push(...answer.body.data);
    if (answer.body.data.length === 0 || artifacts.length >= answer.body.totalCount) break;
  }
  cache.artifacts = artifacts;
}

/** Reads the artifacts for the details: none listed when that fails (they may be another tenant's). */
async function loadArtifacts(sel: Selection): Promise<void> {
  try {
    await readArtifacts(sel);
  } catch {
    cache.artifacts = [];
  }
}

function onSelectionChange(): void {
  let sel = selection();
  // A workload of a tenant the mock does not know (gone with a reset, or a link kept across one) is
  // let go of: read with the tenant's name as its token, it would make that tenant anew, empty.
  if (sel && tenantsLoaded && !cache.tenants.some((t) => t.name === sel?.tenant)) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    sel = null;
  }
  if ((sel?.workloadId ?? null) !== changesAbout) {
    byId('changes').textContent = '';
    changesAbout = null;
  }
  renderTenants();
  cache.detail = null;
  detailSeq++;
  const article = byId('workload');
  if (!sel) {
    document.title = PAGE_TITLE;
    const hadFocus = article.contains(document.activeElement);
    article.hidden = true;
    replaceRegion(
      byId('detail-message'),
      h('p', { class: 'notice' }, 'Select a workload to see its protons, pods, replacement and events.'),
    );
    // A reset let go of the workload the focus was in: it goes to what says so, not to the top.
    if (hadFocus) focusOn(byId('detail-message'));
    return;
  }
  replaceRegion(byId('detail-message'), h('p', { class: 'notice' }, 'Loading…'));
  void refreshDetail(true);
}

function renderDetail(detail: Detail): void {
  const { workload } = detail;
  byId('detail-message').replaceChildren();
  const article = byId('workload');
  article.hidden = false;
  byId('wl-title').textContent = workload.name;
  document.title = `${workload.name}: Workload API mock`;
  replaceRegion(
    byId('wl-summary'),
    h(
      'dl',
      { class: 'facts' },
      fact('Status', badge(workload.status ?? 'unknown')),
      fact('Artifact', artifactLabel(workload.artifact ?? null)),
      fact('Importance', workload.importance ?? '—'),
      fact('Workload id', h('code', null, workload.id)),
      fact('Endpoint', h('code', null, workload.endpoint ?? '—')),
    ),
  );
  renderFaults(detail);
  renderReplacement(detail);
  renderProtons(detail);
  renderEvents(detail.events, detail.eventsTotal);
  renderHistory(detail.history, detail.historyTotal);
}

function fact(term: string, ...value: (Node | string)[]): HTMLElement[] {
  return [h('dt', null, term), h('dd', null, ...value)];
}

function artifactName(id: string): string {
  const artifact = cache.artifacts.find((a) => a.id === id);
  return artifact ? artifactLabel(artifact) : shortId(id);
}

// ------------------------------------------------ lifecycle and fault controls

function installWorkloadControls(): void {
  const workloadAction = (
    label: string,
    path: (id: string) => string,
    surface: 'v2' | 'mock',
  ): (() => void) => {
    return () => {
      const sel = selection();
      if (!sel) return;
      void act(label, () =>
        surface === 'v2'
          ? api.v2(tokenFor(sel.tenant), 'POST', path(sel.workloadId), {})
          : api.mock('POST', path(sel.workloadId)),
      );
    };
  };
  const buttons: [string, string, () => void][] = [
    ['ctl-start', 'Start', workloadAction('Start the workload', (id) => `workloads/${id}/start`, 'v2')],
    ['ctl-stop', 'Stop', workloadAction('Stop the workload', (id) => `workloads/${id}/stop`, 'v2')],
    [
      'ctl-interrupt',
      'Interrupt',
      workloadAction('Interrupt (node eviction)', (id) => `workloads/${id}/interrupt`, 'mock'),
    ],
    ['ctl-suspend', 'Suspend', workloadAction('Suspend', (id) => `workloads/${id}/suspend`, 'mock')],
    ['ctl-resume', 'Resume', workloadAction('Resume', (id) => `workloads/${id}/resume`, 'mock')],
    ['ctl-restart', 'Restart', workloadAction('Restart in place', (id) => `workloads/${id}/restart`, 'mock')],
  ];
  for (const [id, , run] of buttons) byId(id).addEventListener('click', run);

  const kind = byId<HTMLSelectElement>('fault-kind');
  kind.replaceChildren(...FAULT_KINDS.map((k) => h('option', { value: k }, k)));
  kind.addEventListener('change', showFaultFields);
  showFaultFields();
  byId('fault-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const sel = selection();
    if (!sel) return;
    const fault = kind.value as FaultKind;
    const afterSeconds = Number(byId<HTMLInputElement>('fault-after').value || '0');
    const body: Record<string, unknown> = { fault, afterSeconds };
    let where = '';
    if (fault === 'BuildFailed') {
      const artifactId = byId<HTMLSelectElement>('fault-artifact').value;
      if (!artifactId) {
        announce('Choose the artifact whose builds should fail.', 'error');
        return;
      }
      body.match = { artifactId };
      where = ` into the builds of ${artifactName(artifactId)}`;
    } else {
      body.match = { workloadId: sel.workloadId };
      const container = byId<HTMLSelectElement>('fault-container').value;
      if (!POD_FAULTS.has(fault) && container) {
        body.container = container;
        where = ` into container ${container}`;
      }
    }
    if (fault === 'ErrorRate') {
      const text = byId<HTMLInputElement>('fault-rate').value.trim();
      // Number('') is 0: a field left empty would inject a fault that fails nothing.
      const percent = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
        announce('Give the share of requests to fail, from 0 to 100 %.', 'error');
        return;
      }
      body.rate = percent / 100;
      where = ` failing ${percent} % of requests`;
    }
    void act(`Inject ${fault}${where}`, () => api.mock('POST', 'faults', body));
  });
}

/** Shows the inputs the chosen fault takes: a container, a share of requests, or an artifact. */
function showFaultFields(): void {
  const fault = byId<HTMLSelectElement>('fault-kind').value as FaultKind;
  byId('fault-container-field').hidden = POD_FAULTS.has(fault) || fault === 'BuildFailed';
  byId('fault-rate-field').hidden = fault !== 'ErrorRate';
  byId('fault-artifact-field').hidden = fault !== 'BuildFailed';
  byId('fault-kind-help').textContent = FAULT_HELP[fault];
}

function artifactOption(artifact: Artifact, activeId: string | null | undefined): HTMLElement {
  const running = artifact.id === activeId ? ' (running now)' : '';
  return h('option', { value: artifact.id }, `${artifactLabel(artifact)}${running}`);
}

function renderFaultArtifacts(detail: Detail): void {
  const select = byId<HTMLSelectElement>('fault-artifact');
  const activeId = detail.workload.artifactId;
  const key = `${cache.artifacts.map((a) => `${a.id}:${a.version}`).join('|')}#${activeId}`;
  if (select.dataset.options === key) return;
  select.dataset.options = key;
  const chosen = select.value;
  select.replaceChildren(
    ...(cache.artifacts.length === 0
      ? [h('option', { value: '' }, 'No artifact listed')]
      : cache.artifacts.map((a) => artifactOption(a, activeId))),
  );
  const preferred =
    cache.artifacts.find((a) => a.id === chosen) ?? cache.artifacts.find((a) => a.id === activeId);
  if (preferred) select.value = preferred.id;
}

function faultScope(fault: FaultValue): string {
  if (fault.fault === 'BuildFailed') return `builds of ${artifactName(fault.match.artifactId ?? '')}`;
  const where = POD_FAULTS.has(fault.fault)
    ? 'every pod'
    : fault.container
      ? `container ${fault.container}`
      : 'every container';
  const rate =
    fault.fault === 'ErrorRate'
      ? `, ${Math.round((fault.rate ?? DEFAULT_ERROR_RATE) * 1000) / 10} % of requests`
      : '';
  const by = [
    fault.match.artifactId && !fault.match.workloadId ? 'artifact' : null,
    fault.match.imageUri ? `image ${fault.match.imageUri}` : null,
    fault.match.pod ? `pod ${fault.match.pod}` : null,
  ].filter((part) => part !== null);
  return `${where}${rate}${by.length > 0 ? ` (matches by ${by.join(', ')})` : ''}`;
}

function renderFaults(detail: Detail): void {
  renderFaultArtifacts(detail);
  const containers = new Set<string>();
  for (const snapshot of detail.statusDetails.values()) {
    for (const replica of snapshot?.replicas ?? []) {
      for (const container of replica.containers ?? []) containers.add(container.name);
    }
  }
  const select = byId<HTMLSelectElement>('fault-container');
  const chosen = select.value;
  const options = ['', ...[...containers].sort()];
  if ([...select.options].map((o) => o.value).join('|') !== options.join('|')) {
    select.replaceChildren(
      ...options.map((name) =>
        h('option', { value: name }, name === '' ? 'Every container (whole workload)' : name),
      ),
    );
    if (options.includes(chosen)) select.value = chosen;
  }
  replaceRegion(
    byId('wl-faults'),
    detail.faults.length === 0
      ? h('p', { class: 'empty' }, 'No fault applies to this workload.')
      : h(
          'ul',
          { class: 'fault-list' },
          detail.faults.map((fault) =>
            h(
              'li',
              null,
              badge('errored', fault.fault, 'error'),
              ' ',
              faultScope(fault),
              fault.afterSeconds > 0 ? `, from ${when(fault.activeFrom)}` : '',
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  'data-key': `clear-fault-${fault.id}`,
                  onclick: () =>
                    act(`Clear fault ${fault.fault}`, () => api.mock('DELETE', `faults/${fault.id}`)),
                },
                `Clear ${fault.fault}`,
              ),
            ),
          ),
        ),
  );
}

// ------------------------------------------------ replacement

function installReplacementControls(): void {
  byId('rep-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const sel = selection();
    if (!sel) return;
    const artifactId = byId<HTMLSelectElement>('rep-artifact').value;
    if (!artifactId) {
      announce('Choose the artifact to roll out.', 'error');
      return;
    }
    const body = {
      artifactId,
      strategy: 'rolling',
      config: {
        warmupDurationMinutes: Number(byId<HTMLInputElement>('rep-warmup').value || '0'),
        keepOldVersionMinutes: Number(byId<HTMLInputElement>('rep-keep').value || '0'),
      },
    };
    void act(`Start a replacement with ${artifactName(artifactId)}`, () =>
      api.v2(tokenFor(sel.tenant), 'POST', `workloads/${sel.workloadId}/replacement`, body),
    );
  });
  byId('rep-cancel').addEventListener('click', () => {
    const sel = selection();
    if (!sel) return;
    void act('Cancel the replacement', () =>
      api.v2(tokenFor(sel.tenant), 'DELETE', `workloads/${sel.workloadId}/replacement`),
    );
  });
  byId('rep-reload-artifacts').addEventListener('click', async () => {
    const sel = selection();
    if (!sel) return;
    announce('Reload artifacts…');
    try {
      await readArtifacts(sel);
    } catch (error) {
      // The form keeps offering the artifacts read before.
      announce(`Reload artifacts failed. ${failureText(error)}`, 'error');
      return;
    }
    if (cache.detail) renderReplacement(cache.detail);
    announce(`${cache.artifacts.length} artifacts listed.`);
  });
}

function renderArtifactChoices(detail: Detail): void {
  const select = byId<HTMLSelectElement>('rep-artifact');
  const activeId = detail.workload.artifactId;
  // A choice made for another workload, or before the workload changed artifact (the one chosen
  // may run now), is not one for what it is now.
  const context = `${detail.workload.id}:${activeId}`;
  const chosen = select.dataset.context === context ? select.value : null;
  const candidates = cache.artifacts.filter((a) => a.type === (detail.workload.type ?? a.type));
  const key = candidates.map((a) => `${a.id}:${a.status}:${a.version}`).join('|');
  if (select.dataset.options === key && chosen !== null) return;
  select.dataset.options = key;
  select.dataset.context = context;
  const preferred = candidates.find((a) => a.id === chosen) ?? replacementChoice(candidates, activeId);
  const options = candidates.map((a) => artifactOption(a, activeId));
  if (candidates.length === 0) options.push(h('option', { value: '' }, 'No artifact of this type'));
  else if (!preferred) options.unshift(h('option', { value: '' }, 'Choose an artifact'));
  select.replaceChildren(...options);
  select.value = preferred?.id ?? '';
}

function renderReplacement(detail: Detail): void {
  renderArtifactChoices(detail);
  const current = detail.replacement;
  const inProgress = current !== null && !['completed', 'errored'].includes(current.status ?? 'unknown');
  const region = byId('rep-progress');
  // Start and Cancel take turns: the focus goes to the progress they change, which says what happened.
  enableControls(
    [
      [byId<HTMLButtonElement>('rep-cancel'), inProgress],
      [byId<HTMLButtonElement>('rep-start'), !inProgress],
    ],
    region,
  );
  const shown = current ?? detail.history.find((r) => r.strategy === 'rolling') ?? null;
  if (!shown) {
    replaceRegion(region, h('p', { class: 'empty' }, 'No replacement yet.'));
    return;
  }
  const progress = progressOf(shown, detail.protons, detail.events);
  const status = shown.status ?? 'unknown';
  // What ended the replacement before the phases and windows it never reached.
  const endedBy = progress.cancelling ? 'cancelled' : status === 'errored' ? 'failed' : 'completed early';
  const cutBy = progress.cancelling ? 'by the cancel' : 'when the replacement ended';
  replaceRegion(
    region,
    h(
      'p',
      { class: 'rep-status' },
      // A finished one the API still returns (for MOCK_REPLACEMENT_RETENTION) is the last one too.
      inProgress ? 'Current replacement: ' : 'Last replacement: ',
      h('strong', null, shown.name),
      ' — status ',
      // A cancel that has run its course keeps the status it stopped at; nothing is in progress.
      badge(status, status, progress.cancelled ? 'neutral' : toneOf(status)),
      progress.cancelled
        ? ' (cancelled: the workload is back on its original artifact)'
        : progress.cancelling
          ? ' (cancelled: returning to the original artifact)'
          : '',
    ),
    h(
      'ol',
      { class: 'phase-line', 'aria-label': 'Replacement phases' },
      progress.steps.map((step) =>
        h(
          'li',
          { class: `phase phase-${step.state}`, 'aria-current': step.state === 'current' ? 'step' : null },
          h(
            'span',
            { class: 'phase-marker', 'aria-hidden': 'true' },
            { done: '✓', failed: '✕', current: '●', todo: '○', skipped: '–' }[step.state],
          ),
          h('span', { class: 'phase-title' }, PHASE_LABELS[step.phase].title),
          h(
            'span',
            { class: 'phase-detail' },
            `${PHASE_LABELS[step.phase].detail} — `,
            {
              done: 'done',
              current: 'in progress',
              todo: 'to come',
              failed: 'failed',
              skipped: `not reached: ${endedBy}`,
            }[step.state],
          ),
          step.phase === 'initializing' ? windowView('Warm-up', 'warmup', progress.warmup, cutBy) : null,
          step.phase === 'finalizing' ? windowView('Drain', 'drain', progress.drain, cutBy) : null,
        ),
      ),
    ),
    h(
      'dl',
      { class: 'facts compact' },
      fact('Candidate artifact', artifactName(shown.candidateArtifactId)),
      fact('Started', when(shown.createdAt)),
      fact('Traffic switched', when(shown.switchedAt)),
      shown.message ? fact('Message', shown.message) : [],
    ),
  );
}

function windowView(label: string, key: string, window: Window, cutBy: string): HTMLElement {
  const element = h('div', { class: `window window-${window.state}`, 'data-window': key });
  element.dataset.minutes = String(window.minutes);
  if (window.state === 'cut') element.dataset.cutBy = cutBy;
  if (window.startedAt !== null) element.dataset.start = String(window.startedAt);
  if (window.endsAt !== null) element.dataset.end = String(window.endsAt);
  element.dataset.label = label;
  fillWindow(element);
  return element;
}

/** Writes a window's text and progress bar; called again every second while the clock runs. */
function fillWindow(element: HTMLElement): void {
  const minutes = Number(element.dataset.minutes);
  const label = element.dataset.label ?? '';
  const start = element.dataset.start ? Number(element.dataset.start) : null;
  const end = element.dataset.end ? Number(element.dataset.end) : null;
  const state = element.className.replace(/.*window-/, '');
  const total = minutes * 60;
  let text: string;
  let elapsed = 0;
  if (state === 'skipped') text = `${label} window: none (0 min)`;
  else if (state === 'pending') text = `${label} window: ${duration(total)}, not started`;
  else if (state === 'unreached') text = `${label} window: ${duration(total)}, not reached`;
  else if (state === 'cut') {
    elapsed = start !== null && end !== null ? Math.min(total, Math.max(0, (end - start) / 1000)) : 0;
    text = `${label} window: ${duration(elapsed)} of ${duration(total)}, cut short ${element.dataset.cutBy ?? ''}${end !== null ? ` at ${when(new Date(end).toISOString())}` : ''}`;
  } else if (state === 'done') {
    elapsed = total;
    text = `${label} window: ${duration(total)}, over${end !== null ? ` at ${when(new Date(end).toISOString())}` : ''}`;
  } else {
    elapsed = start === null ? 0 : Math.min(total, Math.max(0, (simulatedNow() - start) / 1000));
    // Projected from when it began; the simulation may settle it a few seconds later.
    text = `${label} window: ${duration(elapsed)} of ${duration(total)}${end !== null ? `, ends about ${when(new Date(end).toISOString())}` : ''}`;
  }
  const bar = h('progress', { max: Math.max(total, 1), value: state === 'skipped' ? 1 : elapsed });
  bar.setAttribute('aria-label', `${label} window`);
  element.replaceChildren(h('span', null, text), bar);
}

function renderWindows(): void {
  for (const element of document.querySelectorAll<HTMLElement>('.window-active')) fillWindow(element);
}

// ------------------------------------------------ protons, events, history

function renderProtons(detail: Detail): void {
  replaceRegion(
    byId('protons'),
    detail.protons.length === 0
      ? h('p', { class: 'empty' }, 'No protons.')
      : detail.protons.map((proton) => protonView(proton, detail.statusDetails.get(proton.id) ?? null)),
  );
}

const FAILING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'OOMKilled',
  'Error',
]);

function protonView(proton: Proton, snapshot: StatusDetails | null): HTMLElement {
  const headingId = `proton-${proton.id}`;
  const role = proton.role ?? 'retiring';
  const replicas = snapshot?.replicas ?? [];
  return h(
    'article',
    { class: `proton role-${role}`, 'aria-labelledby': headingId, 'data-proton-id': proton.id },
    h(
      'h4',
      { id: headingId },
      h(
        'span',
        { class: 'role' },
        role === 'retiring' ? 'Retiring proton' : `${role[0]!.toUpperCase()}${role.slice(1)} proton`,
      ),
      ' ',
      h('code', null, proton.name),
    ),
    h(
      'dl',
      { class: 'facts compact' },
      fact('Role', role),
      fact('Status', badge(proton.status)),
      fact('Artifact', artifactName(proton.artifactId)),
      fact('Running since', when(proton.runningSince ?? null)),
    ),
    replicas.length === 0
      ? h('p', { class: 'empty' }, 'No pods.')
      : h(
          'div',
          {
            class: 'table-wrap',
            tabindex: '0',
            role: 'region',
            'aria-label': `Pods of proton ${proton.name}`,
            'data-key': `pods-${proton.id}`,
          },
          h(
            'table',
            { class: 'pods' },
            h('caption', { class: 'visually-hidden' }, `Pods and containers of proton ${proton.name}`),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Pod', 'Phase', 'Node', 'Container', 'State', 'Ready', 'Reason', 'Restarts'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              replicas.map((pod) => {
                const containers = pod.containers ?? [];
                const span = Math.max(1, containers.length);
                const allReady = containers.length > 0 && containers.every((c) => c.ready);
                const phaseTone: Tone =
                  pod.status === 'running'
                    ? allReady
                      ? 'ok'
                      : 'progress'
                    : pod.status === 'pending'
                      ? 'progress'
                      : pod.status === 'failed'
                        ? 'error'
                        : 'neutral';
                // data-label names each cell where a narrow window shows rows as cards.
                const podCells = [
                  h('th', { scope: 'row', rowspan: span, 'data-label': 'Pod' }, h('code', null, pod.name)),
                  h('td', { rowspan: span, 'data-label': 'Phase' }, badge(pod.status, pod.status, phaseTone)),
                  h('td', { rowspan: span, 'data-label': 'Node' }, pod.nodeAddress || '—'),
                ];
                if (containers.length === 0) {
                  return h('tr', null, podCells, h('td', { colspan: 5, 'data-label': 'Containers' }, '—'));
                }
                return containers.map((container, index) =>
                  h(
                    'tr',
                    { class: index === 0 ? 'first-container' : 'more-container' },
                    index === 0 ? podCells : null,
                    h('td', { 'data-label': 'Container' }, container.name),
                    h('td', { 'data-label': 'State' }, container.status),
                    h(
                      'td',
                      { 'data-label': 'Ready' },
                      container.ready ? badge('ready', 'yes', 'ok') : badge('not ready', 'no', 'neutral'),
                    ),
                    h(
                      'td',
                      { 'data-label': 'Reason' },
                      container.reason
                        ? FAILING_REASONS.has(container.reason)
                          ? badge(container.reason, container.reason, 'error')
                          : container.reason
                        : '—',
                    ),
                    h(
                      'td',
                      { class: 'number', 'data-label': 'Restarts' },
                      String(container.restartCount ?? 0),
                    ),
                  ),
                );
              }),
            ),
          ),
        ),
  );
}

function eventDetails(event: WorkloadEventValue): string {
  const d = event.details ?? {};
  if (event.eventType === 'proton.statusChanged') {
    return `proton ${shortId(String(d.protonId))}${d.role ? ` (${d.role})` : ''}: ${d.from} → ${d.to}`;
  }
  if (event.eventType === 'autoscaling.scaled') {
    const reason = typeof d.reason === 'string' ? `: ${d.reason}` : '';
    return `proton ${shortId(String(d.protonId))}: ${d.from} → ${d.to} replicas${reason}`;
  }
  if (event.eventType === 'workload.statusChanged') {
    return `${d.from} → ${d.to}, shown from proton ${shortId(String(d.protonId))}`;
  }
  if (typeof d.message === 'string') return d.message;
  const parts: string[] = [];
  if (typeof d.protonId === 'string') parts.push(`proton ${shortId(d.protonId)}`);
  if (typeof d.artifactId === 'string') parts.push(`artifact ${artifactName(d.artifactId)}`);
  if (typeof d.replacementId === 'string') parts.push(`replacement ${shortId(d.replacementId)}`);
  if (Array.isArray(d.fields)) parts.push(`fields ${d.fields.join(', ')}`);
  return parts.join(', ');
}

/** Says that a list holds the newest of more, and where the rest are. */
function newestOf(shown: number, total: number, what: string, path: string): HTMLElement | null {
  if (total <= shown) return null;
  return h(
    'p',
    { class: 'notice' },
    `The newest ${shown} of ${total} ${what}; GET ${path} pages through them all.`,
  );
}

function renderEvents(events: WorkloadEventValue[], total: number): void {
  const items =
    events.length === 0
      ? [h('li', { class: 'empty' }, 'No events.')]
      : events.map((event) =>
          h(
            'li',
            { class: `event event-${event.eventType.split('.')[0]}` },
            h('time', { datetime: event.timestamp }, when(event.timestamp)),
            h('span', { class: 'event-type' }, eventLabel(event.eventType)),
            h('span', { class: 'event-details' }, eventDetails(event)),
          ),
        );
  const more = newestOf(events.length, total, 'events', '/api/v2/workloads/{id}/events');
  replaceRegion(byId('events'), ...items, ...(more ? [h('li', { class: 'empty' }, more)] : []));
}

function historyBadge(replacement: ReplacementValue): HTMLElement {
  if (replacement.isDeleted) return badge('cancelled', 'cancelled', 'neutral');
  return badge(replacement.status ?? 'unknown');
}

function renderHistory(history: ReplacementValue[], total: number): void {
  replaceRegion(
    byId('history'),
    newestOf(history.length, total, 'replacements', '/api/v2/workloads/{id}/history'),
    history.length === 0
      ? h('p', { class: 'empty' }, 'No replacement yet.')
      : h(
          'div',
          {
            class: 'table-wrap',
            tabindex: '0',
            role: 'region',
            'aria-label': 'Replacement history table',
            'data-key': 'history-table',
          },
          h(
            'table',
            { class: 'history' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Started', 'What', 'Status', 'Artifact', 'Switched', 'Last change', 'Message'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              history.map((r) =>
                h(
                  'tr',
                  null,
                  h('td', { 'data-label': 'Started' }, when(r.createdAt)),
                  h('th', { scope: 'row', 'data-label': 'What' }, r.name),
                  h('td', { 'data-label': 'Status' }, historyBadge(r)),
                  h('td', { 'data-label': 'Artifact' }, artifactName(r.candidateArtifactId)),
                  h('td', { 'data-label': 'Switched' }, when(r.switchedAt)),
                  h('td', { 'data-label': 'Last change' }, when(r.updatedAt)),
                  h('td', { 'data-label': 'Message' }, r.message ?? '—'),
                ),
              ),
            ),
          ),
        ),
  );
}

// ---------------------------------------------------------------- the live stream

type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'down' | 'locked';

function setConnection(state: ConnectionState): void {
  const element = byId('connection');
  element.dataset.state = state;
  const labels = {
    connecting: ['Connecting…', 'progress'],
    live: ['Live', 'ok'],
    reconnecting: ['Reconnecting…', 'warn'],
    down: ['Disconnected, retrying', 'error'],
    locked: ['Admin token needed', 'warn'],
  } as const;
  const [label, tone] = labels[state];
  element.replaceChildren(h('span', { class: 'visually-hidden' }, 'Stream: '), badge(label, label, tone));
}

async function reloadAll(): Promise<void> {
  try {
    const [clock] = await Promise.all([api.mock<ClockState>('GET', 'clock'), loadTenants()]);
    setClock(clock.body);
  } catch (error) {
    announce(`Could not read the mock's state. ${failureText(error)}`, 'error');
  }
  onSelectionChange();
}

function handle(message: StreamMessageValue, first: boolean): void {
  const selected = selection();
  switch (message.type) {
    case 'hello': {
      // A page that has seen no message yet has no id to resume from, so the server cannot tell it
      // missed anything: a new instance says the server restarted.
      const restarted =
        message.reason === 'restarted' || (streamInstance !== null && message.instance !== streamInstance);
      streamInstance = message.instance;
      if (first || message.resync || restarted) void reloadAll();
      if (!first && (message.resync || restarted)) {
        announce(
          restarted
            ? 'The mock server restarted: everything was read again.'
            : 'Some changes were missed: everything was read again.',
        );
      }
      return;
    }
    case 'clock':
      setClock(message.clock);
      return;
    case 'workload': {
      const isSelected = selected?.workloadId === message.workloadId;
      const before = isSelected ? workloadInCache(message.workloadId)?.status : undefined;
      applyWorkloadMessage(message);
      if (!isSelected) return;
      scheduleRefresh();
      if (message.workload && message.workload.status !== before)
        announceChange(`${message.workload.name} is now ${message.workload.status}.`);
      else if (message.change === 'deleted') announceChange('The selected workload was deleted.');
      return;
    }
    case 'replacement':
      if (selected?.workloadId !== message.workloadId) return;
      scheduleRefresh();
      if (['completed', 'errored', 'cancelled'].includes(message.phase)) {
        const name = workloadInCache(message.workloadId)?.name ?? 'the workload';
        announceChange(`The replacement of ${name} is ${message.phase}.`);
      }
      return;
    case 'reset':
      // A reset may take the selected workload's tenant with it, and a state import may keep it:
      // once the tenants are read again, the selection shows what is there (or says its tenant is gone).
      void loadTenants()
        .catch(() => undefined)
        .then(() => {
          if (selection()) onSelectionChange();
        });
      return;
    case 'fault':
      if (selected) scheduleRefresh();
      return;
    default:
      if (selected?.workloadId === message.workloadId) scheduleRefresh();
  }
}

let lastEventId: string | null = null;
/** The server the stream last said hello from (each start is a new instance). */
let streamInstance: string | null = null;
let connectedOnce = false;
let source: EventSource | null = null;
let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

function connectIn(ms: number): void {
  if (reconnectTimer) clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(() => {
    reconnectTimer = null;
    connect();
  }, ms);
}

/**
 * The browser gave up on the stream (an error answer, or no server). EventSource never says which:
 * a /_mock call does, and asks for the admin token when that is what is missing.
 */
let recovering = false;
/** The stream was refused for want of the admin token, and the page said so. */
let waitingForAdminToken = false;
async function recoverStream(): Promise<void> {
  setConnection('down');
  const token = adminToken();
  recovering = true;
  try {
    await api.mock('GET', 'clock');
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) {
      // Dismissed: wait for a token from the top bar's button (onAdminTokenSaved reconnects).
      setConnection('locked');
      waitingForAdminToken = true;
      announce('The mock needs its admin token: give it with the Admin token button at the top.', 'error');
      // Nothing was ever read: the list would say "Loading…" for good.
      if (!connectedOnce) {
        replaceRegion(
          byId('tenants-body'),
          h('p', { class: 'empty' }, 'The tenants show once the mock has its admin token.'),
        );
      }
      return;
    }
  } finally {
    recovering = false;
  }
  // A token given just now: connect with it at once; otherwise try again in a while.
  connectIn(adminToken() !== token ? 0 : 3000);
}

function connect(): void {
  source?.close();
  setConnection(connectedOnce ? 'reconnecting' : 'connecting');
  const url = new URL('/_mock/stream', location.href);
  // A new EventSource cannot send Last-Event-ID; the stream takes it as a query parameter too.
  if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
  // Nor any header: the admin token goes in the URL, which the server strips before logging it.
  const token = adminToken();
  if (token !== null) url.searchParams.set('adminToken', token);
  const current = new EventSource(url);
  source = current;
  let first = !connectedOnce;
  current.addEventListener('open', () => setConnection('live'));
  current.addEventListener('error', () => {
    if (current !== source) return;
    if (current.readyState === EventSource.CLOSED) void recoverStream();
    else setConnection('reconnecting');
  });
  for (const type of ['hello', ...STREAM_MESSAGE_TYPES]) {
    current.addEventListener(type, (event) => {
      const message = event as MessageEvent<string>;
      if (message.lastEventId) lastEventId = message.lastEventId;
      handle(JSON.parse(message.data) as StreamMessageValue, first);
      if (type === 'hello') {
        first = false;
        connectedOnce = true;
        setConnection('live');
        if (waitingForAdminToken) {
          waitingForAdminToken = false;
          // In place of the message that asked for it.
          announce('The mock took the admin token: the page is live again.');
        }
      }
    });
  }
}

// ---------------------------------------------------------------- start

function start(): void {
  installAdminTokenButton();
  // A token saved while the stream is down (or refused): reconnect with it now.
  onAdminTokenSaved(() => {
    if (!recovering && byId('connection').dataset.state !== 'live') connectIn(0);
  });
  installClockControls();
  installWorkloadControls();
  installReplacementControls();
  window.addEventListener('hashchange', onSelectionChange);
  // The selection lives in the hash: the skip link moves focus without replacing it.
  document.querySelector<HTMLAnchorElement>('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    const detail = byId('detail');
    focusOn(detail);
    detail.scrollIntoView();
  });
  // The clock display and the open windows move with simulated time while the clock runs: the
  // windows every second, the readout every frame (at ×600 a second is ten minutes).
  let ticks = 0;
  setInterval(() => {
    if (!clockRuns()) return;
    renderClock();
    if (++ticks % CLOCK_RESYNC_SECONDS === 0 && byId('connection').dataset.state === 'live')
      void resyncClock().catch(() => undefined);
  }, 1000);
  const followClock = () => {
    if (clockRuns()) renderClockReadout();
    requestAnimationFrame(followClock);
  };
  requestAnimationFrame(followClock);
  connect();
}

start();
