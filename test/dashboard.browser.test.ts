import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../scripts/build-ui.js';
import { FAULT_KINDS } from '../src/sim/faults.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

/**
 * The dashboard end to end: the real server in its own process, the built page in Debian's headless
 * Chromium. Skipped when Chromium is absent, unless DASHBOARD_BROWSER_TEST=required (.ci/run sets
 * it after installing Chromium), where its absence fails.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.DASHBOARD_BROWSER_TEST === 'required';
if (!available && !required) {
  console.warn(
    `Skipping the dashboard browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it).`,
  );
}

const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

const SERVER_ENV = {
  MOCK_CLOCK: 'manual',
  MOCK_CLOCK_START: '2026-03-02T09:00:00Z',
  MOCK_SEED: 'dashboard-demo',
};

/** The demo environment of fixtures/demo.json, as the dashboard shows it. */
interface DemoEnvironment {
  tenants: string[];
  /** The production support agent, on support-agent v2: the test rolls it back to v1 from the page. */
  target: { workloadId: string; v1: string; v2: string };
}

async function startDemoServer(
  port?: number,
  env: Record<string, string> = {},
): Promise<{ server: ServerProcess; demo: DemoEnvironment }> {
  const server = await startServerProcess(
    { ...SERVER_ENV, MOCK_FIXTURES: 'fixtures/demo.json', ...env },
    port,
  );
  const get = async (path: string): Promise<any> =>
    (await fetch(`${server.url}/api/v2/${path}`, { headers: { authorization: 'Bearer demo' } })).json();
  const workloads = await get('workloads?search=support-agent-prod');
  const versions = (await get('artifacts?search=support-agent&status=locked&limit=100')).data;
  const version = (n: number) =>
    versions.find((a: { name: string; version: number }) => a.name === 'support-agent' && a.version === n).id;
  return {
    server,
    demo: {
      tenants: ['demo', 'research'],
      target: { workloadId: workloads.data[0].id, v1: version(1), v2: version(2) },
    },
  };
}

/** POSTs `body` as `token` to `path` (from the server's root); the answer's body. */
async function postAs(base: string, token: string, path: string, body: unknown): Promise<{ id: string }> {
  const answer = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await answer.json()) as { id: string };
}

/** As `token`: a locked artifact `name` (one container, image example/<name>:1) and a workload `<name>-wl` on it. */
async function workloadAs(base: string, token: string, name: string): Promise<string> {
  const container = { name: 'c', imageUri: `example/${name}:1`, port: 8080, primary: true };
  const artifact = await postAs(base, token, '/api/v2/artifacts', {
    name,
    type: 'service',
    status: 'locked',
    spec: { containerGroups: [{ containers: [container] }] },
  });
  return (await postAs(base, token, '/api/v2/workloads', { name: `${name}-wl`, artifactId: artifact.id })).id;
}

