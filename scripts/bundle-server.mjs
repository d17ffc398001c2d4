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
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const BUNDLE = 'dist/command.bundle.cjs';

/**
 * Fastify's server module loads node:https, node:http2 and node:dns as it is loaded, for servers
 * and listen addresses the mock never asks for (plain HTTP on one address; dns only to bind every
 * address of `localhost`). Compiling those built-ins was some 8 ms of every start. In the bundle
 * each is loaded on its first use instead. The lines are matched exactly: a Fastify that no longer
 * has them fails the build here, for this plugin to be looked at again.
 */
const DEFERRED_BUILTINS = ['node:https', 'node:http2', 'node:dns'];
const deferFastifyServerBuiltins = {
  name: 'defer-fastify-server-builtins',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      for (const id of DEFERRED_BUILTINS) {
        const name = id.slice('node:'.length);
        const line = `const ${name} = require('${id}')\n`;
        if (!contents.includes(line)) throw new Error(`${args.path} no longer has: ${line.trim()}`);
        contents = contents.replace(line, `const ${name} = loadOnFirstUse(() => require('${id}'))\n`);
      }
      contents +=
        '\nfunction loadOnFirstUse (load) { let loaded; return new Proxy({}, { get: (_, key) => (loaded ??= load())[key] }) }\n';
      return { contents, loader: 'js' };
    });
  },
};

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
  plugins: [deferFastifyServerBuiltins],
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
