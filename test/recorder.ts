import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A response an integration test received (and what it sent), kept to check against the schemas. */
export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** The JSON body the request sent, if any. */
  requestBody?: unknown;
}

const recorded: RecordedResponse[] = [];

export function recordResponse(response: RecordedResponse): void {
  recorded.push(response);
}

/** Writes what this test file recorded to the run's recordings folder (one JSON line each). */
export function flushRecordings(dir: string): void {
  if (recorded.length === 0) return;
  const lines = recorded.map((r) => JSON.stringify(r)).join('\n');
  writeFileSync(join(dir, `${randomUUID()}.jsonl`), `${lines}\n`);
  recorded.length = 0;
}
