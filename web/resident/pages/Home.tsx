import { Button, Card } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get } from '../../shared/api';
import { useMe } from '../../shared/session';
import type { MyHousehold } from './Household';
import { InboxEntry } from '../components/InboxEntry';
import { OrderEntries } from './orders/HomeEntries';
import { AssemblyEntry } from './assemblies/AssemblyEntry';
import { TopicEntries } from './topics/HomeEntry';
import { CareEntries } from './care/CareEntries';
import { HelpAlarmBanner, HelpButton } from './care/HelpButton';
import { NoticeEntries } from './notices/HomeEntry';
import { CivicEntries } from './surveys/HomeEntries';
import { DutyTodayCard, VolunteerEntry } from './volunteer/HomeEntry';

/** The resident's home: who and where I am; later modules add their cards here. */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const households = useQuery({
    queryKey: ['my-households'],
    queryFn: () => get<{ items: MyHousehold[] }>('/me/households'),
  });
  const first = households.data?.items[0];
  return (
    <div className="page">
      <h1 className="page-title">{t('home.greeting', { name: me.data?.displayName ?? '' })}</h1>
      <HelpAlarmBanner />
      {first && <HelpButton />}
      <InboxEntry />
      <NoticeEntries hasHome={!!first} />
      <OrderEntries hasHome={!!first} />
      <AssemblyEntry />
      <TopicEntries hasHome={!!first} />
      <CareEntries on="home" />
      <CivicEntries hasHome={!!first} />
      <DutyTodayCard />
      <VolunteerEntry />
      {households.isSuccess && !first && (
        <Card title={t('home.notJoinedTitle')}>
          <p>{t('home.notJoinedText')}</p>
          <Button color="primary" block size="large" onClick={() => navigate('/join')}>
            {t('home.joinButton')}
          </Button>
        </Card>
      )}
      {first && (
        <Card title={t('home.myHome')} onClick={() => navigate('/household')}>
          <p className="big-line">
            {first.compound.name} · {first.room.building} {first.room.entrance} {first.room.number}
          </p>
          <p>{first.community.name}</p>
        </Card>
      )}
    </div>
  );
}
