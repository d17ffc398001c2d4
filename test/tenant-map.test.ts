import { describe, expect, it } from 'vitest';
import { TenantMap } from '../src/store/tenant-map.js';

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
