/**
 * Seeded pseudo-random numbers. Every random choice in the simulation comes from here (never
 * Math.random), so a seed fully determines flows, names and metric noise.
 *
 * Generator: sfc32 (a small, fast 128-bit-state generator), seeded through a 32-bit string hash.
 */

/** A 32-bit FNV-1a hash of the parts joined with "\u0000", finalised with a murmur3-style mix. */
export function hash32(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  const s = parts.join('\u0000');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic random stream. All methods consume from the same stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Log-normal with the given median and shape sigma. */
  logNormal(median: number, sigma: number): number;
  /** Exponential with the given mean. */
  exp(mean: number): number;
  /** Lower-case hex string of n characters. */
  hex(n: number): string;
  /** n characters from the alphabet. */
  chars(n: number, alphabet: string): string;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number | string, keys: Array<string | number>) {
    this.a = hash32('a', seed, ...keys);
    this.b = hash32('b', seed, ...keys);
    this.c = hash32('c', seed, ...keys);
    this.d = hash32('d', seed, ...keys) | 1;
    for (let i = 0; i < 12; i++) {
      this.u32();
    }
  }
  u32(): number {
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  next(): number {
    return this.u32() / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      s += this.u32().toString(16).padStart(8, '0');
    }
    return s.slice(0, n);
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) {
      s += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return s;
  }
}

/** Creates an sfc32 stream from a numeric or string seed and optional extra key parts. */
export function createRng(seed: number | string, ...keys: Array<string | number>): Rng {
  return new Sfc32(seed, keys);
}

/** Deterministic value noise in [-1, 1]: smooth in t (linear between knots `periodMs` apart). */
export function valueNoise(seed: number | string, key: string, tMs: number, periodMs: number): number {
  const k = Math.floor(tMs / periodMs);
  const f = tMs / periodMs - k;
  const v0 = (hash32(seed, key, k) / 4294967295) * 2 - 1;
  const v1 = (hash32(seed, key, k + 1) / 4294967295) * 2 - 1;
  return v0 + (v1 - v0) * f;
}
