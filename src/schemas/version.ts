import { z } from 'zod';

export const VersionResponse = z
  .strictObject({
    major: z.number().int().describe('Major version of the API.'),
    minor: z.number().int().describe('Minor version of the API.'),
    versionString: z.string().describe('major.minor.patch, which the DataRobot Python client checks.'),
    releasedVersion: z.string().describe('The platform release the API belongs to.'),
  })
  .meta({ id: 'VersionResponse' });
