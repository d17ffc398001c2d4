import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../errors.js';
import { ErrorResponse, UnprocessableResponse } from '../schemas/common.js';
import { StreamMessage, StreamQuery } from '../schemas/stream.js';
import { ADMIN_TOKEN_PARAM } from './admin-token.js';
import { RETRY_MS } from './live-feed.js';

/** GET /_mock/stream: every state change of the simulated cluster, as server-sent events. */
export const streamRoutes: FastifyPluginAsyncZod = async (app) => {
  const feed = app.liveFeed;

  app.get(
    '/stream',
    {
      schema: {
        tags: ['mock'],
        operationId: 'mockStream',
        summary: 'A live stream of every state change of the simulated cluster (server-sent events)',
        description: [
          'Server-sent events: workloads created, updated (status, artifact, replacement) and deleted;',
          'proton status changes; pod and container changes; replacement phases; every workload event;',
          'clock changes; faults added and removed; resets. The event name is the message type and the',
          "data is one JSON object (MockStreamMessage). Every message has an id (the first, hello's, is the stream's starting position);",
          `reconnect with the Last-Event-ID header (or ?lastEventId=) to receive what you missed, once and`,
          'in order, from a bounded backlog (MOCK_STREAM_BACKLOG). When that is impossible (the server',
          'restarted, or you fell behind the backlog) the hello says resync: re-read the state.',
          `The server sends retry: ${RETRY_MS} and a comment line every few seconds as a keep-alive.`,
          'When MOCK_ADMIN_TOKEN is set, pass it as Authorization: Bearer or, from a browser EventSource',
          `(which cannot send headers), as ?${ADMIN_TOKEN_PARAM}=.`,
          "It never ends, so Swagger UI's Try it out waits for good: read it with `curl -N`, an EventSource, or the dashboard at /_mock/ui.",
        ].join(' '),
        querystring: StreamQuery,
        response: {
          200: {
            description: 'An endless text/event-stream; each data line is a MockStreamMessage.',
            content: { 'text/event-stream': { schema: StreamMessage } },
          },
          404: ErrorResponse,
          422: UnprocessableResponse,
        },
      },
    },
    async (request, reply) => {
      const header = request.headers['last-event-id'];
      const lastEventId =
        typeof header === 'string' && header.trim() !== '' ? header : request.query.lastEventId;
      const { workloadId, types } = request.query;
      // Named as a reset names it: with MOCK_TOKENS a token stands for its tenant, and a name they do
      // not know is a 404, not a stream that stays silent. A workload's stream is its tenant's, so
      // that another tenant's reset does not reach it; a workload gone since is known by the
      // messages about it still kept (a client resuming gets them), and one never heard of is a 404,
      // as is one of another tenant than the one named.
      const named =
        request.query.tenant === undefined ? undefined : app.emulator.tenantNamed(request.query.tenant);
      const workloadTenant =
        workloadId === undefined
          ? undefined
          : (app.emulator.store.workloads.get(workloadId)?.tenant ?? feed.tenantInBacklog(workloadId));
      if (
        workloadId !== undefined &&
        (workloadTenant === undefined || (named ?? workloadTenant) !== workloadTenant)
      ) {
        throw errors.notFound('Workload');
      }
      const tenant = named ?? workloadTenant;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      feed.attach(reply.raw, { tenant, workloadId, types: types ? new Set(types) : undefined }, lastEventId);
    },
  );
};
