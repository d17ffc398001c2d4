import { describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { TenantMap } from '../src/store/tenant-map.js';
import type { RepositoryRecord } from '../src/store/types.js';

interface Item {
  tenant: string;
  name: string;
}

describe('TenantMap', () => {
  it("reaches a tenant's records without the others', as they are added, replaced and deleted", () => {
    const map = new TenantMap<Item>();
    map.set('a1', { tenant: 'a', name: 'first' });
    map.set('b1', { tenant: 'b', name: 'other' });
    map.set('a2', { tenant: 'a', name: 'second' });
    expect([...map.ofTenant('a')].map((item) => item.name)).toEqual(['first', 'second']);
    expect(map.idsOf('b')).toEqual(['b1']);

    map.set('a1', { tenant: 'a', name: 'first, replaced' });
    // A record replaced within its tenant keeps its place.
    expect(map.idsOf('a')).toEqual(['a1', 'a2']);
    map.set('a2', { tenant: 'b', name: 'moved' });
    expect(map.idsOf('a')).toEqual(['a1']);
    expect(map.idsOf('b')).toEqual(['b1', 'a2']);
    expect(map.get('a1')?.name).toBe('first, replaced');

    expect(map.delete('b1')).toBe(true);
    expect(map.delete('b1')).toBe(false);
    expect(map.idsOf('b')).toEqual(['a2']);
    // Deleting while reading the tenant's records is safe.
    for (const id of map.idsOf('b')) map.delete(id);
    expect(map.idsOf('b')).toEqual([]);
    expect([...map.keys()]).toEqual(['a1']);

    map.clear();
    expect(map.idsOf('a')).toEqual([]);
    expect(map.size).toBe(0);
  });
});

describe("the store's repository ids", () => {
  it("knows every tenant's repositories by id, as they are added and deleted and tenants reset", () => {
    const store = new Store();
    const repository = (id: string, tenant: string) => ({ id, tenant }) as RepositoryRecord;
    store.tenant('a').repositories.set('r1', repository('r1', 'a'));
    store.tenant('a').repositories.set('r2', repository('r2', 'a'));
    store.tenant('b').repositories.set('r3', repository('r3', 'b'));
    expect(['r1', 'r2', 'r3', 'r4'].map((id) => store.hasRepository(id))).toEqual([true, true, true, false]);
    store.tenant('a').repositories.delete('r2');
    expect(store.hasRepository('r2')).toBe(false);
    store.reset('a');
    expect([store.hasRepository('r1'), store.hasRepository('r3')]).toEqual([false, true]);
    store.reset();
    expect(store.hasRepository('r3')).toBe(false);
  });
});
