/**
 * npm run fuzz [-- --runs N --seed S]: the property tests of test/property.test.ts with many more
 * cases than npm test runs (20,000 by default, a random seed unless given; the seed is printed so
 * a failure can be replayed with --seed).
 */
import { startVitest } from 'vitest/node';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const runs = option('runs') ?? '20000';
const seed = option('seed') ?? String(Math.floor(Math.random() * 2 ** 31));
process.env.FUZZ_RUNS = runs;
process.env.FUZZ_SEED = seed;
process.stdout.write(`fuzz: ${runs} runs, seed ${seed}\n`);
const vitest = await startVitest('test', ['test/property.test.ts'], { watch: false });
await vitest.close();
process.exit(process.exitCode ?? 0);
