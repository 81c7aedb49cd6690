import { useQuery } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get } from '../../shared/api';
import { formatArea } from '../../shared/format';
import { Loading } from '../App';

interface Named {
  id: string;
  name: string;
}
export interface MyHousehold {
  bindingId: string;
  kind: 'owner' | 'tenant' | 'family';
  community: Named;
  compound: Named;
  household: Named;
  room: {
    id: string;
    building: string;
    entrance: string;
    number: string;
    floor: number | null;
    areaCenti: number;
  };
  members: {
    name: string;
    phone: string | null;
    kind: 'owner' | 'tenant' | 'family';
    relation: string | null;
    isMe: boolean;
  }[];
}
interface Binding {
  id: string;
  status: 'pending' | 'confirmed' | 'rejected' | 'ended';
  claimedName: string;
  reason: string | null;
  place: Pick<MyHousehold, 'community' | 'compound' | 'household' | 'room'>;
}

/** My household and its people, masked: enough to recognise family, not to expose them. */
export default function HouseholdPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const households = useQuery({
    queryKey: ['my-households'],
    queryFn: () => get<{ items: MyHousehold[] }>('/me/households'),
  });
  const bindings = useQuery({
    queryKey: ['my-bindings'],
    queryFn: () => get<{ items: Binding[] }>('/me/household-bindings'),
  });
  if (households.isPending || bindings.isPending) return <Loading />;
  if (households.isError)
    return <ErrorBlock status="default" title={households.error.message} description="" />;
  const waiting = (bindings.data?.items ?? []).filter(
    (b) => b.status === 'pending' || b.status === 'rejected',
  );
  return (
    <div className="page">
      <h1 className="page-title">{t('nav.household')}</h1>
      {households.data.items.map((h) => (
        <Card
          key={h.bindingId}
          title={`${h.compound.name} · ${h.room.building} ${h.room.entrance} ${h.room.number}`}
        >
          <p>
            {h.community.name} · {t('household.area')} {formatArea(h.room.areaCenti)} m²
          </p>
          <List header={t('household.members')}>
            {h.members.map((m, i) => (
              <List.Item
                key={i}
                description={m.phone ?? undefined}
                extra={<Tag>{t(`household.kind.${m.kind}`)}</Tag>}
              >
                {m.name}
                {m.relation ? `（${m.relation}）` : ''}
                {m.isMe ? ` · ${t('household.me')}` : ''}
              </List.Item>
            ))}
          </List>
        </Card>
      ))}
      {waiting.map((b) => (
        <Card key={b.id} title={`${b.place.compound.name} · ${b.place.room.building} ${b.place.room.number}`}>
          <p className={b.status === 'rejected' ? 'status-bad' : 'status-wait'}>
            {b.status === 'pending'
              ? t('household.pending')
              : t('household.rejected', { reason: b.reason ?? '' })}
          </p>
        </Card>
      ))}
      {households.data.items.length === 0 && waiting.length === 0 && <p>{t('home.notJoinedText')}</p>}
      <Button block size="large" onClick={() => navigate('/join')}>
        {t('home.joinButton')}
      </Button>
    </div>
  );
}
