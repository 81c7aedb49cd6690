import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api, errorText, get, post, type Page } from '../../../shared/api';
import { ExportButton } from '../../components/ExportButton';
import { useWriteFeedback } from '../../components/feedback';
import { PersonPicker } from '../../components/places';
import { useScope } from '../../components/scope';
import { RemoteSelect, useOptions } from '../organisations/kit';
import { base } from '../volunteers/kit';
import type { DutyPlace, DutyShift } from './model';
import '../volunteers/volunteers.css';

const weekdays = [1, 2, 3, 4, 5, 6, 7];

/** The Monday of a date's week (weeks on the roster run Monday to Sunday, whatever the locale says). */
const mondayOf = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');

/** Adds a person to the rotation's list as soon as they are picked (found by name). */
function PersonAdder({ onAdd, label }: { onAdd: (personId: string, name: string) => void; label: string }) {
  const { t } = useTranslation();
  const { community } = useScope();
  return (
    <RemoteSelect<{ id: string; name: string }>
      aria-label={label}
      placeholder={t('duty.rotation.addPerson')}
      style={{ width: '100%' }}
      path={community ? `${base(community.id)}/people` : null}
      toOption={(p) => ({ value: p.id, label: p.name })}
      value={undefined}
      onChange={(v, item) => v && onAdd(v, item?.name ?? '')}
    />
  );
}

