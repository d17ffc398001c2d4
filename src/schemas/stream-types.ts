/** The message types of the live feed (/_mock/stream); no zod here, so the dashboard can import it. */
export const STREAM_MESSAGE_TYPES = [
  'workload',
  'proton',
  'pods',
  'replacement',
  'event',
  'clock',
  'fault',
  'reset',
] as const;
export type StreamMessageType = (typeof STREAM_MESSAGE_TYPES)[number];
