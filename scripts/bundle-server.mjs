/**
 * Bundles the server entry point (dist/server.js, compiled by tsc) and its dependencies into one
 * file, in place. Start-up is mostly module loading: resolving, reading and linking some 400
 * files of fastify, zod, ajv and the rest. One file starts in about two thirds of the time.
 * dist/app.js and the other modules stay as tsc wrote them, for in-process use.
 *
 * Left out of the bundle: packages that read files next to their own code at run time.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/server.js'],
  outfile: 'dist/server.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@fastify/swagger-ui', 'pino-pretty', 'thread-stream'],
  // CommonJS dependencies call require(), __dirname and __filename, which an ES module lacks.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join('\n'),
  },
});
