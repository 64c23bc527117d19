/** A small seeded PRNG (sfc32): the same seed always gives the same feed. */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` lower-case hex digits. */
  hex(length: number): string;
  /** `length` characters of A-Z and 0-9. */
  alnum(length: number): string;
  /** The generator's state now: `restoreRandom(state)` draws what this one draws next. */
  state(): RandomState;
}

/** sfc32's four 32-bit words of state. */
export type RandomState = readonly [number, number, number, number];

function seedWords(seed: number | string): [number, number, number, number] {
  // Hash the seed into four 32-bit words (splitmix-like over the string's code units).
  let h = 0x9e3779b9;
  const text = String(seed);
  const words: number[] = [];
  for (let w = 0; w < 4; w++) {
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
    }
    h = Math.imul(h ^ (w + 1), 0xc2b2ae35) >>> 0;
    words.push((h ^ (h >>> 16)) >>> 0);
  }
  return words as [number, number, number, number];
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function createRandom(seed: number | string): Random {
  const random = restoreRandom(seedWords(seed));
  for (let i = 0; i < 15; i++) random.next();
  return random;
}

/** A generator that continues from `state` (taken by `Random.state()`). */
export function restoreRandom(state: RandomState): Random {
  let [a, b, c, d] = state;
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const next = () => nextUint() / 2 ** 32;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    hex: (length) => {
      let out = "";
      while (out.length < length) out += nextUint().toString(16).padStart(8, "0");
      return out.slice(0, length);
    },
    alnum: (length) => {
      let out = "";
      for (let i = 0; i < length; i++) out += ALNUM[Math.floor(next() * ALNUM.length)];
      return out;
    },
    state: () => [a, b, c, d],
  };
}
