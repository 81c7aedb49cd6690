import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { useVisitCommunities } from './data';
import './care.css';

/**
 * The ways into the care pages, each shown only to whom it concerns: 我的关爱对象 to those paired
 * with someone, 走访 to those with households or a role that knocks on doors; on the Me page also
 * 我的关爱信息 to people on the roster (and their named family) and 求助记录 to anyone with alarms.
 */
export function CareEntries({ on }: { on: 'home' | 'me' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pairs = useQuery({
    queryKey: ['care', 'pairs', 'count'],
    queryFn: () => get<Page<unknown>>('/me/care-pairs?pageSize=1'),
  });
  const households = useQuery({
    queryKey: ['care', 'contact-households', 'count'],
    queryFn: () => get<Page<unknown>>('/me/contact-households?pageSize=1'),
  });
  const mine = useQuery({
    queryKey: ['care', 'mine'],
    enabled: on === 'me',
    queryFn: () => get<Page<unknown>>('/me/care'),
  });
  const alarms = useQuery({
    queryKey: ['care', 'alarms', 'count'],
    enabled: on === 'me',
    queryFn: () => get<Page<unknown>>('/me/help-alarms?pageSize=1'),
  });
  const knocks = useVisitCommunities().length > 0;
  const entries = [
    on === 'me' &&
      !!mine.data?.total && { to: '/care', title: t('care.mine.title'), text: t('care.mine.entry') },
    !!pairs.data?.total && {
      to: '/care-pairs',
      title: t('care.pairs.title'),
      text: t('care.pairs.entry', { count: pairs.data.total }),
    },
    (!!households.data?.total || knocks) && {
      to: '/my-households',
      title: t('visits.title'),
      text: households.data?.total
        ? t('visits.entry', { count: households.data.total })
        : t('visits.entryRounds'),
    },
    on === 'me' &&
      !!alarms.data?.total && { to: '/help', title: t('help.history'), text: t('help.historyEntry') },
  ].filter((e): e is { to: string; title: string; text: string } => !!e);
  if (!entries.length) return null;
  return (
    <nav className="care-entries" aria-label={t('care.entries')}>
      {entries.map((e) => (
        <button key={e.to} type="button" className="care-entry" onClick={() => navigate(e.to)}>
          <span className="care-entry-title">{e.title}</span>
          <span className="care-entry-text">{e.text}</span>
        </button>
      ))}
    </nav>
  );
}
