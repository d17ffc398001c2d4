#!/usr/bin/env node
import { loadCommand } from './server-loader.js';

/** `workload-api-mock`: the command (command.ts), from the bundle the build made when there is one. */
await (await loadCommand()).cli();
