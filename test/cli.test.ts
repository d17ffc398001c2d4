import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { flagName, flags, helpText, parseArguments, UsageError } from '../src/cli-flags.js';
import { environmentSchema } from '../src/config.js';
import { call, killAll, ROOT, runCli, startProcess } from './process-helpers.js';

afterEach(killAll);

describe('flags', () => {
  it('mirror every variable of the configuration schema, one each', () => {
    const variables = Object.keys(environmentSchema.shape);
    expect(flags().map((flag) => flag.variable)).toEqual(variables);
    const names = flags().map((flag) => flag.flag);
    expect(new Set(names).size).toBe(names.length);
    expect(flagName('PORT')).toBe('--port');
    expect(flagName('LOG_LEVEL')).toBe('--log-level');
    expect(flagName('MOCK_TIME_SCALE')).toBe('--time-scale');
    expect(flagName('MOCK_STATE_FILE')).toBe('--state-file');
    expect(flagName('MOCK_CONTAINER_CREATING_SECONDS')).toBe('--container-creating-seconds');
    for (const flag of flags()) expect(flag.description, flag.variable).not.toBe('');
  });

  it('parse into the variables they stand for', () => {
    expect(
      parseArguments(['--port', '9000', '--time-scale=120', '--clock', 'manual', '--fixtures', 'demo.json']),
    ).toEqual({
      env: { PORT: '9000', MOCK_TIME_SCALE: '120', MOCK_CLOCK: 'manual', MOCK_FIXTURES: 'demo.json' },
    });
    // The last of a repeated flag wins; a value may hold `=`, start with `-`, or be `--` itself.
    expect(parseArguments(['--port', '1', '--seed=a=b', '--port=2'])).toEqual({
      env: { PORT: '2', MOCK_SEED: 'a=b' },
    });
    expect(parseArguments(['--seed', '-1'])).toEqual({ env: { MOCK_SEED: '-1' } });
    expect(parseArguments(['--seed', '--'])).toEqual({ env: { MOCK_SEED: '--' } });
    expect(parseArguments(['--help'])).toEqual({ help: true });
    expect(parseArguments(['-h'])).toEqual({ help: true });
    expect(parseArguments(['-v'])).toEqual({ version: true });
    expect(() => parseArguments(['--bogus', '1'])).toThrow(
      new UsageError('unknown flag --bogus (see --help)'),
    );
    expect(() => parseArguments(['--port'])).toThrow(new UsageError('--port needs a value'));
    // An empty value names nothing: it would hide PORT and start on the default port.
    expect(() => parseArguments(['--port='])).toThrow(new UsageError('--port needs a value'));
    expect(() => parseArguments(['--time-scale', ' '])).toThrow(new UsageError('--time-scale needs a value'));
    expect(() => parseArguments(['--port', '--host', 'x'])).toThrow(new UsageError('--port needs a value'));
    expect(() => parseArguments(['serve'])).toThrow(new UsageError('unexpected argument "serve"'));
    expect(() => parseArguments(['-p', '9000'])).toThrow(new UsageError('unexpected argument "-p"'));
    expect(() => parseArguments(['--help=all'])).toThrow(new UsageError('--help takes no value'));
    expect(() => parseArguments(['--version='])).toThrow(new UsageError('--version takes no value'));
  });

  it('answer --help and --version wherever they stand, reading no flag after them', () => {
    expect(parseArguments(['--port', '9000', '--help'])).toEqual({ help: true });
    expect(parseArguments(['--clock=manual', '-v'])).toEqual({ version: true });
    expect(parseArguments(['-h', '--bogus'])).toEqual({ help: true });
  });

  it('are all in --help, with their variable, choices and default', () => {
    const help = helpText();
    for (const flag of flags()) {
      expect(help).toContain(`${flag.flag} <value>`);
      expect(help).toContain(`(${flag.variable}`);
    }
    expect(help).toContain(
      '(LOG_LEVEL; one of fatal, error, warn, info, debug, trace, silent; default info)',
    );
    expect(help).toContain('(MOCK_SNAPSHOT_SECONDS; default 5)');
    expect(help).toContain('(MOCK_JOURNAL_SIZE; default 1000)');
    // No default: none shown.
    expect(help).toContain(' (MOCK_FIXTURES)\n');
    // Before the flags: the usage, flags over the environment, and how a duration is written.
    expect(help.slice(0, help.indexOf('\n  --port <value>'))).toBe(
      [
        'workload-api-mock: a local emulator of the Workload API over a simulated cluster.',
        '',
        'Usage: workload-api-mock [flags]',
        '',
        'Every flag also reads from its environment variable; a flag wins over the environment.',
        'Durations take seconds (90) or a duration (80ms, 90s, 30m, 1h, 7d, 2h15m).',
        '',
        'Flags:',
      ].join('\n'),
    );
  });

  it('line up in --help, descriptions and facts in one column, and its examples parse', () => {
    const help = helpText();
    const lines = help.split('\n');
    const columns = new Set<number>();
    for (const flag of flags()) {
      const at = lines.findIndex((line) => line.startsWith(`  ${flag.flag} <value> `));
      expect(at, flag.flag).not.toBe(-1);
      expect(lines[at]!.endsWith(` ${flag.description}`), flag.flag).toBe(true);
      columns.add(lines[at]!.length - flag.description.length);
      columns.add(lines[at + 1]!.indexOf(`(${flag.variable}`));
    }
    for (const [option, text] of [
      ['-h, --help', 'this help'],
      ['-v, --version', 'the version'],
    ] as const) {
      const line = lines.find((candidate) => candidate.startsWith(`  ${option} `));
      expect(line?.endsWith(` ${text}`), option).toBe(true);
      columns.add(line!.length - text.length);
    }
    expect([...columns]).toHaveLength(1);
    const examples = lines.filter((line) => line.startsWith('  workload-api-mock '));
    expect(examples).toHaveLength(2);
    for (const example of examples)
      expect(() => parseArguments(example.trim().split(/ +/).slice(1)), example).not.toThrow();
    expect(help).toMatch(/[^\n]\n$/);
  });
});

