/**
 * Bundles the command (dist/cli.js, compiled by tsc: what `npm start`, the package's bin and the
 * Docker image run) with the server and its dependencies into that one file, in place. Start-up is
 * mostly module loading: resolving, reading and linking some 400 files of fastify, zod, ajv and the
 * rest; one file starts in about half the CPU time. dist/server.js, dist/app.js and the other
 * modules stay as tsc wrote them: the in-process API imports them, and a second bundled copy of
 * the same classes must never meet the first.
 *
 * Left out of the bundle: packages that read files next to their own code at run time.
 */
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * server.js starts itself when it is the main module (`node dist/server.js`). Inside the bundle
 * its import.meta.url is the bundle's, which is the main module, so it would start a second server
 * beside the one the command starts: that check is taken out of the bundled copy (and the build
 * fails if it is no longer there to take out, rather than ship a bundle that starts twice).
 */
const withoutSelfStart = {
  name: 'server-without-self-start',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]dist[\\/]server\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const selfStart =
        /^if \(import\.meta\.url === pathToFileURL\(process\.argv\[1\] \?\? ''\)\.href\)\s*run\(\);$/m;
      if (!selfStart.test(source))
        throw new Error(`${args.path}: its self-start line changed; update ${import.meta.url}`);
      return { contents: source.replace(selfStart, ''), loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [withoutSelfStart],
  external: ['@fastify/swagger-ui', 'thread-stream'],
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
