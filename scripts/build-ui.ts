/** Builds the dashboard served at /_mock/ui into dist/ui: one bundled script, the page and its stylesheet. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const UI_SOURCE = join(ROOT, 'ui');
export const UI_OUT = join(ROOT, 'dist', 'ui');

export async function buildUi(): Promise<void> {
  mkdirSync(UI_OUT, { recursive: true });
  await build({
    entryPoints: [join(UI_SOURCE, 'src', 'main.ts')],
    outfile: join(UI_OUT, 'dashboard.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'dashboard.css']) copyFileSync(join(UI_SOURCE, file), join(UI_OUT, file));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildUi();
  console.log(`built the dashboard into ${UI_OUT}`);
}
