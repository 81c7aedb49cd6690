import { describe, expect, it } from 'vitest';
import { describePositions, type HeldPlace } from './positions';

const place = (over: Partial<HeldPlace>): HeldPlace => ({
  family: 'party',
  membershipId: 'm',
  orgId: 'o',
  orgName: null,
  orgKind: null,
  compoundId: 'c1',
  compoundName: '御景湾',
  termNo: null,
  position: 'member',
  since: '2024-01-01',
  ...over,
});

const secretary = place({
  family: 'party',
  orgKind: 'branch',
  orgName: '御景湾小区党支部',
  position: 'secretary',
});
const chair = place({ family: 'committee', termNo: 2, position: 'chair' });
const gridLeader = place({ family: 'grid', orgName: '第三网格', position: 'leader' });

describe('describePositions', () => {
  it('orders party, committee, grid, squad and names each place the way people say it', () => {
    const squad = place({ family: 'squad', orgName: '帮帮快递先锋队', position: 'leader' });
    const { positions } = describePositions([squad, gridLeader, chair, secretary], 'zh-CN');
    expect(positions.map((p) => p.title)).toEqual([
      '御景湾小区党支部书记',
      '御景湾第2届业主委员会主任',
      '第三网格网格长',
      '帮帮快递先锋队分队长',
    ]);
    expect(describePositions([chair], 'en').positions[0]!.title).toBe(
      "Chair, Owners' committee of 御景湾, term 2",
    );
  });

  it('within the party, the community organisation comes first and the secretary before members', () => {
    const communityMember = place({
      orgKind: 'committee',
      orgName: '社区党委',
      position: 'committee_member',
    });
    const groupLeader = place({ orgKind: 'group', orgName: '3栋党小组', position: 'secretary' });
    const branchMember = place({ orgKind: 'branch', orgName: '御景湾小区党支部', position: 'member' });
    const titles = describePositions(
      [groupLeader, branchMember, secretary, communityMember],
      'zh-CN',
    ).positions.map((p) => p.title);
    expect(titles).toEqual(['社区党委委员', '御景湾小区党支部书记', '御景湾小区党支部党员', '3栋党小组书记']);
  });

  it('finds 一肩挑 only where the branch secretary chairs the committee of the same compound', () => {
    expect(describePositions([secretary, chair], 'zh-CN').oneShoulder).toEqual([
      { compoundId: 'c1', compoundName: '御景湾' },
    ]);
    expect(describePositions([secretary, { ...chair, compoundId: 'c2' }], 'zh-CN').oneShoulder).toEqual([]);
    expect(describePositions([secretary, { ...chair, position: 'vice_chair' }], 'zh-CN').oneShoulder).toEqual(
      [],
    );
    // A group secretary is not the branch secretary.
    expect(describePositions([{ ...secretary, orgKind: 'group' }, chair], 'zh-CN').oneShoulder).toEqual([]);
  });

  it('calls it cross-appointment (交叉任职) when places span more than one kind of organisation', () => {
    expect(describePositions([secretary, gridLeader], 'zh-CN').crossAppointed).toBe(true);
    expect(
      describePositions([secretary, { ...secretary, orgName: '另一支部' }], 'zh-CN').crossAppointed,
    ).toBe(false);
    expect(describePositions([], 'zh-CN')).toEqual({ positions: [], crossAppointed: false, oneShoulder: [] });
  });
});
