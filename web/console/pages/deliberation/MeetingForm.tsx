import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, errorText, get, type Page } from '../../../shared/api';
import { useFormModalProps } from '../../components/feedback';
import { useCompoundOptions } from '../../components/places';
import { fieldErrors } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { DateTimeInput } from '../assemblies/parts';
import { useDeliberationNames } from './common';
import { PeopleSelect, toInvitees, useOrganisationOptions } from './invitees';
import { delibKey, deliberationPath, type MeetingDetail, type Topic } from './model';

interface Values {
  type: string;
  title: string;
  compoundId?: string;
  startsAt: number;
  endsAt?: number | null;
  place?: string;
  organisations?: string[];
  people?: string[];
  topicIds?: string[];
}

/** Seven in the evening, a few days from now: when 晚饭后议事 and most joint meetings sit. */
function eveningIn(days: number): number {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setHours(19, 0, 0, 0);
  return d.getTime();
}

/**
 * A new meeting (or the details of one still to come): its type, time and place, whom to invite
 * from the community's organisations and people, and which accepted topics go on its agenda.
 */
export function MeetingForm({
  communityId,
  meeting,
  topicId,
  onClose,
}: {
  communityId: string;
  /** The meeting being edited; absent for a new one. */
  meeting?: MeetingDetail;
  /** A topic to put on a new meeting's agenda from the start. */
  topicId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const scope = useScope();
  const formModal = useFormModalProps();
  const [form] = Form.useForm<Values>();
  const names = useDeliberationNames(communityId);
  const compounds = useCompoundOptions();
  const organisations = useOrganisationOptions(communityId);
  const base = deliberationPath(communityId);
  // Invitees by person, as the form holds them (organisations and walk-ins are kept apart).
  const chosenPeople = (meeting?.invitees ?? []).flatMap((i) =>
    i.personId && !i.organisationId && i.invited ? [{ value: i.personId, label: i.name }] : [],
  );
  const queue = useQuery({
    queryKey: delibKey('topics', 'queue', communityId),
    enabled: !meeting,
    queryFn: () => get<Page<Topic>>(`${base}/topics?state=accepted&pageSize=100`),
  });

  const save = useMutation({
    mutationFn: ({ organisations: orgs, people, topicIds, ...v }: Values) => {
      const details = {
        ...v,
        compoundId: v.compoundId ?? null,
        endsAt: v.endsAt ?? null,
        place: v.place?.trim() || null,
      };
      const invitees = toInvitees(orgs, people);
      if (meeting)
        return api<MeetingDetail>('PATCH', `${base}/meetings/${meeting.id}`, { ...details, invitees });
      return api<MeetingDetail>('POST', `${base}/meetings`, {
        ...details,
        invitees,
        topicIds: topicIds ?? [],
      });
    },
    onSuccess: (m) => {
      message.success(t(meeting ? 'common.saved' : 'deliberation.meeting.created'));
      // A new meeting opens its own page (which closes this form); an edit just closes it.
      if (meeting) onClose();
      else navigate(`/meetings/${m.id}`);
    },
    onError: (err) => {
      const errors = fieldErrors(err);
      if (errors.length) form.setFields(errors as never);
      message.error(errorText(err, t));
    },
  });

  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open
      width={680}
      title={t(meeting ? 'deliberation.meeting.edit' : 'deliberation.meeting.create')}
      {...formModal(form, save.isPending, onClose)}
    >
      <Form<Values>
        form={form}
        name="meeting"
        layout="vertical"
        initialValues={
          meeting
            ? {
                type: meeting.type,
                title: meeting.title,
                compoundId: meeting.compoundId ?? undefined,
                startsAt: meeting.startsAt,
                endsAt: meeting.endsAt,
                place: meeting.place ?? undefined,
                organisations: meeting.invitees.flatMap((i) => (i.organisationId ? [i.organisationId] : [])),
                people: chosenPeople.map((p) => p.value),
              }
            : {
                type: 'joint',
                compoundId: scope.compoundId ?? undefined,
                startsAt: eveningIn(3),
                topicIds: topicId ? [topicId] : [],
              }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="type" label={t('deliberation.meeting.type')} rules={required}>
          <Select options={names.typeOptions} loading={names.settings.isPending} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('deliberation.meeting.title')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item
          name="compoundId"
          label={t('deliberation.col.compound')}
          extra={t('deliberation.meeting.compoundHint')}
        >
          <Select allowClear options={compounds.options} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="startsAt" label={t('deliberation.meeting.startsAt')} rules={required}>
          <DateTimeInput />
        </Form.Item>
        <Form.Item name="endsAt" label={t('deliberation.meeting.endsAt')}>
          <DateTimeInput />
        </Form.Item>
        <Form.Item name="place" label={t('deliberation.meeting.place')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="organisations"
          label={t('deliberation.invitees.organisations')}
          extra={t('deliberation.invitees.organisationsHint')}
        >
          <Select mode="multiple" options={organisations} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item
          name="people"
          label={t('deliberation.invitees.people')}
          extra={meeting && t('deliberation.invitees.editHint')}
        >
          <PeopleSelect communityId={communityId} initial={chosenPeople} />
        </Form.Item>
        {!meeting && (
          <Form.Item
            name="topicIds"
            label={t('deliberation.meeting.topics')}
            extra={t('deliberation.meeting.topicsHint')}
          >
            <Select
              mode="multiple"
              loading={queue.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={(queue.data?.items ?? []).map((x) => ({ value: x.id, label: x.title }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
