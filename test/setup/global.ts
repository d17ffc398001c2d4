import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the integration tests write the responses they received, for the contract tests. */
    recordingsDir: string;
  }
}

/** Every project of this run (same process) shares the folder: integration writes, contract reads. */
export default function setup(project: TestProject) {
  const dir = join(tmpdir(), `workload-api-mock-responses-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  project.provide('recordingsDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
