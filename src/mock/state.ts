import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StateImportError } from '../domain/snapshot.js';
import { errors } from '../errors.js';
import { jsonBatches } from '../large-json.js';
import { UnprocessableResponse } from '../schemas/common.js';
import { StateDocument, StateImported } from '../schemas/state.js';

/** Largest state document PUT /_mock/state accepts, whatever MOCK_BODY_LIMIT says for the API. */
export const STATE_BODY_LIMIT = 256 * 1024 * 1024;

export const stateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator } = app;
  const tags = ['mock'];

  app.get(
    '/state',
    {
      schema: {
        tags,
        operationId: 'mockExportState',
        summary: 'Export everything (every tenant, clock, faults, pods, pending transitions, events, logs)',
        response: { 200: StateDocument },
      },
    },
    // JSON.stringify's text rather than the schema's serializer: the same bytes as MOCK_STATE_FILE,
    // and the key order of an imported document comes back unchanged. Written out at once (the
    // export shares objects with the live state, which may change while a slow client reads) but in
    // pieces, since the state of 100,000 workloads is more text than one string holds.
    async (_request, reply) => {
      // Encoded once, as they are made: the bytes give the length and are what is sent.
      const pieces = Array.from(jsonBatches(emulator.snapshots.export()), (batch) => Buffer.from(batch));
      const length = pieces.reduce((bytes, piece) => bytes + piece.length, 0);
      return (
        reply
          .type('application/json; charset=utf-8')
          .header('content-length', length)
          // The document's text: the type provider knows only the document.
          .send(Readable.from(pieces) as never)
      );
    },
  );

  app.put(
    '/state',
    {
      bodyLimit: STATE_BODY_LIMIT,
      schema: {
        tags,
        operationId: 'mockImportState',
        summary: 'Replace everything with an exported state; pending transitions are re-armed on the clock',
        body: StateDocument,
        response: { 200: StateImported, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      try {
        const imported = emulator.snapshots.import(request.body);
        return { imported, clock: emulator.clock.nowIso() };
      } catch (error) {
        if (error instanceof StateImportError) {
          throw errors.invalidState(error.items);
        }
        throw error;
      }
    },
  );
};
