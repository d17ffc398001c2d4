import { z } from 'zod';
import { environmentSchema } from './config.js';

/**
 * The command line of `workload-api-mock [flags]`: every environment variable of the configuration is also a flag
 * (MOCK_TIME_SCALE is --time-scale, PORT is --port), derived from the schema, so a new variable gets
 * its flag and its help line without a change here. Flags win over the environment.
 */

export interface Flag {
  /** --time-scale */
  flag: string;
  /** MOCK_TIME_SCALE */
  variable: string;
  description: string;
  defaultValue: string | undefined;
  choices: readonly string[] | undefined;
}

export function flagName(variable: string): string {
  return `--${variable
    .replace(/^MOCK_/, '')
    .toLowerCase()
    .replace(/_/g, '-')}`;
}

/** Peels optional/default/pipe wrappers off a schema, collecting its default on the way. */
function inspect(schema: z.ZodType): { defaultValue: unknown; choices: readonly string[] | undefined } {
  let current: z.ZodType = schema;
  let defaultValue: unknown;
  for (let depth = 0; depth < 10; depth++) {
    const def = current.def as {
      type: string;
      innerType?: z.ZodType;
      in?: z.ZodType;
      out?: z.ZodType;
      defaultValue?: unknown;
    };
    if (def.type === 'default') {
      defaultValue = def.defaultValue;
      current = def.innerType!;
    } else if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out instanceof z.ZodEnum) {
      // A choice read leniently (choice() in config.ts): its values are what comes out.
      current = def.out;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      break;
    }
  }
  const choices = current instanceof z.ZodEnum ? (current.options as string[]) : undefined;
  return { defaultValue, choices };
}

export function flags(): Flag[] {
  return Object.entries(environmentSchema.shape).map(([variable, schema]) => {
    const { defaultValue, choices } = inspect(schema as z.ZodType);
    return {
      flag: flagName(variable),
      variable,
      description: (schema as z.ZodType).description ?? '',
      defaultValue: defaultValue === undefined ? undefined : String(defaultValue),
      choices,
    };
  });
}

export class UsageError extends Error {}

export type ParsedArguments =
  | { help: true }
  | { version: true }
  | { help?: false; env: Record<string, string> };

/** `--name value` or `--name=value`; the result maps each given flag's variable to its value. */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  const byFlag = new Map(flags().map((flag) => [flag.flag, flag]));
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '-h' || argument === '--help') return { help: true };
    if (argument === '-v' || argument === '--version') return { version: true };
    if (!argument.startsWith('--')) throw new UsageError(`unexpected argument "${argument}"`);
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument : argument.slice(0, equals);
    if (name === '--help' || name === '--version') throw new UsageError(`${name} takes no value`);
    const flag = byFlag.get(name);
    if (!flag) throw new UsageError(`unknown flag ${name} (see --help)`);
    let value: string;
    if (equals !== -1) {
      value = argument.slice(equals + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2))
        throw new UsageError(`${name} needs a value`);
      value = next;
      i++;
    }
    // Blank is unset in the environment; as a flag it names nothing, and would hide the variable.
    if (value.trim() === '') throw new UsageError(`${name} needs a value`);
    env[flag.variable] = value;
  }
  return { env };
}

export function helpText(): string {
  const lines = [
    'workload-api-mock: a local emulator of the Workload API over a simulated cluster.',
    '',
    'Usage: workload-api-mock [flags]',
    '',
    'Every flag also reads from its environment variable; a flag wins over the environment.',
    'Durations take seconds (90) or a duration (80ms, 90s, 30m, 1h, 7d, 2h15m).',
    '',
    'Flags:',
  ];
  const list = flags();
  const width = Math.max(...list.map((flag) => flag.flag.length)) + 9;
  for (const flag of list) {
    const head = `  ${flag.flag} <value>`.padEnd(width + 2);
    const facts = [flag.variable];
    if (flag.choices) facts.push(`one of ${flag.choices.join(', ')}`);
    if (flag.defaultValue !== undefined) facts.push(`default ${flag.defaultValue}`);
    lines.push(`${head}${flag.description}`);
    lines.push(`${''.padEnd(width + 2)}(${facts.join('; ')})`);
  }
  lines.push(
    `  ${'-h, --help'.padEnd(width)}this help`,
    `  ${'-v, --version'.padEnd(width)}the version`,
    '',
    'Examples:',
    '  workload-api-mock --port 9000 --fixtures fixtures/demo.json',
    '  workload-api-mock --clock manual --state-file .state/mock.json',
    '',
  );
  return lines.join('\n');
}
