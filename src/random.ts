import { createHash, randomBytes } from 'node:crypto';

/**
 * Every random choice of the mock (ids, node names, latencies, error sampling) comes from one
 * generator. With a seed (MOCK_SEED) a run is reproducible; without one it is seeded from the OS.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private taken: (id: string) => boolean = () => false;

  constructor(seed?: string) {
    const bytes = seed === undefined ? randomBytes(16) : createHash('sha256').update(seed).digest();
    this.a = bytes.readUInt32LE(0);
    this.b = bytes.readUInt32LE(4);
    this.c = bytes.readUInt32LE(8);
    this.d = bytes.readUInt32LE(12) | 1;
  }

  /** The generator's position, so a restored state goes on with the same sequence. */
  state(): [number, number, number, number] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  restore(state: readonly [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = state.map((word) => word | 0) as [number, number, number, number];
  }

  /** sfc32: small, fast and well distributed. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * Ids `objectId` must not hand out: those of records already held. A generator restored to a
   * position it passed before (a state whose random section is older than its records) would
   * otherwise draw them again, and a new record would overwrite one.
   */
  avoidIds(taken: (id: string) => boolean): void {
    this.taken = taken;
  }

  /** 24 lowercase hex characters, like a MongoDB ObjectId; never one in use. */
  objectId(): string {
    let id = this.drawObjectId();
    while (this.taken(id)) id = this.drawObjectId();
    return id;
  }

  private drawObjectId(): string {
    // Through a buffer: one flat string, where concatenating three pieces would keep a tree of them.
    ID_BYTES.writeUInt32BE(this.nextUint32(), 0);
    ID_BYTES.writeUInt32BE(this.nextUint32(), 4);
    ID_BYTES.writeUInt32BE(this.nextUint32(), 8);
    return ID_BYTES.toString('hex');
  }

  /** Lowercase alphanumerics, as Kubernetes uses for generated name suffixes. */
  suffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.nextUint32() % alphabet.length];
    return text;
  }

  hex(length: number): string {
    let text = '';
    while (text.length < length) text += hex8(this.nextUint32());
    return text.slice(0, length);
  }
}

const ID_BYTES = Buffer.alloc(12);

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A stable id derived from a name (tenants and users): the same token always maps to the same ids. */
export function stableHex(name: string, length: number): string {
  return createHash('sha256').update(name).digest('hex').slice(0, length);
}

/** A stable UUID (version 4 layout) derived from a name. */
export function stableUuid(name: string): string {
  const h = createHash('sha256').update(`uuid:${name}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
