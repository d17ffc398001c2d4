/**
 * Bundles what `node dist/cli.js` runs (`npm start`, the package's bin and the Docker image):
 * dist/command.bundle.cjs holds the command (dist/command.js), the server and their dependencies
 * in one CommonJS file, and dist/command.bundle.cjs.v8cache V8's code cache of it. dist/cli.js
 * loads both (src/server-loader.ts). Start-up was mostly module loading, then mostly compiling:
 * one file starts in about half the CPU time of some 400, and from the code cache V8 takes the
 * functions it compiled here instead of compiling them again.
 *
 * dist/server.js, dist/app.js and the other modules stay as tsc wrote them: the in-process API
 * imports them, and a second bundled copy of the same classes must never meet the first.
 *
 * Left out of the bundle: packages that read files next to their own code at run time.
 */
import { build } from 'esbuild';

const BUNDLE = 'dist/command.bundle.cjs';

await build({
  entryPoints: ['dist/command.js'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Less to read and compile where the cache cannot serve; names stay, for readable stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@fastify/swagger-ui', 'thread-stream'],
  // The lazily loaded externals become require() calls, as everything else in the bundle.
  supported: { 'dynamic-import': false },
  // The ES modules' import.meta.url, in a CommonJS file: its own URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

/**
 * The code cache: the server started from the bundle once, on a free port of 127.0.0.1 with the
 * default configuration, until /_mock/health answers; then what V8 compiled on the way is saved.
 * A bundle that cannot start fails the build here.
 */
const { loadBundle } = await import('../dist/server-loader.js');
const bundle = loadBundle(BUNDLE, { useCache: false });
const { main } = await bundle.exports.loadServer();
const app = await main(
  { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
  { banner: null, handleSignals: false },
);
try {
  const { port } = app.server.address();
  const response = await fetch(`http://127.0.0.1:${port}/_mock/health`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${BUNDLE}: /_mock/health answered ${response.status}`);
  bundle.saveCodeCache();
} finally {
  await app.close();
}
