import { randomUUID } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
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

/** Responses written at a time: all of a long test file's would be more text than one string holds. */
const LINES_PER_WRITE = 10_000;

/** Writes what this test file recorded to the run's recordings folder (one JSON line each). */
export function flushRecordings(dir: string): void {
  if (recorded.length === 0) return;
  const fd = openSync(join(dir, `${randomUUID()}.jsonl`), 'w');
  try {
    for (let i = 0; i < recorded.length; i += LINES_PER_WRITE) {
      const lines = recorded.slice(i, i + LINES_PER_WRITE).map((r) => `${JSON.stringify(r)}\n`);
      writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
  recorded.length = 0;
}
