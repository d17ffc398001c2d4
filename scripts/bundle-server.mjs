/**
 * Bundles what `node dist/cli.js` runs (`npm start`, the package's bin and the Docker image):
 * dist/command.bundle.cjs holds the command (dist/command.js), the server and their dependencies
 * in one file, CommonJS in Node's module wrapper, and dist/command.bundle.cjs.v8cache V8's code
 * cache of it. dist/cli.js loads both (src/server-loader.ts). Start-up was mostly module loading,
 * then mostly compiling: one file starts in about half the CPU time of some 400, and from the code
 * cache V8 takes the functions it compiled here instead of compiling them again.
 *
 * dist/server.js, dist/app.js and the other modules stay as tsc wrote them: the in-process API
 * imports them, and a second bundled copy of the same classes must never meet the first.
 *
 * Left out of the bundle: packages that read files next to their own code at run time.
 */
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { loadBundle, MODULE_WRAPPER } from '../dist/server-loader.js';

const BUNDLE = 'dist/command.bundle.cjs';

/**
 * Edits to dependencies' sources, in the bundle only, each for start-up time. Every edit is matched
 * exactly: a dependency that no longer has the text fails the build here, for the edit to be
 * looked at again.
 */
const SOURCE_EDITS = [
  {
    // node:https and node:http2 are loaded with Fastify's server module, for servers the mock never
    // asks for (it serves plain HTTP/1.1). Compiling them was some 7 ms of every start; each now
    // loads on first use.
    file: /[\\/]node_modules[\\/]fastify[\\/]lib[\\/]server\.js$/,
    edits: ['https', 'http2'].map((name) => [
      `const ${name} = require('node:${name}')\n`,
      `const ${name} = loadOnFirstUse(() => require('node:${name}'))\n`,
    ]),
    append:
      'function loadOnFirstUse (load) { let loaded; return new Proxy({}, { get: (_, key) => (loaded ??= load())[key] }) }\n',
  },
  {
    // pino's transports run in a worker through thread-stream, which stays outside the bundle (it
    // names its worker's file next to its own code): requiring it from node_modules, without the code
    // cache, was some 4 ms of every start, for transports the mock only uses when pretty-printing
    // logs. It now loads with the first transport.
    file: /[\\/]node_modules[\\/]pino[\\/]lib[\\/]transport\.js$/,
    edits: [
      ["const ThreadStream = require('thread-stream')\n", ''],
      ['  const stream = new ThreadStream({\n', "  const stream = new (require('thread-stream'))({\n"],
    ],
  },
  {
    // The OpenAPI document's reference resolver loaded the debug package (and supports-color, which
    // probes the terminal) at start, for log lines written only under DEBUG=json-schema-resolver and
    // only while a document is made: about 2 ms of every start. It now loads with the first line.
    file: /[\\/]node_modules[\\/]json-schema-resolver[\\/]ref-resolver\.js$/,
    edits: [
      [
        "const debug = require('debug')('json-schema-resolver')\n",
        "let debugLog\nconst debug = (...args) => (debugLog ??= require('debug')('json-schema-resolver'))(...args)\n",
      ],
    ],
  },
  {
    // The router compiled a matcher for every static path segment with new Function (V8's code
    // cache cannot keep functions made at run time): 112 functions and 3-4 ms of every start, for a
    // comparison String.prototype.startsWith makes as well (the router calls it once the segment's
    // first character has matched).
    file: /[\\/]node_modules[\\/]find-my-way[\\/]lib[\\/]node\.js$/,
    edits: [
      [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the dependency's own source, matched as it is.
        "  const lines = []\n  for (let i = 1; i < prefix.length; i++) {\n    const charCode = prefix.charCodeAt(i)\n    lines.push(`path.charCodeAt(i + ${i}) === ${charCode}`)\n  }\n  return new Function('path', 'i', `'use strict'\\nreturn ${lines.join(' && ')}`) // eslint-disable-line\n",
        '  return function matchPrefix (path, i) { return path.startsWith(prefix, i) }\n',
      ],
    ],
  },
];

const editSources = {
  name: 'edit-dependency-sources',
  setup(pluginBuild) {
    const edited = new Set();
    for (const { file, edits, append = '' } of SOURCE_EDITS) {
      pluginBuild.onLoad({ filter: file }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        for (const [from, to] of edits) {
          if (!contents.includes(from)) throw new Error(`${args.path} no longer has: ${from.trim()}`);
          contents = contents.replace(from, () => to);
        }
        edited.add(file);
        return { contents: contents + append, loader: 'js' };
      });
    }
    // A file renamed or gone would otherwise drop its edit without a word.
    pluginBuild.onEnd(() => {
      const missed = SOURCE_EDITS.filter(({ file }) => !edited.has(file));
      if (missed.length > 0)
        throw new Error(`no file in the bundle matches ${missed.map(({ file }) => file).join(', ')}`);
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
  // Stored in the module wrapper the loader runs it with (src/server-loader.ts says why).
  banner: {
    js: `${MODULE_WRAPPER[0]}var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;`,
  },
  footer: { js: MODULE_WRAPPER[1] },
  plugins: [editSources],
});

/**
 * The code cache: the server started from the bundle once, on a free port of 127.0.0.1 with the
 * default configuration, until /_mock/health answers; then what V8 compiled on the way is saved.
 * A bundle that cannot start fails the build here, and so does one whose router sends any operation
 * of its OpenAPI document elsewhere (an edit above reaches into the router): each is asked once,
 * after the cache is saved, and the request journal must show it answered by its own route.
 */
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
  await checkEveryOperationIsRouted(`http://127.0.0.1:${port}`);
} finally {
  await app.close();
}

async function checkEveryOperationIsRouted(origin) {
  const get = async (path) => {
    const response = await fetch(origin + path, { signal: AbortSignal.timeout(5000) });
    if (response.status !== 200) throw new Error(`${BUNDLE}: ${path} answered ${response.status}`);
    return response.json();
  };
  // Parameters and wildcards alike, in the document's {name} and the router's :name and *.
  const shape = (pattern) => pattern.replace(/\{[^}]+\}|:[^/]+|\*/g, '{}');
  const { paths } = await get('/openapi.json');
  const misrouted = [];
  for (const [path, operations] of Object.entries(paths)) {
    for (const method of Object.keys(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || path.endsWith('/stream')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'routecheck');
      const withBody = method !== 'get' && method !== 'delete';
      const answer = await fetch(origin + url, {
        method: method.toUpperCase(),
        headers: {
          authorization: 'Bearer routecheck',
          ...(withBody && { 'content-type': 'application/json' }),
        },
        body: withBody ? '{}' : undefined,
        signal: AbortSignal.timeout(5000),
      });
      const body = await answer.text();
      // Read at once: a reset or a clear of the journal among the operations empties it.
      const [entry] = (await get('/_mock/requests?limit=1')).data;
      const journaled = entry?.method === method.toUpperCase() && entry.path === url;
      // The journal leaves out a few routes of its own (its reads, health): for those, not the router's 404 or 405.
      const routed = journaled
        ? entry.route !== null && shape(entry.route) === shape(path)
        : answer.status !== 405 && !(answer.status === 404 && body === '{"detail":"Not Found"}');
      if (!routed) misrouted.push(`${method.toUpperCase()} ${path}: ${answer.status}, route ${entry?.route}`);
    }
  }
  if (misrouted.length > 0) throw new Error(`${BUNDLE} misroutes:\n${misrouted.join('\n')}`);
}
