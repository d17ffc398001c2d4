/**
 * npm run conformance -- [reference.yaml]
 *
 * Compares the mock's OpenAPI document (generated from the app, as openapi/openapi.json) with
 * the public Workload API reference and prints every difference. Exits 1 when a difference that
 * is not compatible is missing from conformance/allowed-differences.yaml, 2 when the reference
 * cannot be read.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  type AllowedDifference,
  allowedBy,
  compare,
  type Difference,
  globMatches,
  keyOf,
} from './conformance-lib.js';
import { renderOpenapi } from './openapi.js';
import { type JsonObject, loadReference, referencePath } from './reference.js';

export const ALLOWED_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../conformance/allowed-differences.yaml',
);

export function readAllowed(path = ALLOWED_PATH): AllowedDifference[] {
  const entries = parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${path}: expected a list of {match, reason}`);
  return entries.map((entry, index) => {
    const { match, reason } = (entry ?? {}) as Record<string, unknown>;
    const globs = typeof match === 'string' ? [match] : match;
    const validGlobs =
      Array.isArray(globs) && globs.length > 0 && globs.every((glob) => typeof glob === 'string');
    if (!validGlobs || typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`${path}: entry ${index + 1} needs a match (a glob or a list of them) and a reason`);
    }
    return { match: globs as string[], reason };
  });
}

export interface ConformanceReport {
  differences: Difference[];
  unlisted: Difference[];
  allowed: { difference: Difference; entry: AllowedDifference }[];
  compatible: Difference[];
  /** Globs of allowed entries that match no difference (stale?). */
  unusedGlobs: string[];
  repaired: { from: string; to: string }[];
}

export async function conformance(reference: string): Promise<ConformanceReport> {
  const { document, repaired } = loadReference(reference);
  const mock = JSON.parse(await renderOpenapi()) as JsonObject;
  const differences = compare(document, mock);
  const entries = readAllowed();
  const used = new Set<string>();
  const report: ConformanceReport = {
    differences,
    unlisted: [],
    allowed: [],
    compatible: [],
    unusedGlobs: [],
    repaired,
  };
  for (const difference of differences) {
    const key = keyOf(difference);
    const entry = allowedBy(key, entries);
    if (entry) {
      for (const glob of entry.match) if (globMatches(glob, key)) used.add(glob);
      report.allowed.push({ difference, entry });
    } else if (difference.compatible) {
      report.compatible.push(difference);
    } else {
      report.unlisted.push(difference);
    }
  }
  report.unusedGlobs = entries.flatMap((entry) => entry.match).filter((glob) => !used.has(glob));
  return report;
}

function print(report: ConformanceReport, reference: string): void {
  const out = process.stdout;
  out.write(`Conformance of the mock's OpenAPI document with ${reference}\n`);
  for (const { from, to } of report.repaired) {
    out.write(`note: the reference refers to ${from}, which it does not define; read as ${to}\n`);
  }
  out.write(`\nUnlisted differences (${report.unlisted.length}):\n`);
  for (const d of report.unlisted) out.write(`  FAIL ${keyOf(d)}\n`);
  out.write(`\nAllowed differences (${report.allowed.length}):\n`);
  for (const { difference, entry } of report.allowed) {
    out.write(`  ok   ${keyOf(difference)}\n         (${entry.reason.trim().split('\n')[0]})\n`);
  }
  out.write(
    `\nCompatible differences (${report.compatible.length}), which a client of the reference cannot notice:\n`,
  );
  for (const d of report.compatible) out.write(`  info ${keyOf(d)}\n`);
  if (report.unusedGlobs.length > 0) {
    out.write(`\nAllowed entries that match nothing (stale?):\n`);
    for (const glob of report.unusedGlobs) out.write(`  warn ${glob}\n`);
  }
  out.write(
    `\nconformance: ${report.differences.length} differences: ${report.unlisted.length} unlisted, ${report.allowed.length} allowed, ${report.compatible.length} compatible\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const given = process.argv[2];
  const reference = given ? resolve(given) : referencePath();
  if (!reference) {
    process.stderr.write('conformance: no reference spec given and none beside the project\n');
    process.exit(2);
  }
  let report: ConformanceReport;
  try {
    report = await conformance(reference);
  } catch (error) {
    process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  print(report, reference);
  process.exit(report.unlisted.length > 0 ? 1 : 0);
}
