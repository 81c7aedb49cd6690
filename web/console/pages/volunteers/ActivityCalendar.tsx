import { useQuery } from '@tanstack/react-query';
import { Button, Calendar, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { activityTone, type ConsoleActivity } from './Activities';
import { base, StateTag } from './kit';
import './volunteers.css';

interface CalendarDay {
  date: string;
  activities: Pick<ConsoleActivity, 'id' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'state' | 'type'>[];
}

/** 活动日历: a month of activities for the chosen compound, or the whole community. */
export default function ActivityCalendarPage() {
  const { t } = useTranslation();
  const { community, compoundId } = useScope();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const from = month.startOf('month').startOf('week').format('YYYY-MM-DD');
  const to = month.endOf('month').endOf('week').format('YYYY-MM-DD');
  const path = community
    ? `${base(community.id)}/activity-calendar?from=${from}&to=${to}${compoundId ? `&compoundId=${compoundId}` : ''}`
    : null;
  const days = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<{ days: CalendarDay[] }>(path!),
  });
  const byDate = new Map((days.data?.days ?? []).map((d) => [d.date, d.activities]));
  return (
    <section aria-labelledby="page-title">
      <Typography.Title level={2} id="page-title">
        {t('menu.activityCalendar')}
      </Typography.Title>
      <Calendar
        className="vol-calendar"
        value={month}
        onPanelChange={(d) => setMonth(d)}
        onSelect={(d) => setMonth(d)}
        fullscreen
        headerRender={({ value, onChange }) => (
          <Space className="vol-calendar-head" wrap>
            <Button onClick={() => onChange(value.subtract(1, 'month'))}>‹ {t('vol.calendar.prev')}</Button>
            <Typography.Text strong>{value.format('YYYY-MM')}</Typography.Text>
            <Button onClick={() => onChange(value.add(1, 'month'))}>{t('vol.calendar.next')} ›</Button>
            <Button onClick={() => onChange(dayjs())}>{t('vol.calendar.today')}</Button>
          </Space>
        )}
        cellRender={(d, info) => {
          if (info.type !== 'date') return info.originNode;
          const list = byDate.get(d.format('YYYY-MM-DD')) ?? [];
          return (
            <ul className="vol-calendar-day">
              {list.map((a) => (
                <li key={a.id}>
                  <Link to={`/activities/${a.id}`}>
                    {dayjs(a.startsAt).format('HH:mm')} {a.title}
                  </Link>{' '}
                  {a.state !== 'published' && (
                    <StateTag tone={activityTone[a.state]}>{t(`vol.activities.states.${a.state}`)}</StateTag>
                  )}
                </li>
              ))}
            </ul>
          );
        }}
      />
    </section>
  );
}
