/**
 * Deterministic randomness for the demo: a seeded PRNG, Chinese names by generation, and ID
 * numbers that pass the check digit yet belong to nobody. Pure: the same seed draws the same town.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough to shuffle a demo and the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the keys, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    return this.pickBy(Object.entries(weights) as [K, number][], ([, w]) => w)[0];
  }

  /** One of the items, drawn in proportion to its weight. */
  pickBy<T>(items: readonly T[], weight: (item: T) => number): T {
    let r = this.next() * items.reduce((sum, item) => sum + weight(item), 0);
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }

  /** A number from 0 (included) to 1 (excluded). */
  uniform(): number {
    return this.next();
  }

  /**
   * A positive number around `median`, skewed to the right as waiting times and durations are: most
   * close to the median, a few several times longer. `spread` is the σ of its logarithm.
   */
  logNormal(median: number, spread: number): number {
    // Box–Muller: two uniforms make one standard normal; 1 − u keeps the logarithm finite.
    const z = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(spread * z);
  }

  /** `count` distinct items, in drawing order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length)
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

export type Gender = 'male' | 'female';

// Surnames common in Hunan, weighted roughly by how often one meets them in a Changsha compound.
const surnames: Record<string, number> = {
  刘: 9, 李: 9, 陈: 8, 王: 8, 张: 7, 周: 6, 彭: 5, 谭: 5, 胡: 5, 罗: 5, 曾: 4, 邓: 4, 黄: 4,
  杨: 4, 唐: 4, 易: 3, 肖: 3, 贺: 3, 龙: 2, 蒋: 2, 袁: 2, 何: 3, 吴: 3, 朱: 2, 欧阳: 1, 谢: 2,
  文: 2, 钟: 2, 廖: 2, 熊: 2, 邹: 2, 蔡: 1, 龚: 1, 许: 1, 向: 1, 伍: 1, 姚: 1, 汤: 1, 戴: 1,
  丁: 1, 石: 1, 夏: 1, 郭: 2, 毛: 1, 颜: 1, 赵: 2,
}; // prettier-ignore

/** Given-name characters by generation: 秀英 and 建国 for the elders, 子涵 and 欣怡 for the children. */
const givenChars: Record<'elder' | 'middle' | 'young', Record<Gender, [string, string]>> = {
  elder: {
    male: ['国建德志荣明华文清福贵祥春林永长海汉忠运', '生平成明华林山才发元安民忠松良泉庆贵昌'],
    female: ['秀桂玉淑凤翠金美月冬春素兰', '英兰芝珍华梅莲芳娥琴云凤仙香'],
  },
  middle: {
    male: ['伟强军勇斌杰涛鹏波辉峰刚亮志建卫红海晓立', '军平华明峰辉涛林兵东新宇杰刚武'],
    female: ['丽敏静燕艳娟红霞玲晶芳萍琳慧晓小雪', '丽红娟燕霞玲芳萍琴敏华莉'],
  },
  young: {
    male: ['子浩宇轩博睿俊泽晨逸辰航一梓思嘉', '涵然轩宇睿杰阳铭航博凯豪源霖'],
    female: ['欣梓诗雨佳思可若语子一嘉', '怡涵萱琪婷馨悦彤妍琳桐然冉'],
  },
};

function generation(birthYear: number): 'elder' | 'middle' | 'young' {
  return birthYear < 1960 ? 'elder' : birthYear < 1990 ? 'middle' : 'young';
}

export function surname(rng: Rng): string {
  return rng.weighted(surnames);
}

/** A given name fitting the person's sex and generation; one character now and then, as in life. */
export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  const [first, second] = givenChars[generation(birthYear)][gender];
  const a = rng.pick(Array.from(first));
  if (rng.chance(0.22)) return rng.pick(Array.from(second));
  let b = rng.pick(Array.from(second));
  while (b === a) b = rng.pick(Array.from(second));
  return a + b;
}

export function fullName(rng: Rng, gender: Gender, birthYear: number, family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender, birthYear);
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckChars = '10X98765432';

/**
 * An 18-character resident ID number with a valid check digit (GB 11643). Its area code 430199 is
 * no real county's, so however realistic the rest looks, no generated number is a real person's.
 */
export function fakeIdNumber(rng: Rng, birthYear: number, gender: Gender): string {
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  const order = rng.int(0, 49) * 2 + (gender === 'male' ? 1 : 0); // odd for men, even for women
  const body = `430199${birthYear}${month}${day}${String(rng.int(0, 9))}${String(order).padStart(2, '0')}`;
  const sum = idWeights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + idCheckChars[sum % 11];
}