describe.skipIf(!available && !required)('the dashboard in headless Chromium', () => {
  let server: ServerProcess;
  let demo: DemoEnvironment;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    await buildUi();
    ({ server, demo } = await startDemoServer());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      // The page reads GET /replacement (404: none in progress) and a workload that a restart
      // removed; Chromium logs those answers, and the refused connections while the server is down.
      const expected = /status of 404|ERR_CONNECTION_REFUSED/.test(text);
      if (message.type() === 'error' && !expected) {
        pageErrors.push(`console: ${text} (${message.location().url})`);
      }
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop('SIGKILL');
  });

  /** A demo server and a fresh browser context (its own storage) of the test's own, closed after `use`. */
  const withOwnDemo = async (
    options: { env?: Record<string, string>; width?: number },
    use: (own: ServerProcess, context: BrowserContext) => Promise<void>,
  ) => {
    const { server: own } = await startDemoServer(undefined, options.env);
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 800 } });
    try {
      await use(own, context);
    } finally {
      await context.close();
      await own.stop('SIGKILL');
    }
  };

  const panel = (name: string) => page.getByRole('region', { name });
  const replacement = () => panel('Replacement');
  const protons = () => page.locator('#protons');
  const advance = async (amount: number, unit: 'seconds' | 'minutes') => {
    await page.getByLabel('Advance by').fill(String(amount));
    await page.getByLabel('Unit').selectOption({ label: unit });
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
  };

  it('shows every tenant, then starts a replacement and follows it to completion from the page', async () => {
    const answer = await page.goto(`${server.url}/_mock/ui`);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-type']).toBe('text/html; charset=utf-8');
    // Everything the page loads comes from the mock itself: it works offline.
    expect(answer?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('#connection[data-state="live"]').waitFor();

    const nav = page.getByRole('navigation', { name: 'Tenants and workloads' });
    for (const tenant of demo.tenants) await nav.getByRole('heading', { name: new RegExp(tenant) }).waitFor();
    const targetLink = nav.getByRole('link', { name: /support-agent-prod/ });
    await targetLink.filter({ hasText: 'running' }).filter({ hasText: 'support-agent v2' }).waitFor();
    await nav
      .getByRole('link', { name: /image-resizer/ })
      .filter({ hasText: 'errored' })
      .waitFor();
    await nav
      .getByRole('link', { name: /nightly-report/ })
      .filter({ hasText: 'stopped' })
      .waitFor();
    await nav
      .getByRole('link', { name: /support-agent-staging/ })
      .filter({ hasText: 'running' })
      .waitFor();
    await nav
      .getByRole('link', { name: /notebook-api/ })
      .filter({ hasText: 'running' })
      .waitFor();

    // Every field has a label.
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input, select')].filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.outerHTML)",
    );
    expect(unlabelled).toEqual([]);

    // Keyboard only: focus the workload and open it with Enter.
    await targetLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'support-agent-prod' }).waitFor();
    const active = protons().locator('article.role-active');
    await active.filter({ hasText: 'running' }).waitFor();
    expect(await active.locator('tbody th[scope="row"]').count()).toBe(4);
    await replacement().getByText('Last replacement:').waitFor();

    // Roll back to v1 (warm-up 2 min, keep the old version 3 min), from the keyboard.
    await page.getByLabel('Artifact', { exact: true }).selectOption(demo.target.v1);
    await page.getByLabel('Warm-up (minutes)').fill('2');
    await page.getByLabel('Keep old version (minutes)').fill('3');
    await page.getByRole('button', { name: 'Start replacement' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#announce').filter({ hasText: 'done (202)' }).waitFor();
    await replacement().locator('.rep-status').filter({ hasText: 'submitted' }).waitFor();
    await replacement().getByText('Current replacement:').waitFor();

    // The candidate comes up and warms.
    await advance(30, 'seconds');
    const candidate = protons().locator('article.role-candidate');
    await candidate.filter({ hasText: 'warming' }).waitFor();
    await replacement().locator('li[aria-current="step"]').filter({ hasText: 'Initializing' }).waitFor();
    await replacement()
      .getByText(/Warm-up window: .* of 2 min/)
      .waitFor();
    expect(await active.filter({ hasText: 'running' }).count()).toBe(1);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: resolve(RESULTS, 'dashboard-warming.png') });

    // Warm-up over: traffic switches to the candidate, the old proton drains.
    await advance(2, 'minutes');
    await replacement().locator('.rep-status').filter({ hasText: 'finalizing' }).waitFor();
    await protons().locator('article.role-active').filter({ hasText: 'support-agent v1' }).waitFor();
    await protons().locator('article.role-retiring').filter({ hasText: 'draining' }).waitFor();
    await panel('Event timeline (newest first)').getByText('Traffic switched').first().waitFor();
    await replacement()
      .getByText(/Drain window: .* of 3 min/)
      .waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: resolve(RESULTS, 'dashboard-switched.png') });

    // Drained, stopped, done (at 09:05:27): the workload runs v1 on one proton.
    await advance(210, 'seconds');
    await replacement().locator('.rep-status').filter({ hasText: 'completed' }).waitFor();
    // Still readable from GET /replacement for a while, but over: the last one, not the current.
    const retained = await fetch(`${server.url}/api/v2/workloads/${demo.target.workloadId}/replacement`, {
      headers: { authorization: 'Bearer demo' },
    });
    expect(retained.status).toBe(200);
    await replacement().getByText('Last replacement:').waitFor();
    await page.locator('#wl-summary').filter({ hasText: 'support-agent v1' }).waitFor();
    await targetLink.filter({ hasText: 'support-agent v1' }).waitFor();
    await page.locator('#protons article.role-retiring').waitFor({ state: 'detached' });
    expect(await protons().locator('article').count()).toBe(1);
    await panel('Event timeline (newest first)').getByText('Replacement completed').first().waitFor();
    await panel('History (newest first)')
      .getByRole('row', { name: /Replace support-agent v2 with support-agent v1 .*completed/ })
      .waitFor();
    expect(await replacement().locator('.phase-done').count()).toBe(5);

    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: resolve(RESULTS, 'dashboard.png') });
    await page.screenshot({ path: resolve(RESULTS, 'dashboard-full.png'), fullPage: true });

    // A narrow window: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: resolve(RESULTS, 'dashboard-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('asks for the admin token when the mock has one, then shows the workloads and follows the stream', async () => {
    const ADMIN_TOKEN = 'dashboard-admin-secret';
    const { server: guarded } = await startDemoServer(undefined, { MOCK_ADMIN_TOKEN: ADMIN_TOKEN });
    // A fresh context: its own sessionStorage, no token yet.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    try {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      tab.on('console', (message) => {
        // Chromium logs the 401s that make the page ask, and GET /replacement's 404s.
        const expected = /status of (401|404)/.test(message.text());
        if (message.type() === 'error' && !expected) errors.push(`console: ${message.text()}`);
      });
      const answer = await tab.goto(`${guarded.url}/_mock/ui`);
      expect(answer?.status()).toBe(200);

      // The stream is refused: the page asks, in a modal dialog, with the focus in its field.
      const dialog = tab.getByRole('dialog', { name: 'Admin token required' });
      await dialog.waitFor();
      expect(await tab.evaluate('document.activeElement?.id')).toBe('admin-token');
      await tab
        .locator('#connection')
        .filter({ hasText: /Disconnected|Admin token/ })
        .waitFor();
      await tab.screenshot({ path: resolve(RESULTS, 'dashboard-admin-token.png') });

      // Dismissed with Escape, it waits for the top bar's button.
      await tab.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await tab.locator('#connection[data-state="locked"]').waitFor();
      await tab.locator('#announce').filter({ hasText: 'needs its admin token' }).waitFor();
      // The focus goes to the button that opens it again; a control refused meanwhile does not ask.
      expect(await tab.evaluate('document.activeElement?.id')).toBe('admin-token-open');
      await tab.getByRole('button', { name: '+1 min' }).click();
      await tab
        .locator('#announce')
        .filter({ hasText: /Advance the clock by .* failed/ })
        .waitFor();
      expect(await dialog.isVisible()).toBe(false);
      await tab.getByRole('button', { name: 'Admin token' }).focus();
      await tab.keyboard.press('Enter');
      await dialog.waitFor();
      // Opened from the button, it says nothing was refused.
      const refusedToken = dialog.getByText('The mock refused that token');
      expect(await refusedToken.isVisible()).toBe(false);
      expect(await tab.locator('#admin-token').getAttribute('aria-invalid')).toBe('false');

      // Only spaces: nothing is saved, the dialog stays. "Not now" dismisses it too.
      await tab.keyboard.type('   ');
      await tab.keyboard.press('Enter');
      expect(await tab.evaluate("sessionStorage.getItem('workload-api-mock.adminToken')")).toBeNull();
      expect(await dialog.isVisible()).toBe(true);
      await dialog.getByRole('button', { name: 'Not now' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await tab.evaluate('document.activeElement?.id')).toBe('admin-token-open');
      await tab.keyboard.press('Enter');
      await dialog.waitFor();

      // A wrong token is refused and asked again; the right one, typed and sent with Enter, is kept.
      await tab.keyboard.type('not-the-token');
      await tab.keyboard.press('Enter');
      await refusedToken.waitFor();
      expect(await tab.evaluate('document.activeElement?.id')).toBe('admin-token');
      const field = tab.locator('#admin-token');
      expect([
        await field.getAttribute('aria-invalid'),
        await field.getAttribute('aria-describedby'),
      ]).toEqual(['true', 'admin-refused']);
      // Spaces around the token are dropped before it is kept.
      await tab.keyboard.type(`  ${ADMIN_TOKEN} `);
      await tab.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await tab.locator('#connection[data-state="live"]').waitFor();
      // The message that asked for the token gives way.
      await tab.locator('#announce').filter({ hasText: 'The mock took the admin token' }).waitFor();

      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      for (const tenant of demo.tenants)
        await nav.getByRole('heading', { name: new RegExp(tenant) }).waitFor();
      const staging = nav.getByRole('link', { name: /support-agent-staging/ });
      await staging.filter({ hasText: 'running' }).waitFor();
      expect(await tab.evaluate("sessionStorage.getItem('workload-api-mock.adminToken')")).toBe(ADMIN_TOKEN);

      // /_mock calls carry the token: the clock moves from the page, and the stream shows it.
      await tab.locator('#clock-now').filter({ hasText: '2026-03-02 09:00:00 UTC' }).waitFor();
      await tab.getByRole('button', { name: '+1 min' }).click();
      await tab.locator('#announce').filter({ hasText: 'done (200)' }).waitFor();
      await tab.locator('#clock-now').filter({ hasText: '2026-03-02 09:01:00 UTC' }).waitFor();

      // The fault control offers every kind the API accepts, with the inputs each one takes.
      await staging.click();
      await tab.getByRole('heading', { level: 2, name: 'support-agent-staging' }).waitFor();
      const faultKind = tab.getByLabel('Fault', { exact: true });
      const faultsPanel = tab.getByRole('region', { name: 'Faults' });
      const options = await faultKind.locator('option').evaluateAll((all) => all.map((o) => o.textContent));
      expect(options).toEqual([...FAULT_KINDS]);
      const where = tab.getByLabel('Where');
      const rate = tab.getByLabel('Requests failed (%)');
      const buildArtifact = tab.getByLabel('Artifact whose builds fail');
      const visible = async () => [
        await where.isVisible(),
        await rate.isVisible(),
        await buildArtifact.isVisible(),
      ];
      await faultKind.selectOption('CrashLoopBackOff');
      expect(await visible()).toEqual([true, false, false]);
      await faultKind.selectOption('ErrorRate');
      expect(await visible()).toEqual([false, true, false]);
      await tab.locator('#fault-kind-help').filter({ hasText: 'with a 500' }).waitFor();
      // From the keyboard: the rate field is next in the tab order after the fault picker.
      await faultKind.focus();
      await tab.keyboard.press('Tab');
      expect(await tab.evaluate('document.activeElement?.id')).toBe('fault-rate');
      await tab.keyboard.press('ControlOrMeta+A');
      await tab.keyboard.type('25');
      await tab.getByRole('button', { name: 'Inject fault' }).click();
      await tab
        .locator('#announce')
        .filter({ hasText: 'Inject ErrorRate failing 25 % of requests: done (201)' })
        .waitFor();
      await faultsPanel.getByText('every pod, 25 % of requests').waitFor();
      await faultKind.selectOption('BuildFailed');
      expect(await visible()).toEqual([false, false, true]);
      await tab.getByRole('button', { name: 'Inject fault' }).click();
      await tab
        .locator('#announce')
        .filter({ hasText: /Inject BuildFailed into the builds of .*: done \(201\)/ })
        .waitFor();
      await faultsPanel.getByText(/builds of support-agent/).waitFor();
      await faultsPanel.scrollIntoViewIfNeeded();
      await tab.screenshot({ path: resolve(RESULTS, 'dashboard-faults.png') });
      const read = async (path: string, token: string): Promise<any> =>
        (await fetch(`${guarded.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
      const stagingId = new URLSearchParams(new URL(tab.url()).hash.slice(1)).get('workload');
      const { artifactId: stagingArtifact } = await read(`/api/v2/workloads/${stagingId}`, 'demo');
      const faults = await read('/_mock/faults', ADMIN_TOKEN);
      expect(
        faults.data
          .filter((f: { fault: string }) => ['ErrorRate', 'BuildFailed'].includes(f.fault))
          .map((f: { fault: string; match: unknown; rate?: number; container: string | null }) => ({
            fault: f.fault,
            match: f.match,
            rate: f.rate,
            container: f.container,
          })),
      ).toEqual([
        { fault: 'ErrorRate', match: { workloadId: stagingId }, rate: 0.25, container: null },
        { fault: 'BuildFailed', match: { artifactId: stagingArtifact }, rate: undefined, container: null },
      ]);

      // Changes made elsewhere (other clients, through the API) arrive over the stream.
      const send = async (method: string, path: string, token: string, body?: unknown) => {
        const response = await fetch(`${guarded.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as any };
      };
      const found = await send('GET', '/api/v2/workloads?search=support-agent-staging', 'demo');
      expect((await send('POST', `/api/v2/workloads/${found.body.data[0].id}/stop`, 'demo', {})).status).toBe(
        202,
      );
      await staging.filter({ hasText: 'stopping' }).waitFor();
      const advanced = await send('POST', '/_mock/clock/advance', ADMIN_TOKEN, { seconds: 60 });
      expect(advanced.status).toBe(200);
      await staging.filter({ hasText: 'stopped' }).waitFor();
      await tab.locator('#clock-now').filter({ hasText: '2026-03-02 09:02:00 UTC' }).waitFor();

      // A reload keeps the token for this tab: no question, straight to live.
      await tab.reload();
      await tab.locator('#connection[data-state="live"]').waitFor();
      await staging.filter({ hasText: 'stopped' }).waitFor();
      expect(await dialog.isVisible()).toBe(false);
      // The top bar's button shows from the start, to change the stored token.
      expect(await tab.locator('#admin-token-open').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await guarded.stop('SIGKILL');
    }
  }, 90_000);

  it('asks again for an admin token that no header can carry, instead of saying the server is gone; keeps it without storage', async () => {
    const ADMIN_TOKEN = 'dashboard-admin-secret';
    await withOwnDemo({ env: { MOCK_ADMIN_TOKEN: ADMIN_TOKEN } }, async (own, context) => {
      const tab = await context.newPage();
      // Storage refused (a private window's quota): the page keeps the token it was given.
      await tab.addInitScript(
        "Storage.prototype.setItem = () => { throw new DOMException('Quota exceeded', 'QuotaExceededError'); };",
      );
      await tab.goto(`${own.url}/_mock/ui`);
      const dialog = tab.getByRole('dialog', { name: 'Admin token required' });
      await dialog.waitFor();
      // Pasted with a curly quote: fetch cannot send it, which looked like no server at all.
      await tab.keyboard.type(`${ADMIN_TOKEN}\u2019`);
      await tab.keyboard.press('Enter');
      await dialog.getByText('The mock refused that token').waitFor();
      await tab.keyboard.type(ADMIN_TOKEN);
      await tab.keyboard.press('Enter');
      await tab.locator('#connection[data-state="live"]').waitFor();
      await tab
        .getByRole('navigation', { name: 'Tenants and workloads' })
        .getByRole('link', { name: /support-agent-prod/ })
        .waitFor();
      expect(await tab.evaluate("sessionStorage.getItem('workload-api-mock.adminToken')")).toBeNull();
    });
  }, 90_000);

  it('reconnects its event stream after the server restarts, and reads the new state', async () => {
    const port = server.port;
    const ended = await server.stop('SIGTERM');
    // The open stream did not hold the shutdown back (a forced exit would be code 1).
    expect(ended).toEqual({ code: 0, signal: null });
    await page.locator('#connection:not([data-state="live"])').waitFor();

    ({ server, demo } = await startDemoServer(port));
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('#announce').filter({ hasText: 'The mock server restarted' }).waitFor();
    // The new server runs the freshly loaded demo: v2 again, and no replacement in progress.
    await page.locator('#wl-summary').filter({ hasText: 'support-agent v2' }).waitFor();
    await replacement().getByText('Last replacement:').waitFor();

    // And it is live again: a change made now shows up without a reload.
    await page.locator('#clock-now').filter({ hasText: '2026-03-02 09:00:00 UTC' }).waitFor();
    await advance(10, 'seconds');
    await page.locator('#clock-now').filter({ hasText: '2026-03-02 09:00:10 UTC' }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('keeps a long list of workloads beside the details: one picked far down shows its details in view', async () => {
    await withOwnDemo({ width: 1400 }, async (own, context) => {
      const post = (path: string, body: unknown) =>
        fetch(`${own.url}/api/v2/${path}`, {
          method: 'POST',
          headers: { authorization: 'Bearer demo', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const container = { name: 'app', imageUri: 'example/many:1', port: 8080, primary: true };
      const artifact = (await (
        await post('artifacts', {
          name: 'many',
          type: 'service',
          spec: { containerGroups: [{ name: 'default', containers: [container] }] },
        })
      ).json()) as { id: string };
      for (let i = 0; i < 50; i++) {
        const created = await post('workloads', { name: `many-${i}`, artifactId: artifact.id });
        expect(created.status).toBe(201);
      }
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      const last = nav.getByRole('link', { name: /many-49/ });
      await last.scrollIntoViewIfNeeded();
      await last.click();
      const heading = tab.getByRole('heading', { level: 2, name: 'many-49' });
      await heading.waitFor();
      const box = await heading.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(800);
    });
  }, 90_000);

  it('lets go of the selected workload when its tenant is reset, and does not make the tenant anew by reading it', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      tab.on('dialog', (dialog) => void dialog.accept());
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      await nav.getByRole('link', { name: /notebook-api/ }).click();
      await tab.getByRole('heading', { level: 2, name: /notebook-api/ }).waitFor();

      await tab.getByRole('button', { name: 'Reset tenant research' }).click();
      await tab.locator('#announce').filter({ hasText: 'Reset tenant research: done (200)' }).waitFor();
      await tab.getByText('Select a workload to see its protons').waitFor();
      expect(new URL(tab.url()).hash).toBe('');
      // One more round trip through the page and the stream, for any read it had scheduled.
      await tab.getByRole('button', { name: '+1 min' }).click();
      await tab.locator('#clock-now').filter({ hasText: '2026-03-02 09:01:00 UTC' }).waitFor();
      const tenants = (await (await fetch(`${own.url}/_mock/tenants`)).json()) as {
        data: { name: string }[];
      };
      expect(tenants.data.map((tenant) => tenant.name)).toEqual(['demo']);

      // Reset by another client while the keyboard is on a control of the workload: the focus goes
      // to what says why the details went, not to the top of the page.
      await nav.getByRole('link', { name: /nightly-report/ }).click();
      await tab.getByRole('heading', { level: 2, name: 'nightly-report' }).waitFor();
      await tab.locator('#ctl-stop').focus();
      expect((await fetch(`${own.url}/_mock/reset?tenant=demo`, { method: 'POST' })).status).toBe(200);
      await tab.getByText('Select a workload to see its protons').waitFor();
      expect(await tab.evaluate('document.activeElement?.id')).toBe('detail-message');
    });
  }, 90_000);

  it('lets go of a link to a tenant it does not know without making it; keeps the selection through a state import', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      const api = async (method: string, path: string, body?: unknown): Promise<any> => {
        const res = await fetch(`${own.url}${path}`, {
          method,
          headers: { authorization: 'Bearer research', 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return res.status === 204 ? null : res.json();
      };
      const tenantNames = async () =>
        ((await api('GET', '/_mock/tenants')).data as { name: string }[]).map((t) => t.name);
      const before = await tenantNames();
      await tab.goto(`${own.url}/_mock/ui#tenant=ghost&workload=0123456789abcdef01234567`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      await tab.getByText('Select a workload to see its protons').waitFor();
      expect(new URL(tab.url()).hash).toBe('');
      expect(await tenantNames()).toEqual(before);

      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      await nav.getByRole('link', { name: /notebook-api/ }).click();
      const heading = tab.getByRole('heading', { level: 2, name: /notebook-api/ });
      await heading.waitFor();
      const hash = new URL(tab.url()).hash;
      // A state import announces a reset; the workload is still there, and so is the selection.
      const state = await api('GET', '/_mock/state');
      const imported = await fetch(`${own.url}/_mock/state`, {
        method: 'PUT',
        body: JSON.stringify(state),
        headers: { 'content-type': 'application/json' },
      });
      expect(imported.status).toBe(200);
      // One round trip through the page and the stream after the import's reset message.
      await tab.getByRole('button', { name: '+1 min' }).click();
      await tab.locator('#clock-now').filter({ hasText: '2026-03-02 09:01:00 UTC' }).waitFor();
      await heading.waitFor();
      expect(new URL(tab.url()).hash).toBe(hash);

      // An artifact made after the workload was selected is named, not shown as an id.
      const workloadId = new URLSearchParams(hash.slice(1)).get('workload')!;
      const workload = await api('GET', `/api/v2/workloads/${workloadId}`);
      const made = await api('POST', `/api/v2/artifacts/${workload.artifactId}/clone`, {
        name: 'made-later',
      });
      await api('PATCH', `/api/v2/artifacts/${made.id}`, { status: 'locked' });
      const replaced = await api('POST', `/api/v2/workloads/${workloadId}/replacement`, {
        artifactId: made.id,
        strategy: 'rolling',
        config: { warmupDurationMinutes: 1, keepOldVersionMinutes: 1 },
      });
      expect(replaced.status).toBe('submitted');
      await tab.getByRole('region', { name: 'Replacement' }).getByText('made-later v').first().waitFor();
    });
  }, 90_000);

  it('wraps a long name instead of widening the page', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      const headers = { authorization: 'Bearer research', 'content-type': 'application/json' };
      const locked = (await (
        await fetch(`${own.url}/api/v2/artifacts?status=locked&limit=1`, { headers })
      ).json()) as {
        data: { id: string }[];
      };
      const artifact = locked.data[0]!;
      const name = 'n'.repeat(3000);
      const created = await fetch(`${own.url}/api/v2/workloads`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name, artifactId: artifact.id }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await tab.goto(`${own.url}/_mock/ui#tenant=research&workload=${id}`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      await tab.locator('#wl-title').filter({ hasText: 'nnnn' }).waitFor();
      const [scrolled, viewport] = (await tab.evaluate(
        '[document.documentElement.scrollWidth, window.innerWidth]',
      )) as number[];
      expect(scrolled).toBeLessThanOrEqual(viewport!);
    });
  }, 90_000);

  it('keeps the keyboard where the user was, fits a phone, and offers each workload its own next artifact', async () => {
    await withOwnDemo({ width: 390 }, async (own, context) => {
      const api = async (method: string, path: string, body?: unknown): Promise<any> =>
        (
          await fetch(`${own.url}${path}`, {
            method,
            headers: { authorization: 'Bearer demo', 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          })
        ).json();
      const idOf = async (name: string): Promise<string> =>
        (await api('GET', `/api/v2/workloads?search=${name}`)).data.find(
          (w: { name: string }) => w.name === name,
        ).id;
      const tab = await context.newPage();
      const open = async (name: string) => {
        await tab.goto(`${own.url}/_mock/ui#tenant=demo&workload=${await idOf(name)}`);
        await tab.getByRole('heading', { level: 2, name }).waitFor();
      };
      const focusedId = () => tab.evaluate('document.activeElement?.id || document.activeElement?.tagName');
      const choice = () =>
        tab
          .locator('#rep-artifact')
          .evaluate(
            (s: { options: { text: string }[]; selectedIndex: number }) => s.options[s.selectedIndex]!.text,
          );

      // On a phone, a long artifact name in the replacement form does not widen the page.
      await open('support-agent-staging');
      await tab.locator('#rep-artifact option').first().waitFor({ state: 'attached' });
      expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      expect(await tab.title()).toBe('support-agent-staging: Workload API mock');
      await tab.setViewportSize({ width: 1280, height: 800 });

      // The skip link, the first stop of the keyboard, takes it to the workload it names, which
      // stays selected (the selection is the address's hash).
      const selected = await tab.evaluate('location.hash');
      await tab.locator('.skip-link').focus();
      await tab.keyboard.press('Enter');
      expect(await focusedId()).toBe('detail');
      expect(await tab.evaluate('location.hash')).toBe(selected);
      await tab.getByRole('heading', { level: 2, name: 'support-agent-staging' }).waitFor();

      // A choice made for one workload is not carried to the next: each is offered its own kind.
      await open('support-agent-prod');
      expect(await choice()).toMatch(/^support-agent /);
      await tab.locator('#rep-artifact').selectOption({ label: 'embeddings-api v1' });
      await open('fraud-scorer-prod');
      expect(await choice()).toMatch(/^fraud-scorer /);
      // With no other version of its own, nothing is chosen for it.
      await open('embeddings-api-prod');
      expect(await choice()).toBe('Choose an artifact');

      // Starting disables Start: the focus goes to the progress it changed, never to Cancel, which
      // Enter would then press; the same when the stream brings another client's replacement.
      await open('support-agent-prod');
      await tab.locator('#rep-start').focus();
      await tab.keyboard.press('Enter');
      await tab.locator('#rep-cancel:not(:disabled)').waitFor();
      expect(await focusedId()).toBe('rep-progress');
      await tab.locator('#rep-cancel').focus();
      await tab.keyboard.press('Enter');
      // The answer, not the announcement made before the request leaves: time must move after the cancel.
      await tab.locator('#announce').filter({ hasText: 'Cancel the replacement: done (202)' }).waitFor();
      await api('POST', '/_mock/clock/advance', { seconds: 300 });
      await tab.locator('#rep-start:not(:disabled)').waitFor();
      expect(await focusedId()).toBe('rep-progress');
      await tab.locator('#rep-start').focus();
      const v1 = (
        await api('GET', '/api/v2/artifacts?search=support-agent&status=locked&limit=100')
      ).data.find((a: { name: string; version: number }) => a.name === 'support-agent' && a.version === 1).id;
      await api('POST', `/api/v2/workloads/${await idOf('support-agent-prod')}/replacement`, {
        artifactId: v1,
      });
      await tab.locator('#rep-cancel:not(:disabled)').waitFor();
      expect(await focusedId()).toBe('rep-progress');
      await tab
        .locator('#changes')
        .filter({ hasText: 'The replacement of support-agent-prod is cancelled.' })
        .waitFor();

      // An action's error is shown where the user is too, not only at the top of the page.
      await api('POST', '/_mock/clock/advance', { seconds: 600 });
      await tab.locator('#rep-start:not(:disabled)').waitFor();
      await tab.locator('#rep-artifact').selectOption({ label: 'support-agent v1 (running now)' });
      await tab.locator('#rep-start').focus();
      await tab.keyboard.press('Enter');
      await tab
        .locator('#rep-form .local-error')
        .filter({ hasText: 'already runs locked artifact' })
        .waitFor();

      // A cleared fault's button goes away: the focus stays in the faults panel.
      await open('image-resizer');
      // What the stream changed in the workload left behind is no longer there to be read.
      expect(await tab.locator('#changes').textContent()).toBe('');
      const clear = tab.locator('#wl-faults button').first();
      await clear.focus();
      await tab.keyboard.press('Enter');
      await tab.locator('#wl-faults .empty').waitFor();
      expect(await focusedId()).toBe('wl-faults');

      // A pods table being read keeps the focus when its pods change.
      await open('support-agent-staging');
      await tab.locator('[data-key^="pods-"]').first().focus();
      const focusedKey = () => tab.evaluate('document.activeElement?.getAttribute("data-key")');
      const podsKey = await focusedKey();
      expect(podsKey).toMatch(/^pods-/);
      await api('POST', '/_mock/faults', {
        match: { workloadId: await idOf('support-agent-staging') },
        fault: 'CrashLoopBackOff',
      });
      await api('POST', '/_mock/clock/advance', { seconds: 30 });
      await tab.locator('#protons').filter({ hasText: 'CrashLoopBackOff' }).waitFor();
      expect(await focusedKey()).toBe(podsKey);
    });
  }, 90_000);

  it("takes only a tenant's own token in its field, and does not use a saved one that is not", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const tab = await context.newPage();
      await tab.goto(`${server.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const field = tab.locator('input[data-token-for="demo"]');
      await expect.poll(() => field.inputValue()).toBe('demo');

      await field.fill('intruder');
      await field.press('Enter');
      await tab
        .locator('#announce')
        .filter({ hasText: '"intruder" is not a bearer token of tenant demo' })
        .waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const saved = () => tab.evaluate("localStorage.getItem('workload-api-mock.token.demo')");
      expect(await saved()).toBeNull();

      // One saved before (by an older page, or for a server since restarted) is not used either.
      await tab.evaluate("localStorage.setItem('workload-api-mock.token.demo', 'stale')");
      await tab.reload();
      await tab.locator('#connection[data-state="live"]').waitFor();
      await expect.poll(() => field.inputValue()).toBe('demo');
      await tab
        .getByRole('navigation', { name: 'Tenants and workloads' })
        .getByRole('link', { name: /support-agent-prod/ })
        .waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows the token it acts with once a restarted server no longer knows the one in the field', async () => {
    const tokens = (list: string) => ({ MOCK_TOKENS: list });
    let { server: own } = await startDemoServer(undefined, tokens('demo:demo,demo2:demo,research:research'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const field = tab.locator('input[data-token-for="demo"]');
      await expect.poll(() => field.inputValue()).toBe('demo');
      await field.fill('demo2');
      await field.press('Tab');
      expect(await tab.evaluate("localStorage.getItem('workload-api-mock.token.demo')")).toBe('demo2');

      // The same tenant comes back without demo2: the page acts as demo, and says so in the field.
      const port = own.port;
      await own.stop('SIGTERM');
      ({ server: own } = await startDemoServer(port, tokens('demo:demo,research:research')));
      await tab
        .locator('#announce')
        .filter({ hasText: 'The mock server restarted' })
        .waitFor({ timeout: 30_000 });
      await expect.poll(() => field.inputValue()).toBe('demo');
    } finally {
      await context.close();
      await own.stop('SIGKILL');
    }
  }, 90_000);

  it('counts the clock up frame by frame at a high scale, instead of jumping once a second', async () => {
    await withOwnDemo(
      {
        env: {
          MOCK_CLOCK: 'scaled',
          MOCK_TIME_SCALE: '600',
        },
      },
      async (fast, context) => {
        const tab = await context.newPage();
        // The page's time (timers, frames, performance.now) is the test's to move.
        await tab.clock.install();
        await tab.goto(`${fast.url}/_mock/ui`);
        await tab.locator('#connection[data-state="live"]').waitFor();
        await tab.locator('#clock-now').filter({ hasText: / UTC$/ }).waitFor();
        await tab.clock.pauseAt(Date.now() + 1000);
        const readout = async () =>
          Date.parse(
            ((await tab.locator('#clock-now').textContent()) ?? '').replace(' UTC', 'Z').replace(' ', 'T'),
          );
        // A tenth of a second is a minute at ×600: the readout moves every tenth, by about a minute.
        let shown = await readout();
        for (let step = 0; step < 5; step++) {
          await tab.clock.runFor(100);
          const now = await readout();
          // Give or take a frame (16 ms, ten seconds here).
          expect(now - shown).toBeGreaterThanOrEqual(40_000);
          expect(now - shown).toBeLessThanOrEqual(80_000);
          shown = now;
        }
      },
    );
  }, 90_000);

  it('notices a restart even when it had seen no change before it, by the new instance in the hello', async () => {
    let { server: idle, demo: before } = await startDemoServer();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    try {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      const workloadLink = (id: string) => tab.locator(`a.workload-link[data-key="workload-${id}"]`);
      await tab.goto(`${idle.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      await workloadLink(before.target.workloadId).waitFor();

      // Nothing happened, so the page holds no event id: the stream's resume cannot tell it.
      const port = idle.port;
      await idle.stop('SIGTERM');
      let after: DemoEnvironment;
      ({ server: idle, demo: after } = await startDemoServer(port, { MOCK_SEED: 'dashboard-demo-again' }));
      expect(after.target.workloadId).not.toBe(before.target.workloadId);
      await tab
        .locator('#announce')
        .filter({ hasText: 'The mock server restarted' })
        .waitFor({ timeout: 30_000 });
      await workloadLink(after.target.workloadId).waitFor();
      expect(await workloadLink(before.target.workloadId).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await idle.stop('SIGKILL');
    }
  }, 90_000);

  it('gives each tenant section a heading id of its own, also once a tenant was reset and another made', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      await nav.getByRole('region', { name: /Tenant research/ }).waitFor();
      expect((await fetch(`${own.url}/_mock/reset?tenant=demo`, { method: 'POST' })).status).toBe(200);
      await nav.getByRole('region', { name: /Tenant demo/ }).waitFor({ state: 'detached' });
      await workloadAs(own.url, 'zeta', 'zeta');
      await nav.getByRole('link', { name: /zeta-wl/ }).waitFor();
      // Each section is named by its own heading: no heading id is used twice.
      const sections = await tab.evaluate(
        "[...document.querySelectorAll('section.tenant')].map((s) => { const id = s.getAttribute('aria-labelledby'); return { own: s.querySelector('h2').id === id, sharing: [...document.querySelectorAll('[id]')].filter((e) => e.id === id).length }; })",
      );
      expect(sections).toEqual([
        { own: true, sharing: 1 },
        { own: true, sharing: 1 },
      ]);
      await nav
        .getByRole('region', { name: /Tenant zeta/ })
        .getByRole('link', { name: /zeta-wl/ })
        .waitFor();
    });
  }, 90_000);

  it('keeps the workload changes the stream brought when an older list of the tenants lands after them', async () => {
    await withOwnDemo({}, async (own, context) => {
      const workload = { id: await workloadAs(own.url, 'demo', 'race') };
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      const link = tab.locator(`a.workload-link[data-key="workload-${workload.id}"]`);
      await link.filter({ hasText: 'submitted' }).waitFor();

      // The server answers the tenants at once, the answer reaches the page only later (a slow network).
      let answered: () => void = () => undefined;
      const read = new Promise<void>((resolveRead) => {
        answered = resolveRead;
      });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolveHeld) => {
        release = resolveHeld;
      });
      await tab.route('**/_mock/tenants', async (route) => {
        const response = await route.fetch();
        answered();
        await held;
        await route.fulfill({ response });
      });
      // A reset makes the page read the tenants again; then the stream says the workload runs.
      await fetch(`${own.url}/_mock/reset?tenant=research`, { method: 'POST' });
      await read;
      await postAs(own.url, 'demo', '/_mock/clock/advance', { seconds: 60 });
      await link.filter({ hasText: 'running' }).waitFor();
      release();
      // The answer from before the advance lands (it no longer lists research): the workload still runs.
      await nav.getByRole('region', { name: /Tenant research/ }).waitFor({ state: 'detached' });
      expect(await link.textContent()).toContain('running');
      await tab.unroute('**/_mock/tenants');
    });
  }, 90_000);

  it('reads the tenants again for a workload of a new tenant, and handles a failure to', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      await nav.getByRole('region', { name: /Tenant research/ }).waitFor();
      await tab.route('**/_mock/tenants', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json', body: '{"detail":"boom"}' }),
      );
      const refused = tab.waitForResponse('**/_mock/tenants');
      await workloadAs(own.url, 'omega', 'omega');
      expect((await refused).status()).toBe(500);
      await tab.unroute('**/_mock/tenants');
      // Its next change reads them again.
      await postAs(own.url, 'omega', '/_mock/clock/advance', { seconds: 60 });
      await nav
        .getByRole('region', { name: /Tenant omega/ })
        .getByRole('link', { name: /omega-wl/ })
        .waitFor();
      expect(errors).toEqual([]);
    });
  }, 90_000);

  it('says that reloading the artifacts failed, and keeps offering those it read before', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      await tab
        .getByRole('navigation', { name: 'Tenants and workloads' })
        .getByRole('link', { name: /support-agent-prod/ })
        .click();
      await tab.getByRole('heading', { level: 2, name: 'support-agent-prod' }).waitFor();
      const choices = () => tab.locator('#rep-artifact option').allTextContents();
      await tab.locator('#rep-artifact option').first().waitFor({ state: 'attached' });
      const before = await choices();
      expect(before.length).toBeGreaterThan(1);
      await tab.route('**/api/v2/artifacts?*', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json', body: '{"detail":"boom"}' }),
      );
      await tab.getByRole('button', { name: 'Reload artifacts' }).click();
      const announcement = tab.locator('#announce.error').filter({ hasText: 'Reload artifacts failed' });
      await announcement.waitFor();
      expect(await announcement.textContent()).toContain('answered 500: boom');
      expect(await choices()).toEqual(before);
      await tab.unroute('**/api/v2/artifacts?*');
      await tab.getByRole('button', { name: 'Reload artifacts' }).click();
      await tab.locator('#announce.info').filter({ hasText: 'artifacts listed.' }).waitFor();
    });
  }, 90_000);

  it('offers and names every artifact of a tenant with more than a page of them, the newest too', async () => {
    await withOwnDemo({}, async (own, context) => {
      // The demo tenant has a few artifacts; 100 more put the newest past the first page of 100.
      const container = { name: 'c', imageUri: 'example/filler:1', port: 8080, primary: true };
      for (let i = 0; i < 99; i++) {
        await postAs(own.url, 'demo', '/api/v2/artifacts', {
          name: `filler-${i}`,
          type: 'service',
          status: 'locked',
          spec: { containerGroups: [{ containers: [container] }] },
        });
      }
      const workloadId = await workloadAs(own.url, 'demo', 'newest');
      const listed = await fetch(`${own.url}/api/v2/artifacts?limit=1`, {
        headers: { authorization: 'Bearer demo' },
      });
      expect(((await listed.json()) as { totalCount: number }).totalCount).toBeGreaterThan(100);
      await postAs(own.url, 'demo', '/_mock/clock/advance', { seconds: 60 });
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      await tab.locator(`a.workload-link[data-key="workload-${workloadId}"]`).click();
      await tab.getByRole('heading', { level: 2, name: 'newest-wl' }).waitFor();
      // Its proton names its artifact (it showed an id), which both pickers offer.
      await tab.locator('#protons article.role-active').filter({ hasText: 'newest v1' }).waitFor();
      expect(await tab.locator('#rep-artifact option').allTextContents()).toContain(
        'newest v1 (running now)',
      );
      expect(await tab.locator('#fault-artifact option').allTextContents()).toContain(
        'newest v1 (running now)',
      );
    });
  }, 90_000);

  it('shows a failed replacement, and one a stop ended in its warm-up, as ended: nothing after it to come', async () => {
    await withOwnDemo({}, async (own, context) => {
      const tab = await context.newPage();
      await tab.goto(`${own.url}/_mock/ui`);
      await tab.locator('#connection[data-state="live"]').waitFor();
      const nav = tab.getByRole('navigation', { name: 'Tenants and workloads' });
      const progress = tab.locator('#rep-progress');
      await nav.getByRole('link', { name: /fraud-scorer-prod/ }).click();
      await tab.getByRole('heading', { level: 2, name: 'fraud-scorer-prod' }).waitFor();
      await progress.locator('.rep-status').filter({ hasText: 'errored' }).waitFor();
      expect(await progress.locator('.phase-todo').count()).toBe(0);
      await progress.getByText('not reached: failed').first().waitFor();
      expect(await progress.textContent()).not.toContain('not started');

      // A stop four minutes into a ten-minute warm-up: cut short then.
      const api = async (method: string, path: string, body?: unknown): Promise<any> => {
        const res = await fetch(`${own.url}${path}`, {
          method,
          headers: { authorization: 'Bearer demo', 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return res.status === 204 ? null : res.json();
      };
      const workload = (await api('GET', '/api/v2/workloads?search=support-agent-prod')).data[0];
      const others = (await api('GET', '/api/v2/artifacts?search=support-agent&status=locked&limit=100'))
        .data;
      const other = others.find((a: { id: string }) => a.id !== workload.artifactId);
      const base = `/api/v2/workloads/${workload.id}`;
      await api('POST', `${base}/replacement`, {
        artifactId: other.id,
        strategy: 'rolling',
        config: { warmupDurationMinutes: 10, keepOldVersionMinutes: 5 },
      });
      for (let i = 0; i < 120; i++) {
        const protons = (await api('GET', `${base}/protons?limit=100`)).data as { status: string }[];
        if (protons.some((p) => p.status === 'warming')) break;
        await api('POST', '/_mock/clock/advance', { seconds: 1 });
      }
      await api('POST', '/_mock/clock/advance', { seconds: 240 });
      await api('POST', `${base}/stop`, {});
      await nav.getByRole('link', { name: /support-agent-prod/ }).click();
      await tab.getByRole('heading', { level: 2, name: 'support-agent-prod' }).waitFor();
      await progress.locator('.rep-status').filter({ hasText: 'errored' }).waitFor();
      await progress
        .locator('[data-window="warmup"].window-cut')
        .filter({ hasText: /Warm-up window: 4 min of 10 min, cut short when the replacement ended at/ })
        .waitFor();
      await progress.locator('[data-window="drain"]').filter({ hasText: 'not reached' }).waitFor();
    });
  }, 90_000);
});
