/**
 * A map of records by id that also knows each tenant's ids, so that a tenant's records are reached
 * without reading every tenant's (a tenant reset between tests, in a store that holds many).
 */
export class TenantMap<V extends { readonly tenant: string }> extends Map<string, V> {
  private readonly idsByTenant = new Map<string, Set<string>>();

  override set(id: string, record: V): this {
    const previous = super.get(id);
    if (previous && previous.tenant !== record.tenant) this.unindex(id, previous.tenant);
    super.set(id, record);
    let ids = this.idsByTenant.get(record.tenant);
    if (!ids) {
      ids = new Set();
      this.idsByTenant.set(record.tenant, ids);
    }
    ids.add(id);
    return this;
  }

  override delete(id: string): boolean {
    const record = super.get(id);
    if (!record) return false;
    this.unindex(id, record.tenant);
    return super.delete(id);
  }

  override clear(): void {
    this.idsByTenant.clear();
    super.clear();
  }

  /** The ids of the tenant's records, in the order they were added (a copy: safe to delete while reading). */
  idsOf(tenant: string): string[] {
    return [...(this.idsByTenant.get(tenant) ?? [])];
  }

  /** The tenant's records, in the order they were added. */
  *ofTenant(tenant: string): Generator<V> {
    for (const id of this.idsOf(tenant)) {
      const record = super.get(id);
      if (record) yield record;
    }
  }

  private unindex(id: string, tenant: string): void {
    const ids = this.idsByTenant.get(tenant);
    ids?.delete(id);
    if (ids?.size === 0) this.idsByTenant.delete(tenant);
  }
}
