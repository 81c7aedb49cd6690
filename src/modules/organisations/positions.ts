import type { Locale } from '../../core/config';
import { byText, partyKinds, partyPositions } from './party-tree';

/**
 * 双向进入、交叉任职: the places one person holds across the party organisations, owners'
 * committees, grids and squads, merged into one list with a title a person can read, plus the two
 * facts a community secretary looks for: whether the person sits in more than one kind of
 * organisation, and where one person is both branch secretary and committee chair (一肩挑). Pure.
 */

export const families = ['party', 'committee', 'grid', 'squad'] as const;
export type Family = (typeof families)[number];

export interface HeldPlace {
  family: Family;
  membershipId: string;
  orgId: string;
  /** The organisation's own name; committees have none and are named from compound and term. */
  orgName: string | null;
  /** For party organisations: committee | branch | group | central_household. */
  orgKind: string | null;
  compoundId: string | null;
  compoundName: string | null;
  termNo: number | null;
  position: string;
  since: string | null;
}

export interface DescribedPlace extends HeldPlace {
  title: string;
}

export interface PositionsSummary {
  positions: DescribedPlace[];
  /** Holds places in two or more kinds of organisation (交叉任职). */
  crossAppointed: boolean;
  /** Compounds where the person is both branch secretary and owners' committee chair (一肩挑). */
  oneShoulder: { compoundId: string; compoundName: string | null }[];
}

const positionOrder: Record<Family, readonly string[]> = {
  party: partyPositions,
  committee: ['chair', 'vice_chair', 'member'],
  grid: ['leader', 'worker'],
  squad: ['leader', 'member'],
};

const labels: Record<Locale, Record<Family, Record<string, string>>> = {
  'zh-CN': {
    party: { secretary: '书记', deputy_secretary: '副书记', committee_member: '委员', member: '党员' },
    committee: { chair: '主任', vice_chair: '副主任', member: '委员' },
    grid: { leader: '网格长', worker: '网格员' },
    squad: { leader: '分队长', member: '队员' },
  },
  en: {
    party: {
      secretary: 'Secretary',
      deputy_secretary: 'Deputy secretary',
      committee_member: 'Committee member',
      member: 'Member',
    },
    committee: { chair: 'Chair', vice_chair: 'Vice-chair', member: 'Member' },
    grid: { leader: 'Grid leader', worker: 'Grid worker' },
    squad: { leader: 'Squad leader', member: 'Member' },
  },
};

function orgNameOf(p: HeldPlace, locale: Locale): string {
  if (p.orgName) return p.orgName;
  const compound = p.compoundName ?? '';
  return locale === 'zh-CN'
    ? `${compound}第${p.termNo ?? '?'}届业主委员会`
    : `Owners' committee of ${compound}, term ${p.termNo ?? '?'}`;
}

function titleOf(p: HeldPlace, locale: Locale): string {
  const position = labels[locale][p.family][p.position] ?? p.position;
  const org = orgNameOf(p, locale);
  return locale === 'zh-CN' ? `${org}${position}` : `${position}, ${org}`;
}

const rank = (list: readonly string[], value: string | null) => {
  const i = value == null ? -1 : list.indexOf(value);
  return i < 0 ? list.length : i;
};

export function describePositions(held: HeldPlace[], locale: Locale): PositionsSummary {
  const positions = [...held]
    .sort(
      (a, b) =>
        rank(families, a.family) - rank(families, b.family) ||
        rank(partyKinds, a.orgKind) - rank(partyKinds, b.orgKind) ||
        rank(positionOrder[a.family], a.position) - rank(positionOrder[b.family], b.position) ||
        byText(orgNameOf(a, locale), orgNameOf(b, locale)),
    )
    .map((p) => ({ ...p, title: titleOf(p, locale) }));
  const chairs = new Set(
    held.filter((p) => p.family === 'committee' && p.position === 'chair').map((p) => p.compoundId),
  );
  const oneShoulder = new Map<string, string | null>();
  for (const p of held)
    if (p.family === 'party' && p.orgKind === 'branch' && p.position === 'secretary' && p.compoundId)
      if (chairs.has(p.compoundId)) oneShoulder.set(p.compoundId, p.compoundName);
  return {
    positions,
    crossAppointed: new Set(held.map((p) => p.family)).size > 1,
    oneShoulder: [...oneShoulder].map(([compoundId, compoundName]) => ({ compoundId, compoundName })),
  };
}
