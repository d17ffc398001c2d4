import { stableHex, stableUuid } from '../random.js';
import { TenantMap } from './tenant-map.js';
import type {
  ArtifactRecord,
  BuildRecord,
  KnownUser,
  ProtonRecord,
  ReplacementRecord,
  RepositoryRecord,
  TenantState,
  UserRecord,
  WorkloadRecord,
} from './types.js';

/** Who is calling: the tenant whose data they see and the user they act as. */
export interface Principal {
  token: string;
  tenant: TenantState;
  user: UserRecord;
}

/** The longest name made from a token or a tenant's name. */
const MAX_NAME_LENGTH = 40;

/**
 * The in-memory state of every tenant. Resources are indexed twice: per tenant (what a token can
 * see, in creation order) and globally by id (what the simulation reaches from a timer).
 */
export class Store {
  readonly tenants = new Map<string, TenantState>();
  readonly artifacts = new TenantMap<ArtifactRecord>();
  readonly workloads = new TenantMap<WorkloadRecord>();
  readonly protons = new TenantMap<ProtonRecord>();
  readonly replacements = new TenantMap<ReplacementRecord>();
  readonly builds = new TenantMap<BuildRecord>();
  /** Users who have called, by token, with the tenant they act in (whose reset forgets them). */
  private readonly users = new TenantMap<KnownUser>();
  /** The same users by id and by username: a grant names one, and each new token's name is checked. */
  private readonly usersById = new Map<string, UserRecord>();
  private readonly usersByName = new Map<string, UserRecord>();
  /** The ids of every tenant's repositories (kept by each tenant's map), so that any id is checked at once. */
  private readonly repositoryIds = new Set<string>();

  hasRepository(id: string): boolean {
    return this.repositoryIds.has(id);
  }

  tenant(name: string): TenantState {
    let tenant = this.tenants.get(name);
    if (!tenant) {
      tenant = {
        name,
        id: stableUuid(`tenant:${name}`),
        artifacts: new Map(),
        repositories: new RepositoryMap(this.repositoryIds),
        workloads: new Map(),
      };
      this.tenants.set(name, tenant);
    }
    return tenant;
  }

  /**
   * The user a token acts as: stable across restarts, so creators stay meaningful. Usernames are
   * unique, as a grant by username must reach one user: a token that is not its own clean name (a
   * tenant's second token, capitals, other characters, more than 40) gets a part of its id.
   */
  user(token: string, tenantName: string): UserRecord {
    const known = this.users.get(token);
    if (known) return known.user;
    const id = stableHex(`user:${token}`, 24);
    // A token longer than any name made from one is taken for a real credential: when it names
    // its own tenant, nothing of it goes into the names every answer carries.
    const credential = tenantName === token && token.length > MAX_NAME_LENGTH;
    const name = credential ? 'user' : slug(tenantName);
    let username = token === tenantName && name === token ? name : `${name}-${id.slice(0, 6)}`;
    // Six hex digits of two ids alike (or a token spelt like another's made name): the whole id.
    if (this.knownUser({ username })) username = `${name}-${id}`;
    const user = {
      id,
      username,
      email: `${username}@example.com`,
      fullName: credential ? `User ${id.slice(0, 6)}` : `${tenantName} user ${id.slice(0, 6)}`,
      userhash: stableHex(`hash:${token}`, 32),
    };
    this.remember({ token, tenant: tenantName, user });
    return user;
  }

  private remember(known: KnownUser): void {
    this.users.set(known.token, known);
    if (!this.usersById.has(known.user.id)) this.usersById.set(known.user.id, known.user);
    if (!this.usersByName.has(known.user.username)) this.usersByName.set(known.user.username, known.user);
  }

  private forgetUser(known: KnownUser): void {
    this.users.delete(known.token);
    if (this.usersById.get(known.user.id) === known.user) this.usersById.delete(known.user.id);
    if (this.usersByName.get(known.user.username) === known.user)
      this.usersByName.delete(known.user.username);
  }

  /** A user who has called the mock, found by id or username. */
  knownUser(match: { id?: string; username?: string }): UserRecord | undefined {
    if (match.id !== undefined) return this.usersById.get(match.id);
    if (match.username !== undefined) return this.usersByName.get(match.username);
    return undefined;
  }

  /** Every user who has called, in the order they first did (a state export keeps them). */
  knownUsers(): KnownUser[] {
    return [...this.users.values()];
  }

  restoreUsers(users: readonly KnownUser[]): void {
    this.clearUsers();
    for (const known of users) this.remember(known);
  }

  private clearUsers(): void {
    this.users.clear();
    this.usersById.clear();
    this.usersByName.clear();
  }

  principal(token: string, tenantName: string): Principal {
    return { token, tenant: this.tenant(tenantName), user: this.user(token, tenantName) };
  }

  /** Forgets one tenant, or everything. */
  reset(tenantName?: string): void {
    if (tenantName === undefined) {
      this.clearUsers();
      this.tenants.clear();
      this.repositoryIds.clear();
      this.artifacts.clear();
      this.workloads.clear();
      this.protons.clear();
      this.replacements.clear();
      this.builds.clear();
      return;
    }
    this.tenants.get(tenantName)?.repositories.clear();
    this.tenants.delete(tenantName);
    for (const known of this.users.ofTenant(tenantName)) this.forgetUser(known);
    for (const map of [this.artifacts, this.workloads, this.protons, this.replacements, this.builds]) {
      for (const id of map.idsOf(tenantName)) map.delete(id);
    }
  }
}

export function slug(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
  return cleaned || 'x';
}

/** A tenant's repositories, which also keep their ids in the store's set of every tenant's. */
class RepositoryMap extends Map<string, RepositoryRecord> {
  constructor(private readonly allIds: Set<string>) {
    super();
  }

  override set(id: string, repository: RepositoryRecord): this {
    this.allIds.add(id);
    return super.set(id, repository);
  }

  override delete(id: string): boolean {
    if (super.has(id)) this.allIds.delete(id);
    return super.delete(id);
  }

  override clear(): void {
    for (const id of this.keys()) this.allIds.delete(id);
    super.clear();
  }
}
