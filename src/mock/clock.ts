import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../errors.js';
import { UnprocessableResponse } from '../schemas/common.js';
import { AdvanceClockRequest, ClockStateResponse, UpdateClockRequest } from '../schemas/mock.js';
import type { Clock } from '../sim/clock.js';
import { formatTimestamp, isShowable } from '../sim/clock.js';

export function clockState(clock: Clock) {
  const state = clock.state();
  return {
    mode: state.mode,
    scale: state.scale,
    now: formatTimestamp(state.now),
    // In whole milliseconds, as `now` shows it (advances by fractions of one add up below it).
    epochMs: Math.trunc(state.now),
    pendingTransitions: state.pendingTimers,
    nextTransitionAt: state.nextDueAt === null ? null : formatTimestamp(state.nextDueAt),
  };
}

export const clockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { clock } = app.emulator;
  const tags = ['mock'];

  app.get(
    '/clock',
    {
      schema: {
        tags,
        operationId: 'mockGetClock',
        summary: 'The simulated clock',
        response: { 200: ClockStateResponse },
      },
    },
    async () => clockState(clock),
  );

  app.post(
    '/clock/advance',
    {
      schema: {
        tags,
        operationId: 'mockAdvanceClock',
        summary:
          'Move simulated time forward; every transition that falls due runs, in order, before the answer',
        body: AdvanceClockRequest,
        response: { 200: ClockStateResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      if (!isShowable(clock.now() + request.body.seconds * 1000)) {
        throw errors.invalidBody(
          ['seconds'],
          'Value error, that would move the clock past the latest time a timestamp can show (the end of year 9999)',
        );
      }
      clock.advance(request.body.seconds);
      return clockState(clock);
    },
  );

  app.put(
    '/clock',
    {
      schema: {
        tags,
        operationId: 'mockUpdateClock',
        summary: 'Change the clock rate (scale; 0 pauses) or mode (scaled or manual)',
        body: UpdateClockRequest,
        response: { 200: ClockStateResponse, 422: UnprocessableResponse },
      },
    },
    async (request) => {
      if (request.body.mode !== undefined || request.body.scale !== undefined) clock.configure(request.body);
      return clockState(clock);
    },
  );
};
