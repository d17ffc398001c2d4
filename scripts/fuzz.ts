/**
 * npm run fuzz [-- --runs N --walks W --seed S]: the property tests of test/property.test.ts with
 * many more cases than npm test runs (20,000 by default), and W lifecycle walks
 * (test/lifecycle-walk.test.ts, 30 by default) from seed S on. The seed is random unless given and
 * printed, so that a failure can be replayed with --seed (a walk alone: WALK_SEED=n npx vitest run
 * test/lifecycle-walk.test.ts).
 */
import { startVitest } from 'vitest/node';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const runs = option('runs') ?? '20000';
const walks = option('walks') ?? '30';
const seed = option('seed') ?? String(Math.floor(Math.random() * 2 ** 31));
process.env.FUZZ_RUNS = runs;
process.env.FUZZ_SEED = seed;
process.env.WALK_COUNT = walks;
process.env.WALK_FIRST_SEED = seed;
process.stdout.write(`fuzz: ${runs} runs and ${walks} walks, seed ${seed}\n`);
const vitest = await startVitest('test', ['test/property.test.ts', 'test/lifecycle-walk.test.ts'], {
  watch: false,
});
await vitest.close();
process.exit(process.exitCode ?? 0);
