import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { BuildingFilter, HouseholdPicker, PersonPicker } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { careBase, useGrids, type Assignment } from './model';
import './care.css';

/**
 * 党员联系户: households assigned to party members to keep in touch with, whether each was visited
 * this quarter, assigning one more and ending an assignment (its visits stay).
 */
export default function ContactAssignmentsPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const grids = useGrids();
  const feedback = useWriteFeedback();
  const [buildingId, setBuildingId] = useState<string>();

  const end = (communityId: string, a: Assignment) =>
    modal.confirm({
      title: t('care.assignments.endConfirm', { household: a.householdName, person: a.personName }),
      okText: t('care.assignments.end'),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(`${careBase(communityId)}/contact-assignments/${a.id}/end`, {}).then(
          () => feedback.saved(),
          feedback.failed,
        ),
    });

  const spec: ResourceSpec<Assignment & { communityId: string }> = {
    title: 'menu.contactAssignments',
    list: (c) => `${careBase(c)}/contact-assignments`,
    create: (c) => `${careBase(c)}/contact-assignments`,
    params: { buildingId },
    filters: [
      {
        key: 'gridId',
        label: 'care.grid',
        options: (grids.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
      },
    ],
    toolbar: <BuildingFilter value={buildingId} onChange={setBuildingId} />,
    errorFields: { visits_already_assigned: 'householdId', care_pair_no_account: 'personId' },
    fields: [
      {
        key: 'householdId',
        label: 'care.assignments.household',
        required: true,
        input: <HouseholdPicker />,
        render: (a) => `${a.buildingName} ${a.roomNumber} · ${a.householdName}`,
      },
      {
        key: 'personId',
        label: 'care.assignments.person',
        required: true,
        hint: 'care.assignments.personHint',
        input: <PersonPicker />,
        render: (a) => a.personName,
      },
      {
        key: 'assignedAt',
        label: 'care.assignments.since',
        form: false,
        render: (a) => formatDateTime(a.assignedAt, i18n.language),
      },
      {
        key: 'lastVisitedAt',
        label: 'care.visits.last',
        form: false,
        render: (a) =>
          a.lastVisitedAt
            ? `${formatDateTime(a.lastVisitedAt, i18n.language)} · ${t(`care.visits.outcome.${a.lastOutcome ?? 'met'}`)}`
            : '—',
      },
      {
        key: 'visitedThisQuarter',
        label: 'care.assignments.thisQuarter',
        form: false,
        render: (a) =>
          a.visitedThisQuarter
            ? `✓ ${t('care.assignments.visited')}`
            : `⚠ ${t('care.assignments.notVisited')}`,
      },
    ],
    rowActions: (a) => (
      <Button size="small" danger onClick={() => end(a.communityId, a)}>
        {t('care.assignments.end')}
      </Button>
    ),
  };
  return <ResourcePage spec={spec} />;
}
