import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the package by its name, as its users do (the README's examples are among them);
  // the subpath first, as the first alias that matches wins.
  resolve: {
    alias: [
      {
        find: 'workload-api-mock/client',
        replacement: fileURLToPath(new URL('./src/client/index.ts', import.meta.url)),
      },
      { find: 'workload-api-mock', replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    globalSetup: ['test/setup/global.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/contract/**'],
          setupFiles: ['test/setup/record-responses.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // After the integration tests: checks the responses they recorded against the reference.
        extends: true,
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
