import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse } from '../schemas/common.js';
import { VersionResponse } from '../schemas/version.js';

/**
 * The DataRobot Python client asks for the API's version when a script calls
 * `datarobot.Client(...)`, and refuses to go on without one or with a major version other than 2;
 * a minor version below the one it expects is only a warning. A recent 2.x, then, on the release
 * the reference names.
 */
const MAJOR = 2;
const MINOR = 44;
export const API_VERSION = {
  major: MAJOR,
  minor: MINOR,
  versionString: `${MAJOR}.${MINOR}.0`,
  releasedVersion: '11.5.0',
};

export const versionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/version',
    {
      schema: {
        tags: ['platform'],
        operationId: 'getVersion',
        summary: "The API's version, which the DataRobot Python client checks before anything else",
        response: { 200: VersionResponse, 401: ErrorResponse.describe('Missing or invalid bearer token.') },
      },
    },
    async () => API_VERSION,
  );
};
