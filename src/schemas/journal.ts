import { z } from 'zod';
import { queryInt, Timestamp } from './common.js';

const StatusFilter = z
  .string()
  .regex(/^(\d{3}|[1-5]xx)$/i, 'expected a status code such as 404, or a class such as 4xx')
  .transform((text) => (/xx$/i.test(text) ? { klass: Number(text[0]) } : Number(text)));

export const JournalQuery = z.object({
  method: z.string().min(1).optional().describe('Only this HTTP method.'),
  path: z
    .string()
    .min(1)
    .optional()
    .describe('Only paths starting with this, or matching it as a glob when it has * or ?.'),
  status: StatusFilter.optional().describe('Only this status code (404) or class (4xx).'),
  tenant: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Only requests authenticated as this tenant: its name or, with MOCK_TOKENS, one of its tokens.',
    ),
  offset: queryInt({ min: 0, default: 0 }),
  limit: queryInt({ min: 1, max: 1000, default: 100 }),
});

export const JournalEntry = z
  .strictObject({
    id: z.number().int().describe('Sequence number, from 1 since the start or the last clear.'),
    timestamp: Timestamp.describe('Simulated time the response was sent.'),
    method: z.string(),
    path: z.string(),
    query: z.string().describe('The query string, without "?".'),
    route: z.string().nullable().describe('The route pattern that answered, null when none did.'),
    status: z.number().int(),
    tenant: z.string().nullable().describe('The tenant the token stands for; null when not authenticated.'),
    durationMs: z.number(),
    requestBody: z.unknown().describe('JSON as JSON, other bodies as text; null when none or too large.'),
    requestBytes: z.number().int(),
    responseBody: z.unknown().describe('JSON as JSON, other bodies as text; null when none or too large.'),
    responseBytes: z.number().int(),
  })
  .meta({ id: 'MockJournalEntry' });

export const JournalList = z
  .strictObject({
    count: z.number().int(),
    totalCount: z.number().int().describe('Entries matching the filters.'),
    capacity: z.number().int().describe('MOCK_JOURNAL_SIZE: entries kept at most.'),
    recorded: z.number().int().describe('Requests recorded since the start or the last clear.'),
    data: z.array(JournalEntry),
  })
  .meta({ id: 'MockJournalList' });
