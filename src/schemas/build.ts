import { z } from 'zod';
import { pageOf, Timestamp, UserData } from './common.js';

export const BUILD_STATUSES = [
  'PENDING',
  'IN_PROGRESS',
  'BUILT',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'UNKNOWN',
] as const;

export const ImageBuildExternalStatus = z.enum(BUILD_STATUSES).meta({
  id: 'ImageBuildExternalStatus',
  description:
    'PENDING (queued) -> IN_PROGRESS (building) -> BUILT (image pushed, being registered) -> COMPLETED (the containers carry the image); FAILED or CANCELLED end a build early.',
});

export const ImageBuildFormatted = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    artifactId: z.string().describe('The artifact the build belongs to.'),
    status: ImageBuildExternalStatus.optional(),
    creator: UserData.nullable().optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ImageBuildFormatted', description: 'One image build of a draft artifact.' });

export const ImageBuildFormattedList = pageOf(ImageBuildFormatted, 'ImageBuildFormattedList');

export const ImageBuildTriggerResponse = z
  .strictObject({
    buildIds: z
      .array(z.string())
      .describe('One build per distinct code reference among the containers with an imageBuildConfig.'),
  })
  .meta({ id: 'ImageBuildTriggerResponse' });

export type ImageBuildFormattedValue = z.output<typeof ImageBuildFormatted>;
