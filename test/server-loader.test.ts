import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleIsCurrent, codeCacheFile, loadBundle, MODULE_WRAPPER } from '../src/server-loader.js';
import { ROOT } from './process-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'server-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CommonJS code in the module wrapper, as the build stores the command's bundle. */
function wrapped(code: string): string {
  return `${MODULE_WRAPPER[0]}${code}${MODULE_WRAPPER[1]}`;
}

function bundle(name: string, code: string): string {
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, wrapped(code));
  return file;
}

/** Loads a bundle in a fresh process, as the command does: V8's in-memory cache knows nothing of it there. */
function loadElsewhere(file: string): { cacheUsed: boolean; answer: unknown } {
  const script = `import { loadBundle } from './src/server-loader.ts';
    const bundle = loadBundle(${JSON.stringify(file)});
    console.log(JSON.stringify({ cacheUsed: bundle.cacheUsed, answer: bundle.exports.answer() }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout);
}

describe('loading a bundle with its code cache', () => {
  it('runs it as CommonJS, and the cache made from it serves a later process', () => {
    const file = bundle(
      'fresh',
      'const { basename } = require("node:path"); module.exports = { answer: () => [basename(__filename), __dirname] }; // ends in a comment',
    );
    const loaded = loadBundle(file, { useCache: false });
    expect(loaded.cacheUsed).toBe(false);
    expect((loaded.exports as { answer(): unknown }).answer()).toEqual(['fresh.cjs', dir]);
    loaded.saveCodeCache();
    expect(loadElsewhere(file)).toEqual({ cacheUsed: true, answer: ['fresh.cjs', dir] });
  });

  it('takes a path relative to the working directory (as the build gives it); its errors are ours and name the file', () => {
    const file = bundle('traced', 'module.exports = { answer: () => [__filename, new Error("here")] };');
    const loaded = loadBundle(relative(process.cwd(), file), { useCache: false });
    const [filename, error] = (loaded.exports as { answer(): [string, Error] }).answer();
    expect(loaded.file).toBe(file);
    expect(filename).toBe(file);
    // Run in this context: its globals are this process's.
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain(`${file}:1:`);
  });

  it('ignores a cache made from other bytes of the same length, and runs the bundle as it is', () => {
    const file = bundle('stale', 'module.exports = { answer: () => 41 };');
    loadBundle(file, { useCache: false }).saveCodeCache();
    writeFileSync(file, wrapped('module.exports = { answer: () => 42 };'));
    expect(loadElsewhere(file)).toEqual({ cacheUsed: false, answer: 42 });
  });

  it('compiles afresh when V8 refuses the cache, or when there is none', () => {
    const source = 'module.exports = { answer: () => "refused" };';
    const file = bundle('refused', source);
    // The right digest, then data V8 cannot take.
    const digest = createHash('sha256').update(wrapped(source)).digest();
    writeFileSync(codeCacheFile(file), Buffer.concat([digest, Buffer.alloc(4096, 7)]));
    const refused = loadBundle(file);
    expect(refused.cacheUsed).toBe(false);
    expect((refused.exports as { answer(): string }).answer()).toBe('refused');

    const uncached = loadBundle(bundle('no-cache', 'module.exports = { answer: () => "no cache" };'));
    expect(uncached.cacheUsed).toBe(false);
    expect((uncached.exports as { answer(): string }).answer()).toBe('no cache');
  });

  it('refuses a file that is not in the module wrapper, naming the fix', () => {
    const file = join(dir, 'bare.cjs');
    writeFileSync(file, 'module.exports = { answer: () => "bare" };');
    expect(() => loadBundle(file)).toThrow(
      `${file} is not a bundle in the module wrapper: run \`npm run build\` again.`,
    );
  });
});

describe('choosing the bundle', () => {
  it('takes it unless it is missing or older than the module it was built from', () => {
    const module = bundle('module', '');
    const built = bundle('built', '');
    const source = bundle('source', '');
    utimesSync(module, 1_000, 1_000);
    utimesSync(built, 2_000, 2_000);
    expect(bundleIsCurrent(built, module, source)).toBe(true);
    // tsc ran after the build.
    utimesSync(module, 3_000, 3_000);
    expect(bundleIsCurrent(built, module, source)).toBe(false);
    // A package whose files all carry one time.
    utimesSync(built, 3_000, 3_000);
    expect(bundleIsCurrent(built, module, source)).toBe(true);
    expect(bundleIsCurrent(join(dir, 'missing.cjs'), module, source)).toBe(false);
    // A package with the bundle alone.
    expect(bundleIsCurrent(built, join(dir, 'missing.js'), source)).toBe(true);
  });

  it('takes it in a package without sources, whatever times npm gave its files', () => {
    // npm unpacks the tarball in its order and stamps each file as it writes it: command.js, after
    // the bundle, is the newer. With no source, no tsc can have compiled it after the build.
    const module = bundle('installed-module', '');
    const built = bundle('installed', '');
    utimesSync(built, 1_000, 1_000);
    utimesSync(module, 1_000.5, 1_000.5);
    expect(bundleIsCurrent(built, module, join(dir, 'no-src', 'command.ts'))).toBe(true);
    expect(bundleIsCurrent(join(dir, 'missing.cjs'), module, join(dir, 'no-src', 'command.ts'))).toBe(false);
  });
});