/** 轮流排班: people in order, a range of dates, how many per shift; clashes are shown before replacing. */
function RotationModal({ place, open, onClose }: { place: DutyPlace; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const feedback = useWriteFeedback();
  const [form] = Form.useForm();
  const [people, setPeople] = useState<{ id: string; name: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async (
    v: { range: [Dayjs, Dayjs]; perShift: number; skipWeekdays?: number[] },
    replace: boolean,
  ) => {
    setBusy(true);
    try {
      await post(`${base(place.communityId)}/duty-places/${place.id}/rotation`, {
        from: v.range[0].format('YYYY-MM-DD'),
        to: v.range[1].format('YYYY-MM-DD'),
        people: people.map((p) => p.id),
        perShift: v.perShift,
        ...(v.skipWeekdays?.length ? { skipWeekdays: v.skipWeekdays } : {}),
        ...(replace ? { replace: true } : {}),
      });
      await feedback.saved(onClose, t('duty.rotation.done'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && !replace)
        modal.confirm({
          title: t('duty.rotation.clash'),
          content: err.message,
          okText: t('duty.rotation.replace'),
          cancelText: t('common.cancel'),
          onOk: () => send(v, true),
        });
      else message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('duty.rotation.title', { place: place.name })}
      okText={t('duty.rotation.generate')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !people.length, loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('duty.rotation.hint')}</Typography.Paragraph>
      <Form
        form={form}
        name="rotation"
        layout="vertical"
        initialValues={{ perShift: 1 }}
        onFinish={(v) => void send(v, false)}
      >
        <Form.Item
          name="range"
          label={t('duty.rotation.range')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <div className="ant-form-item" style={{ marginBottom: 24 }}>
          <p id="rotation-people">{t('duty.rotation.people')}</p>
          <ol aria-labelledby="rotation-people">
            {people.map((p, i) => (
              <li key={p.id}>
                {p.name}{' '}
                <Button
                  size="small"
                  type="link"
                  aria-label={t('duty.rotation.removePerson', { name: p.name })}
                  onClick={() => setPeople(people.filter((_, j) => j !== i))}
                >
                  {t('duty.slot.remove')}
                </Button>
              </li>
            ))}
          </ol>
          <PersonAdder
            label={t('duty.rotation.people')}
            onAdd={(id, name) => !people.some((p) => p.id === id) && setPeople([...people, { id, name }])}
          />
        </div>
        <Form.Item name="perShift" label={t('duty.rotation.perShift')}>
          <InputNumber min={1} max={Math.max(1, people.length)} />
        </Form.Item>
        <Form.Item name="skipWeekdays" label={t('duty.rotation.skip')}>
          <Checkbox.Group options={weekdays.map((d) => ({ value: d, label: t(`vol.weekday.${d}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 值班表: a place's week, shift by shift and day by day; add or take off someone; generate a rotation. */
export default function DutyRosterPage() {
  const { t } = useTranslation();
  const { community } = useScope();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const [params, setParams] = useSearchParams();
  const [week, setWeek] = useState<Dayjs>(() => mondayOf(dayjs()));
  const [adding, setAdding] = useState<{ date: string; slotCode: string } | null>(null);
  const [person, setPerson] = useState<string>();
  const [rotating, setRotating] = useState(false);
  const places = useOptions<DutyPlace>(community ? `${base(community.id)}/duty-places` : null, (p) => ({
    value: p.id,
    label: p.name,
  }));
  const placeId = params.get('placeId') ?? places.items[0]?.id;
  const place = places.items.find((p) => p.id === placeId);
  const days = weekdays.map((i) => week.add(i - 1, 'day').format('YYYY-MM-DD'));
  const query = new URLSearchParams({
    placeId: placeId ?? '',
    from: days[0]!,
    to: days[6]!,
    pageSize: '200',
  });
  const shiftsPath = community ? `${base(community.id)}/duty-shifts` : '';
  const shifts = useQuery({
    queryKey: ['list', shiftsPath, query.toString()],
    enabled: !!community && !!placeId,
    queryFn: () => get<Page<DutyShift>>(`${shiftsPath}?${query}`),
  });
  const today = dayjs().format('YYYY-MM-DD');
  const at = (date: string, slot: string) =>
    (shifts.data?.items ?? []).filter(
      (s) => s.date === date && s.slotCode === slot && s.state !== 'cancelled',
    );

  const remove = (s: DutyShift) =>
    modal.confirm({
      title: t('duty.removeConfirm', { name: s.name, date: s.date }),
      okText: t('duty.slot.remove'),
      cancelText: t('common.cancel'),
      onOk: () => api('DELETE', `${shiftsPath}/${s.id}`).then(() => feedback.saved(), feedback.failed),
    });

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.dutyRoster')}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('duty.place')}
            placeholder={t('duty.place')}
            style={{ minWidth: 180 }}
            value={placeId}
            onChange={(v: string) => setParams({ placeId: v }, { replace: true })}
            options={places.options}
          />
          <Button onClick={() => setWeek(week.subtract(1, 'week'))}>‹ {t('duty.prevWeek')}</Button>
          <Button onClick={() => setWeek(mondayOf(dayjs()))}>{t('duty.thisWeek')}</Button>
          <Button onClick={() => setWeek(week.add(1, 'week'))}>{t('duty.nextWeek')} ›</Button>
          {placeId && <ExportButton path={shiftsPath} params={query} />}
          {place && (
            <Button type="primary" onClick={() => setRotating(true)}>
              {t('duty.rotation.open')}
            </Button>
          )}
        </Space>
      </div>
      {!places.loading && !places.items.length && (
        <Typography.Paragraph>{t('duty.noPlaces')}</Typography.Paragraph>
      )}
      {place && (
        <div className="duty-grid-wrap">
          <table className="duty-grid">
            <caption className="duty-grid-caption">
              {t('duty.gridCaption', { place: place.name, from: days[0] })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('duty.shift')}</th>
                {days.map((d, i) => (
                  <th key={d} scope="col" className={d === today ? 'duty-today' : undefined}>
                    {t(`vol.weekday.${i + 1}`)} {d.slice(5)}
                    {d === today && ` · ${t('duty.today')}`}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {place.shiftPattern.map((slot) => (
                <tr key={slot.code}>
                  <th scope="row">
                    {slot.label}
                    <br />
                    {slot.start}–{slot.end}
                  </th>
                  {days.map((d) => (
                    <td key={d} className={d === today ? 'duty-today' : undefined}>
                      {at(d, slot.code).map((s) => (
                        <div key={s.id} className="duty-person">
                          <span>{s.name}</span>
                          {s.state === 'swapped' && <Tag>{t('duty.swapped')}</Tag>}
                          <Button
                            size="small"
                            type="text"
                            aria-label={t('duty.removeOf', { name: s.name, date: d, slot: slot.label })}
                            onClick={() => remove(s)}
                          >
                            ×
                          </Button>
                        </div>
                      ))}
                      <Button
                        size="small"
                        type="dashed"
                        aria-label={t('duty.addOf', { date: d, slot: slot.label })}
                        onClick={() => setAdding({ date: d, slotCode: slot.code })}
                      >
                        +
                      </Button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Modal
        open={!!adding}
        title={adding ? t('duty.addTitle', { date: adding.date }) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !person }}
        onCancel={() => setAdding(null)}
        onOk={() =>
          post(shiftsPath, { placeId, ...adding, personId: person }).then(
            () =>
              feedback.saved(() => {
                setAdding(null);
                setPerson(undefined);
              }),
            feedback.failed,
          )
        }
        destroyOnHidden
      >
        <label htmlFor="duty-person">{t('duty.person')}</label>
        <PersonPicker id="duty-person" value={person} onChange={setPerson} />
      </Modal>
      {place && <RotationModal place={place} open={rotating} onClose={() => setRotating(false)} />}
    </section>
  );
}
