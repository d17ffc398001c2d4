import { readFileSync } from 'node:fs';
import { flagName, helpText, type ParsedArguments, parseArguments, UsageError } from './cli-flags.js';

/** The `workload-api-mock` command: flags (see cli-flags.ts) over the environment, then server.ts's main. */

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The server, loaded only to run: --help and --version answer without starting its machinery. */
export function loadServer(): Promise<typeof import('./server.js')> {
  return import('./server.js');
}

export async function cli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  let parsed: ParsedArguments;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`workload-api-mock: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if ('version' in parsed) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  if (parsed.help) {
    process.stdout.write(helpText());
    return;
  }
  const { run } = await loadServer();
  const flags = new Map(Object.keys(parsed.env).map((variable) => [variable, flagName(variable)]));
  run({ ...process.env, ...parsed.env }, flags);
}
