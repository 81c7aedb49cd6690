import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import type { Assembly, AssemblyStatus } from './model';
import { useMyCanvass } from './parts';
import './assemblies.css';

/** What the home page says about an assembly, by where it stands; others are not shown there. */
const lines: Partial<Record<AssemblyStatus, string>> = {
  voting: 'assembly.entryVoting',
  announced: 'assembly.entryAnnounced',
  closed: 'assembly.entryClosed',
  published: 'assembly.entryPublished',
};

/**
 * The home page's way into an owners' assembly that concerns me (the API lists only those of
 * compounds where I own a home): voting first, then announced, then results; and for volunteers,
 * the buildings they canvass (扫楼).
 */
export function AssemblyEntry() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['my-assemblies'],
    queryFn: () => get<Page<Assembly>>('/me/assemblies?pageSize=50'),
  });
  const order: AssemblyStatus[] = ['voting', 'announced', 'closed', 'published'];
  const shown = (list.data?.items ?? [])
    .filter((a) => lines[a.status])
    .sort((x, y) => order.indexOf(x.status) - order.indexOf(y.status))
    .slice(0, 3);
  const canvass = useMyCanvass();
  // One entry per assembly I canvass for, naming its buildings.
  const canvassing = [...new Set((canvass.data?.items ?? []).map((x) => x.assemblyId))].map((id) =>
    (canvass.data?.items ?? []).filter((x) => x.assemblyId === id),
  );
  if (!shown.length && !canvassing.length) return null;
  return (
    <nav aria-label={t('assembly.entryTitle')} className="assembly-entries">
      {canvassing.map((buildings) => (
        <button
          key={buildings[0]!.assemblyId}
          type="button"
          className="assembly-entry entry-canvass"
          onClick={() => navigate(`/assemblies/canvass?assembly=${buildings[0]!.assemblyId}`)}
        >
          <span className="entry-kicker">{t('assembly.canvass.title')}</span>
          <span>
            {t('assembly.canvass.entry', {
              title: buildings[0]!.assemblyTitle,
              buildings: buildings.map((x) => x.buildingName).join('、'),
            })}
          </span>
          <span className="entry-go">{t('assembly.canvass.go')} ›</span>
        </button>
      ))}
      {shown.map((a) => (
        <button
          key={a.id}
          type="button"
          className={`assembly-entry entry-${a.status}`}
          onClick={() => navigate(`/assemblies/${a.id}`)}
        >
          <span className="entry-kicker">{t('assembly.entryTitle')}</span>
          <span>{t(lines[a.status]!, { title: a.title })}</span>
          <span className="entry-go">
            {t(a.status === 'voting' ? 'assembly.entryVote' : 'assembly.entryOpen')} ›
          </span>
        </button>
      ))}
    </nav>
  );
}
