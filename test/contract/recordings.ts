import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { JsonObject } from '../../scripts/reference.js';
import type { RecordedResponse } from '../recorder.js';

// What the contract tests share: the integration tests' recordings, and the operation of a document
// a recorded request went to.

export function readRecordings(): RecordedResponse[] {
  const dir = inject('recordingsDir');
  const out: RecordedResponse[] = [];
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line) out.push(JSON.parse(line) as RecordedResponse);
    }
  }
  return out;
}

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  parameters: number;
}

export function routesOf(document: JsonObject): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, any>)) {
    for (const method of Object.keys(item)) {
      // The mock's `{path}` at the end is everything below a workload's endpoint, its root included.
      const pattern = new RegExp(
        `^${template.replace(/\/\{path\}$/, '(?:/.*)?').replace(/\{[^}]+\}/g, '[^/]+')}/?$`,
      );
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern,
        parameters: template.split('{').length,
      });
    }
  }
  // Literal segments win over parameters (/workloads/stats before /workloads/{workload_id}).
  return routes.sort((a, b) => a.parameters - b.parameters);
}

/** JSON pointer escaping of one path segment. */
export const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
