import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';

/**
 * Replays a Dockerfile's build outside a container, since no Docker engine runs here. What it does:
 * - each stage gets a directory standing for its filesystem root; WORKDIR, COPY (from the build
 *   context, honouring .dockerignore, or --from an earlier stage) and ENV act on it as in a build;
 * - RUN commands run with `sh -c` in the stage's WORKDIR with the stage's ENV, a private npm cache,
 *   and this machine's Node.js (the test checks its major version is the base image's);
 * - one substitution, to stay fast: a bare `RUN npm ci` (the build stage's full install) links the
 *   project's node_modules, installed from the same package-lock.json by `npm ci` in CI;
 * - a RUN preceded by a `# replay: skip (reason)` comment is not run (it would act on this
 *   machine's real root), and is reported;
 * - FROM, USER, EXPOSE, VOLUME, HEALTHCHECK and CMD are recorded, not enforced: the caller starts
 *   CMD and polls HEALTHCHECK. What is not replayed: the base image's contents, the user switch,
 *   file ownership, and isolation from this machine.
 */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
  /** Why the replay skips it (a `# replay: skip` comment just above), if it does. */
  skip: string | null;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let skip: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const marker = /^#\s*replay:\s*skip\b\s*(.*)$/.exec(trimmed);
      if (marker) skip = marker[1]!.replace(/^\(|\)$/g, '') || 'marked to skip';
      continue;
    }
    const start = i + 1;
    let logical = trimmed;
    while (logical.endsWith('\\') && i + 1 < lines.length) {
      logical = logical.slice(0, -1);
      i++;
      const next = lines[i]!.trim();
      if (!next.startsWith('#')) logical += ` ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/s.exec(logical)!;
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start, skip });
    skip = null;
  }
  return instructions;
}

/** `["a", "b"]` (exec form) or a shell command (shell form, run with `sh -c`). */
export function commandOf(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[];
  return ['/bin/sh', '-c', args];
}

function splitWords(text: string): string[] {
  return text.match(/(?:[^\s"]+|"[^"]*")+/g)?.map((word) => word.replace(/"/g, '')) ?? [];
}

export interface Stage {
  name: string | null;
  image: string;
  /** The directory that stands for this stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  expose: string[];
  volumes: string[];
  healthcheck: { options: Record<string, string>; command: string[] } | null;
  cmd: string[] | null;
  runs: string[];
  skipped: { command: string; reason: string }[];
}

export interface ReplayOptions {
  context: string;
  dockerfile: string;
  /** An empty directory for the stages' roots and the npm cache. */
  workspace: string;
}

/** .dockerignore: each line a pattern, `!` re-including; the last matching line decides. */
function ignorePatterns(context: string): { pattern: RegExp; include: boolean }[] {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const escaped = line
        .replace(/^!/, '')
        .replace(/^\/+|\/+$/g, '')
        .split('**')
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('.*');
      return { pattern: new RegExp(`^${escaped}(/.*)?$`), include };
    });
}

export function replayDockerfile(options: ReplayOptions): Stage[] {
  const instructions = parseDockerfile(readFileSync(options.dockerfile, 'utf8'));
  const ignored = ignorePatterns(options.context);
  const isIgnored = (path: string) => {
    let excluded = false;
    for (const { pattern, include } of ignored) if (pattern.test(path)) excluded = !include;
    return excluded;
  };
  const stages: Stage[] = [];
  const npmCache = join(options.workspace, 'npm-cache');
  const nodeDir = dirname(process.execPath);

  const inStage = (stage: Stage, path: string) =>
    join(stage.root, isAbsolute(path) ? path : posix.join(stage.workdir, path));
  const fail = (instruction: Instruction, reason: string): never => {
    throw new Error(
      `Dockerfile line ${instruction.line} (${instruction.keyword} ${instruction.args}): ${reason}`,
    );
  };

  for (const instruction of instructions) {
    const { keyword, args } = instruction;
    if (keyword === 'FROM') {
      const [image, as, name] = splitWords(args);
      const root = join(options.workspace, `stage-${stages.length}`);
      mkdirSync(root, { recursive: true });
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name! : null,
        image: image!,
        root,
        workdir: '/',
        env: {},
        user: null,
        expose: [],
        volumes: [],
        healthcheck: null,
        cmd: null,
        runs: [],
        skipped: [],
      });
      continue;
    }
    const stage = stages.at(-1) ?? fail(instruction, 'before any FROM');
    switch (keyword) {
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir, args);
        mkdirSync(inStage(stage, stage.workdir), { recursive: true });
        break;
      case 'ENV': {
        for (const pair of splitWords(args)) {
          const equals = pair.indexOf('=');
          if (equals <= 0) fail(instruction, 'only the KEY=value form is replayed');
          stage.env[pair.slice(0, equals)] = pair.slice(equals + 1);
        }
        break;
      }
      case 'COPY': {
        const words = splitWords(args);
        const flags = words.filter((word) => word.startsWith('--'));
        const paths = words.filter((word) => !word.startsWith('--'));
        const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
        const destination = paths.pop() ?? fail(instruction, 'no destination');
        if (paths.length === 0) fail(instruction, 'no source');
        let source: (path: string) => string;
        const origin =
          from === undefined
            ? undefined
            : (stages.find((s) => s.name === from) ??
              stages[Number(from)] ??
              fail(instruction, `no stage ${from}`));
        if (origin !== undefined) {
          source = (path) => join(origin.root, posix.resolve(origin.workdir, path));
        } else {
          source = (path) => {
            const inContext = posix.normalize(path).replace(/^\.\/?/, '');
            if (inContext.startsWith('..')) fail(instruction, `${path} is outside the build context`);
            if (isIgnored(inContext))
              fail(instruction, `${path} is excluded from the build context by .dockerignore`);
            return join(options.context, inContext);
          };
        }
        const target = inStage(stage, destination);
        const intoDirectory = destination.endsWith('/') || paths.length > 1;
        for (const path of paths) {
          const from = source(path);
          if (!existsSync(from)) fail(instruction, `${path} does not exist`);
          const isDirectory = statSync(from).isDirectory();
          const to = intoDirectory && !isDirectory ? join(target, posix.basename(path)) : target;
          mkdirSync(isDirectory ? to : dirname(to), { recursive: true });
          cpSync(from, to, {
            recursive: true,
            // Within a directory of the build context, what .dockerignore excludes is not there.
            filter: (file) => origin !== undefined || !isIgnored(relative(options.context, file)),
          });
        }
        break;
      }
      case 'RUN': {
        if (instruction.skip !== null) {
          stage.skipped.push({ command: args, reason: instruction.skip });
          break;
        }
        const cwd = inStage(stage, stage.workdir);
        stage.runs.push(args);
        if (args === 'npm ci') {
          symlinkSync(join(options.context, 'node_modules'), join(cwd, 'node_modules'), 'dir');
          break;
        }
        try {
          execFileSync('/bin/sh', ['-c', args], {
            cwd,
            env: {
              PATH: `${nodeDir}:${process.env.PATH ?? ''}`,
              HOME: process.env.HOME ?? '',
              npm_config_cache: npmCache,
              npm_config_update_notifier: 'false',
              npm_config_fund: 'false',
              npm_config_audit: 'false',
              ...stage.env,
            },
            stdio: 'pipe',
            timeout: 180_000,
          });
        } catch (error) {
          const output = error as { stdout?: Buffer; stderr?: Buffer };
          fail(
            instruction,
            `failed:\n${output.stdout?.toString() ?? ''}\n${output.stderr?.toString() ?? ''}`,
          );
        }
        break;
      }
      case 'USER':
        stage.user = args;
        break;
      case 'EXPOSE':
        stage.expose.push(...splitWords(args));
        break;
      case 'VOLUME':
        stage.volumes.push(...(args.startsWith('[') ? (JSON.parse(args) as string[]) : splitWords(args)));
        break;
      case 'HEALTHCHECK': {
        const match =
          /^((?:--\S+\s+)*)CMD\s+(.*)$/s.exec(args) ??
          fail(instruction, 'only HEALTHCHECK ... CMD is replayed');
        const healthOptions: Record<string, string> = {};
        for (const option of splitWords(match[1]!)) {
          const [key, value] = option.replace(/^--/, '').split('=');
          healthOptions[key!] = value ?? '';
        }
        stage.healthcheck = { options: healthOptions, command: commandOf(match[2]!.trim()) };
        break;
      }
      case 'CMD':
        stage.cmd = commandOf(args);
        break;
      case 'ARG':
      case 'LABEL':
        break;
      default:
        fail(instruction, 'this instruction is not replayed');
    }
  }
  return stages;
}

/** Seconds of a Docker duration option such as "10s" or "1m30s". */
export function dockerSeconds(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  let seconds = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    seconds += Number(value) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  return seconds;
}
