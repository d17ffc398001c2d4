import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * How `node dist/cli.js` loads the command. `npm run build` bundles command.js, the server and
 * their dependencies into one CommonJS file beside this module (scripts/bundle-server.mjs), starts
 * the server from it once and saves V8's code cache of it: compiling that bundle was most of the
 * start-up, and with the cache V8 takes the compiled functions instead. Without a bundle (sources
 * run by tsx, or tsc output alone), or with one older than command.js (tsc ran after the build),
 * the command is imported as it is.
 *
 * The cache is a hint, never a requirement: it is used only when it was made from exactly the
 * bundle's bytes (a SHA-256 of them heads the file; V8 itself checks only the source's length), and
 * V8 refuses one from another V8 version or other flags. Either way the bundle is compiled afresh.
 */

type CommandModule = typeof import('./command.js');

/** The command's bundle, where the build writes it: dist/command.bundle.cjs. */
export const COMMAND_BUNDLE = fileURLToPath(new URL('./command.bundle.cjs', import.meta.url));
const COMMAND_MODULE = fileURLToPath(new URL('./command.js', import.meta.url));
const COMMAND_SOURCE = fileURLToPath(new URL('../src/command.ts', import.meta.url));

/**
 * How a bundle is stored: its CommonJS code inside Node's module wrapper, a function expression that
 * V8 compiles from the file's text as it is. Wrapping the text at load time made V8 copy all of it
 * into one flat string first: some 9 ms of every start, for 2 MB.
 */
export const MODULE_WRAPPER = [
  '(function (exports, require, module, __filename, __dirname) {',
  '\n})',
] as const;

/** The cache sits beside the bundle it was made from. */
export function codeCacheFile(bundleFile: string): string {
  return `${bundleFile}.v8cache`;
}

const DIGEST_BYTES = 32;

function digest(source: Buffer): Buffer {
  return createHash('sha256').update(source).digest();
}

/** V8's data from `cacheFile` when it was made from exactly `source`; otherwise undefined. */
function cachedDataFor(source: Buffer, cacheFile: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (cache.length <= DIGEST_BYTES || !cache.subarray(0, DIGEST_BYTES).equals(digest(source)))
    return undefined;
  return cache.subarray(DIGEST_BYTES);
}

export interface LoadedBundle {
  file: string;
  exports: unknown;
  /** Whether V8 took the compiled code from the cache (false: compiled afresh). */
  cacheUsed: boolean;
  /** Saves the code cache of everything compiled so far (the build calls it once the server answers). */
  saveCodeCache(): void;
}

/**
 * Runs a bundle stored in the module wrapper (MODULE_WRAPPER) as Node's own loader runs a CommonJS
 * module (the same arguments), compiled with its code cache when a valid one is beside it;
 * `useCache: false` compiles it afresh.
 */
export function loadBundle(bundleFile: string, options: { useCache?: boolean } = {}): LoadedBundle {
  const file = resolve(bundleFile);
  const source = readFileSync(file);
  const text = source.toString('utf8');
  if (!text.startsWith(MODULE_WRAPPER[0]))
    throw new Error(`${file} is not a bundle in the module wrapper: run \`npm run build\` again.`);
  const cachedData = options.useCache === false ? undefined : cachedDataFor(source, codeCacheFile(file));
  const script = new vm.Script(text, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    file,
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    saveCodeCache: () =>
      writeFileSync(codeCacheFile(file), Buffer.concat([digest(source), script.createCachedData()])),
  };
}

/**
 * Whether a bundle exists and is not older than the module it was built from: tsc writes every
 * module again when it runs, so a `tsc` after the build leaves a bundle of the code before it.
 * Only where the module's source is can tsc have run: an installed package ships no sources, and
 * npm gives its files the times it unpacked them at, in the tarball's order, not the build's.
 */
export function bundleIsCurrent(bundleFile: string, builtFrom: string, source: string): boolean {
  try {
    const bundle = statSync(bundleFile).mtimeMs;
    if (!existsSync(source)) return true;
    const module = statSync(builtFrom, { throwIfNoEntry: false })?.mtimeMs;
    return module === undefined || bundle >= module;
  } catch {
    return false;
  }
}

/** The command: from the bundle the build made, else command.js itself. */
export async function loadCommand(): Promise<CommandModule> {
  if (bundleIsCurrent(COMMAND_BUNDLE, COMMAND_MODULE, COMMAND_SOURCE))
    return loadBundle(COMMAND_BUNDLE).exports as CommandModule;
  return import('./command.js');
}
