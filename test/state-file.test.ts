import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateFile } from '../src/state-file.js';
import { createArtifact, createWorkload, workloadBody } from './fixtures.js';
import { createTestApp, type TestApp } from './helpers.js';

describe('the periodic save of the state file', () => {
  let dir: string;
  let t: TestApp;
  let file: StateFile;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const path = join(dir, 'state.json');
    t = await createTestApp({ stateFile: path });
    file = new StateFile(path, t.app.emulator);
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not even export the state while no request was answered, no timer fired and the clock stood still', async () => {
    const api = t.client();
    await createWorkload(api, workloadBody(await createArtifact(api)));
    const exported = vi.spyOn(t.app.emulator.snapshots, 'export');
    expect(file.saveIfChanged()).toBe(true);
    expect(exported).toHaveBeenCalledTimes(1);

    // Idle: nothing is exported (with tens of thousands of workloads that took seconds every time).
    expect(file.saveIfChanged()).toBe(false);
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(1);

    // A request answered may have changed it: exported, and written only if it did.
    await api.get('/api/v2/workloads');
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(2);
    await createArtifact(api);
    expect(file.saveIfChanged()).toBe(true);

    // Simulated time moving on fires the workload's pending transitions: a change.
    t.advance(120);
    expect(file.saveIfChanged()).toBe(true);
    expect(exported).toHaveBeenCalledTimes(4);
    expect(file.saveIfChanged()).toBe(false);
    expect(exported).toHaveBeenCalledTimes(4);
  });
});
