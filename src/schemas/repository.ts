import { z } from 'zod';
import { ArtifactType, CommonSortQueryParams } from './artifact.js';
import {
  PaginationQuery,
  pageOf,
  queryList,
  ResourcePermissions,
  Tags,
  Timestamp,
  UserData,
} from './common.js';

export const ArtifactRepositoryFormatted = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    type: ArtifactType.optional().describe('The type of the artifacts it holds.'),
    lastVersionNumber: z.number().int().optional().describe('The version the last locked artifact got.'),
    numArtifacts: z.number().int().min(0).optional(),
    creator: UserData.nullable().optional(),
    permissions: ResourcePermissions.optional(),
    tags: Tags.optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({
    id: 'ArtifactRepositoryFormatted',
    description: 'The versions of one artifact: every artifact created from it, locked ones numbered.',
  });

export const ArtifactRepositoryListResponse = pageOf(
  ArtifactRepositoryFormatted,
  'ArtifactRepositoryListResponse',
);

export const ListArtifactRepositoriesQuery = PaginationQuery.extend({
  createdBy: z.string().optional(),
  ids: queryList(z.string()),
  search: z.string().max(100).optional().describe('Case-insensitive match on the name or part of the id.'),
  tagKeys: queryList(z.string()),
  tagValues: queryList(z.string()),
  orderBy: CommonSortQueryParams.optional(),
  type: ArtifactType.optional(),
});

export type ArtifactRepositoryValue = z.output<typeof ArtifactRepositoryFormatted>;
export type ListArtifactRepositoriesQueryValue = z.output<typeof ListArtifactRepositoriesQuery>;
