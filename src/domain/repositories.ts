import type { ListArtifactRepositoriesQueryValue } from '../schemas/repository.js';
import type { Principal } from '../store/store.js';
import type { RepositoryRecord } from '../store/types.js';
import { sortBy } from './artifacts.js';
import type { Emulator } from './emulator.js';

/** Artifact repositories: the versions of one artifact. Deletion lives with the artifacts (ArtifactOps). */
export class RepositoryOps {
  constructor(private readonly emulator: Emulator) {}

  get(principal: Principal, id: string): RepositoryRecord {
    return this.emulator.artifacts.repository(principal, id);
  }

  list(principal: Principal, query: ListArtifactRepositoriesQueryValue): RepositoryRecord[] {
    const needle = query.search?.toLowerCase();
    const ids = query.ids && query.ids.length > 0 ? new Set(query.ids) : null;
    const items = [...principal.tenant.repositories.values()].filter((r) => {
      if (ids && !ids.has(r.id)) return false;
      if (query.type && r.type !== query.type) return false;
      if (query.createdBy && query.createdBy !== r.creator.id && query.createdBy !== r.creator.username)
        return false;
      if (query.tagKeys && query.tagKeys.length > 0 && !r.tags.some((t) => query.tagKeys!.includes(t.name)))
        return false;
      if (
        query.tagValues &&
        query.tagValues.length > 0 &&
        !r.tags.some((t) => query.tagValues!.includes(t.value))
      )
        return false;
      if (needle && ![r.name, r.id].some((text) => text.toLowerCase().includes(needle))) return false;
      return true;
    });
    return query.orderBy ? sortBy(items, query.orderBy) : items;
  }

  /** How many artifacts the repository holds. */
  size(principal: Principal, id: string): number {
    return this.sizes(principal).get(id) ?? 0;
  }

  /** How many artifacts each of the tenant's repositories holds, counted in one pass for a page. */
  sizes(principal: Principal): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { repositoryId } of principal.tenant.artifacts.values()) {
      counts.set(repositoryId, (counts.get(repositoryId) ?? 0) + 1);
    }
    return counts;
  }

  delete(principal: Principal, id: string): void {
    this.emulator.artifacts.deleteRepository(principal, id);
  }
}
