/** The fixed vocabularies of the people register, and the calendar rule for "current". Pure. */

import { todayInShanghai } from '../../core/time';

export const politicalStatuses = [
  'party_member', // 党员
  'probationary', // 预备党员
  'league', // 团员
  'masses', // 群众
] as const;
export type PoliticalStatus = (typeof politicalStatuses)[number];

/** Circumstances the care roster and the grid worker look for. */
export const personFlags = [
  'living_alone', // 独居
  'empty_nest', // 空巢
  'disabled', // 残疾
  'left_behind_minor', // 留守儿童
  'elderly_80', // 高龄 (80+)
  'low_income', // 低保
] as const;
export type PersonFlag = (typeof personFlags)[number];

export const genders = ['male', 'female'] as const;

/** How someone lives in a household. */
export const residencyKinds = [
  'owner', // 业主
  'tenant', // 租户
  'family', // 家庭成员
] as const;

/** Flags as stored (a JSON array in a text column), read back defensively: unknown entries are dropped. */
export function parseFlags(stored: string): PersonFlag[] {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return personFlags.filter((flag) => value.includes(flag));
}

/** Flags in the canonical order, each once, ready to store. */
export function storeFlags(flags: readonly PersonFlag[]): string {
  return JSON.stringify(personFlags.filter((flag) => flags.includes(flag)));
}

/**
 * The stored form a flag filter looks for: the quoted name inside the JSON array. Quoted, no flag
 * name can match inside another, so a LIKE on it is exact on SQLite and PostgreSQL alike.
 */
export const flagNeedle = (flag: PersonFlag) => `%"${flag}"%`;

/** A residency is current while it has no end date or its end date is still ahead. */
export function isCurrent(until: string | null, on: string = todayInShanghai()): boolean {
  return until === null || until > on;
}
