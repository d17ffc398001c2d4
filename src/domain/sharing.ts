import { errors } from '../errors.js';
import { stableHex } from '../random.js';
import type { SharedRolesUpdateBody } from '../schemas/sharing.js';
import type { Store } from '../store/store.js';
import type { SharedRoleRecord, UserRecord } from '../store/types.js';

/** A resource roles are shared on: its creator owns it unless the shared roles say otherwise. */
export interface Shareable {
  creator: UserRecord;
  sharedRoles: readonly SharedRoleRecord[];
}

type Recipient = Pick<SharedRoleRecord, 'id' | 'name' | 'shareRecipientType'>;

function creatorOf(resource: Shareable): Recipient {
  return { id: resource.creator.id, name: resource.creator.username, shareRecipientType: 'user' };
}

function sameRecipient(a: Recipient, b: Recipient): boolean {
  return a.shareRecipientType === b.shareRecipientType && a.id === b.id;
}

/**
 * Shared roles of workloads, artifacts and repositories. A resource stores the roles granted on
 * it; its creator holds OWNER unless a grant names them. An update replaces the grants (but the
 * creator's, which only a grant naming the creator changes).
 */
export class SharingOps {
  constructor(private readonly store: Pick<Store, 'knownUser'>) {}

  /** Every recipient with access, the creator first. */
  list(resource: Shareable): SharedRoleRecord[] {
    const creator = creatorOf(resource);
    const regranted = resource.sharedRoles.some((role) => sameRecipient(role, creator));
    const owner: SharedRoleRecord[] = regranted ? [] : [{ ...creator, role: 'OWNER' }];
    return [...owner, ...resource.sharedRoles.filter((role) => role.role !== 'NO_ROLE')];
  }

  /** The users holding OWNER. */
  owners(resource: Shareable): UserRecord[] {
    // Most resources were never shared: their creator is the one owner (every GET asks).
    if (resource.sharedRoles.length === 0) return [resource.creator];
    return this.list(resource)
      .filter((role) => role.role === 'OWNER' && role.shareRecipientType === 'user')
      .map(
        (role) =>
          (role.id === resource.creator.id ? resource.creator : this.store.knownUser({ id: role.id })) ?? {
            id: role.id,
            username: role.name,
            email: `${role.name}@example.com`,
            fullName: role.name,
            userhash: stableHex(`hash:${role.id}`, 32),
          },
      );
  }

  /** PATCH sharedRoles: the listed grants replace the current ones; NO_ROLE removes a recipient. */
  update(resource: Shareable, body: SharedRolesUpdateBody): void {
    const granted: SharedRoleRecord[] = [];
    body.roles.forEach((grant, index) => {
      const recipient = this.resolve(grant, index);
      if (granted.some((role) => sameRecipient(role, recipient))) {
        throw errors.invalidBody(
          ['roles', index],
          `Value error, ${recipient.shareRecipientType} '${recipient.name}' is listed twice`,
        );
      }
      granted.push({ ...recipient, role: grant.role });
    });
    // The creator owns the resource until a grant names them; that grant (NO_ROLE included) holds
    // until another names them, so an update that leaves them out does not give the ownership back.
    const creator = creatorOf(resource);
    const creatorGrant =
      granted.find((role) => sameRecipient(role, creator)) ??
      resource.sharedRoles.find((role) => sameRecipient(role, creator));
    const next =
      creatorGrant === undefined || granted.includes(creatorGrant) ? granted : [creatorGrant, ...granted];
    if (creatorGrant !== undefined && !next.some((role) => role.role === 'OWNER')) {
      throw errors.invalidBody(['roles'], 'Value error, the resource must keep at least one OWNER');
    }
    resource.sharedRoles = next.filter((role) => role.role !== 'NO_ROLE' || role === creatorGrant);
  }

  private resolve(grant: SharedRolesUpdateBody['roles'][number], index: number): Recipient {
    if ('username' in grant) {
      if (grant.shareRecipientType !== 'user') {
        throw errors.invalidBody(
          ['roles', index, 'shareRecipientType'],
          "Value error, a username names a user: shareRecipientType must be 'user'",
        );
      }
      const user = this.store.knownUser({ username: grant.username });
      return {
        id: user?.id ?? stableHex(`username:${grant.username}`, 24),
        name: grant.username,
        shareRecipientType: 'user',
      };
    }
    const user = grant.shareRecipientType === 'user' ? this.store.knownUser({ id: grant.id }) : undefined;
    return {
      id: grant.id,
      name: user?.username ?? `${grant.shareRecipientType} ${grant.id}`,
      shareRecipientType: grant.shareRecipientType,
    };
  }
}
