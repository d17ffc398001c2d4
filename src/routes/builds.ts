import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ImageBuildFormatted, ImageBuildFormattedList, ImageBuildTriggerResponse } from '../schemas/build.js';
import { IdParam, notFoundErrors, PaginationQuery } from '../schemas/common.js';
import { pageOf } from './pagination.js';

const ArtifactParams = z.object({ artifact_id: IdParam.describe('Artifact id') });
// The reference declares a 422 for a build id that is no id (others are 404 when they name nothing).
const BuildParams = ArtifactParams.extend({
  build_id: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .describe('Build id'),
});
const tags = ['artifacts'];

export const buildRoutes: FastifyPluginAsyncZod = async (app) => {
  const { emulator, format } = app;

  app.post(
    '/artifacts/:artifact_id/builds',
    {
      schema: {
        tags,
        operationId: 'triggerArtifactBuild',
        summary: 'Build the images of a draft service artifact (containers with an imageBuildConfig)',
        params: ArtifactParams,
        response: { 202: ImageBuildTriggerResponse, ...notFoundErrors },
      },
    },
    async (request, reply) => {
      const builds = emulator.builds.trigger(request.principal, request.params.artifact_id);
      return reply.code(202).send({ buildIds: builds.map((b) => b.id) });
    },
  );

  app.get(
    '/artifacts/:artifact_id/builds',
    {
      schema: {
        tags,
        operationId: 'getArtifactBuildList',
        summary: 'The image builds of an artifact, newest first',
        params: ArtifactParams,
        querystring: PaginationQuery,
        response: { 200: ImageBuildFormattedList, ...notFoundErrors },
      },
    },
    async (request) =>
      pageOf(
        request,
        emulator.builds.list(request.principal, request.params.artifact_id),
        request.query,
        (b) => format.build(b),
      ),
  );

  app.get(
    '/artifacts/:artifact_id/builds/:build_id',
    {
      schema: {
        tags,
        operationId: 'getArtifactBuild',
        summary: 'One image build',
        params: BuildParams,
        response: { 200: ImageBuildFormatted, ...notFoundErrors },
      },
    },
    async (request) =>
      format.build(
        emulator.builds.get(request.principal, request.params.artifact_id, request.params.build_id),
      ),
  );

  app.get(
    '/artifacts/:artifact_id/builds/:build_id/logs',
    {
      schema: {
        tags,
        operationId: 'getArtifactBuildLogs',
        summary: 'The log of an image build, as plain text',
        params: BuildParams,
        response: {
          200: {
            description: 'The build log, one line per step.',
            content: { 'text/plain': { schema: z.string() } },
          },
          ...notFoundErrors,
        },
      },
    },
    async (request, reply) => {
      const build = emulator.builds.get(
        request.principal,
        request.params.artifact_id,
        request.params.build_id,
      );
      return reply.type('text/plain; charset=utf-8').send(build.logs.map((line) => `${line}\n`).join(''));
    },
  );
};
