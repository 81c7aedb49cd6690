import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptions, type Option } from '../organisations/kit';
import { deliberationPath } from './model';

/**
 * Who can be invited to a meeting: the organisations of the community model (party branches and
 * groups, owners' committees, the property companies serving it, co-build units) and named people.
 */

interface Named {
  id: string;
  name: string;
}
interface Committee {
  id: string;
  compoundName: string;
  termNo: number;
  status: string;
}
interface Contract {
  companyId: string;
  companyName: string;
  compoundName: string;
  status: string;
}

/** What the meeting routes take for each invitee: an organisation (its kind found by the server) or a person. */
export type InviteeInput = { organisationId: string } | { personId: string };

export const toInvitees = (organisations: string[] = [], people: string[] = []): InviteeInput[] => [
  ...organisations.map((organisationId) => ({ organisationId })),
  ...people.map((personId) => ({ personId })),
];

/** The community's organisations as grouped options, each labelled with its kind in words. */
export function useOrganisationOptions(communityId: string) {
  const { t } = useTranslation();
  const base = deliberationPath(communityId);
  const party = useOptions<Named>(`${base}/party-orgs`, (o) => ({
    value: o.id,
    label: o.name,
  }));
  const committees = useOptions<Committee>(`${base}/owner-committees`, (c) => ({
    value: c.id,
    label: t('deliberation.invitees.committeeName', { compound: c.compoundName, term: c.termNo }),
  }));
  const contracts = useOptions<Contract & { id: string }>(
    `${base}/property-contracts`,
    (c) => ({ value: c.companyId, label: c.companyName }),
    { status: 'active' },
  );
  const cobuild = useOptions<Named>(`${base}/cobuild-units`, (u) => ({
    value: u.id,
    label: u.name,
  }));
  // A company serving two compounds has two contracts: offer it once.
  const companies = contracts.options.filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  return [
    { label: t('deliberation.invitees.kind.party_org'), options: party.options },
    { label: t('deliberation.invitees.kind.committee'), options: committees.options },
    { label: t('deliberation.invitees.kind.property_company'), options: companies },
    { label: t('deliberation.invitees.kind.cobuild_unit'), options: cobuild.options },
  ].filter((g) => g.options.length > 0);
}

/** Several people of the community, found by name as the user types (numbers masked, as listed). */
export function PeopleSelect({
  id,
  communityId,
  value,
  onChange,
  initial = [],
}: {
  id?: string;
  communityId: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Labels of the people chosen before the form opened. */
  initial?: Option[];
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Option[]>(initial);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const people = useOptions<Named & { phone: string | null }>(
    `${deliberationPath(communityId)}/people`,
    (p) => ({ value: p.id, label: p.phone ? `${p.name} · ${p.phone}` : p.name }),
    { pageSize: '30', q: q || undefined },
  );
  // Keep the chosen people's labels when a later search no longer returns them.
  const options = [
    ...people.options,
    ...known.filter((k) => !people.options.some((o) => o.value === k.value)),
  ];
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      placeholder={t('places.personSearch')}
      value={value}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={people.loading}
      onChange={(v) => {
        setKnown(options.filter((o) => v.includes(o.value)));
        onChange?.(v);
      }}
    />
  );
}