describe('the workload-api-mock command', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help and --version answer and exit', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(helpText());
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  it('refuses an unknown flag and a bad value, naming them', async () => {
    const unknown = await runCli(['--bogus', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('workload-api-mock: unknown flag --bogus (see --help)\n');
    const bad = await runCli(['--time-scale', 'fast']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^workload-api-mock: Invalid --time-scale: .*\(got "fast"\)\n$/);
    // The same value from the environment names the variable.
    const fromEnvironment = await runCli([], { MOCK_TIME_SCALE: 'fast' });
    expect(fromEnvironment.code).toBe(2);
    expect(fromEnvironment.stderr).toMatch(
      /^workload-api-mock: Invalid MOCK_TIME_SCALE: .*\(got "fast"\)\n$/,
    );
  });

  it('stops the start with one message on a host it cannot listen on and a state file it cannot write', async () => {
    const host = await runCli(['--port', '0', '--host', 'no-such-host.invalid']);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(
      /^workload-api-mock: cannot listen on no-such-host\.invalid:0 \(E[A-Z_]+\); set PORT or HOST\n$/,
    );
    for (const path of ['/proc/no-such-dir/state.json', '/sys/state.json']) {
      const refused = await runCli(['--port', '0', '--host', '127.0.0.1'], { MOCK_STATE_FILE: path });
      expect(refused.code, path).toBe(2);
      expect(refused.stderr, path).toMatch(/cannot be written/);
    }
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const state = join(blocker, 'state.json');
    const unwritable = await runCli(['--port', '0', '--host', '127.0.0.1'], { MOCK_STATE_FILE: state });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(
      new RegExp(
        `^workload-api-mock: MOCK_STATE_FILE ${state} cannot be written: its directory ${blocker} is not writable \\(E[A-Z]+\\)`,
      ),
    );
  });

  it('lets flags win over the environment and prints a banner with the URL, tokens, clock and fixtures', async () => {
    const mock = await startProcess(
      ['--clock', 'manual', '--fixtures', 'fixtures/demo.json', '--tokens', 'demo:acme,research:lab'],
      {
        MOCK_CLOCK: 'scaled',
        MOCK_TIME_SCALE: '5',
        MOCK_TOKENS: 'someone:else',
      },
    );
    const clock = await call(mock.url, 'GET', '/_mock/clock');
    expect(clock.json).toMatchObject({ mode: 'manual', scale: 5 });
    const workloads = await call(mock.url, 'GET', '/api/v2/workloads', undefined, 'demo');
    expect(workloads.json.totalCount).toBe(6);
    expect((await call(mock.url, 'GET', '/api/v2/workloads', undefined, 'someone')).status).toBe(401);

    const banner = mock.stderr();
    expect(banner).toContain(`workload-api-mock on ${mock.url}`);
    expect(banner).toContain(`API        ${mock.url}/api/v2`);
    expect(banner).toContain('Tokens     2 mapped tokens (2 tenants); others are refused');
    expect(banner).toContain('Clock      manual (moves with POST /_mock/clock/advance)');
    expect(banner).toContain('Fixtures   fixtures/demo.json: 2 tenants, 10 artifacts, 7 workloads, 2 faults');
    // Logs are JSON lines when stdout is not a terminal.
    for (const line of mock.stdout().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(await mock.stop('SIGTERM')).toBe(0);
  });

  it('stops the start on a bad fixtures file, naming the bad entry and the reason', async () => {
    const path = join(dir, 'bad.json');
    const demo = JSON.parse(readFileSync(join(ROOT, 'fixtures/demo.json'), 'utf8'));
    demo.tenants[0].workloads[2].artifact = 'fraud-scorer-9.9';
    writeFileSync(path, JSON.stringify(demo));
    const result = await runCli(['--fixtures', path, '--port', '0', '--host', '127.0.0.1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `workload-api-mock: fixtures file ${path}: tenants[0].workloads[2].artifact: no artifact has the key "fraud-scorer-9.9"\n`,
    );
  });
});
