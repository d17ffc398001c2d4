import { afterAll, inject } from 'vitest';
import { flushRecordings } from '../recorder.js';

afterAll(() => flushRecordings(inject('recordingsDir')));
