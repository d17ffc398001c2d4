import { z } from 'zod';
import { pageOf } from './common.js';

export const SharingRole = z
  .enum([
    'NO_ROLE',
    'OWNER',
    'READ_WRITE',
    'EDITOR',
    'USER',
    'DATA_SCIENTIST',
    'ADMIN',
    'READ_ONLY',
    'CONSUMER',
    'OBSERVER',
  ])
  .meta({
    id: 'SharingRole',
    description: 'The role a recipient holds on a resource; NO_ROLE removes access.',
  });

export const SubjectType = z
  .enum(['user', 'group', 'organization', 'role'])
  .meta({ id: 'SubjectType', description: 'What kind of recipient a role is granted to.' });

export const SharedRole = z
  .strictObject({
    id: z.string().describe('The recipient id.'),
    name: z.string().describe('The recipient name (a username for users).'),
    shareRecipientType: SubjectType,
    role: SharingRole,
  })
  .meta({ id: 'SharedRole', description: 'A recipient with access to a resource and its role.' });

export const SharedRoleListResponse = pageOf(SharedRole, 'SharedRoleListResponse');

export const GrantAccessControlWithUsername = z
  .strictObject({
    shareRecipientType: SubjectType,
    role: SharingRole,
    username: z.string().min(1).describe('The user to grant the role to.'),
  })
  .meta({ id: 'GrantAccessControlWithUsername' });

export const GrantAccessControlWithId = z
  .strictObject({
    shareRecipientType: SubjectType,
    role: SharingRole,
    id: z.string().min(1).describe('The user, group or organization to grant the role to.'),
  })
  .meta({ id: 'GrantAccessControlWithId' });

export const SharedRolesUpdateRequest = z
  .strictObject({
    operation: z.literal('updateRoles').describe('The only operation: updateRoles.'),
    roles: z
      .array(z.union([GrantAccessControlWithUsername, GrantAccessControlWithId]))
      .min(1)
      .max(100)
      .describe(
        'The new shared roles, replacing the current ones. The creator stays owner unless listed; NO_ROLE removes a recipient.',
      ),
  })
  .meta({ id: 'SharedRolesUpdateRequest' });

export type SharedRoleValue = z.output<typeof SharedRole>;
export type SharedRolesUpdateBody = z.output<typeof SharedRolesUpdateRequest>;
