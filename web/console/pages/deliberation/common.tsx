import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useLiveEvents } from '../../../shared/live';
import { localName, topicTone, topicToneMark, type TopicState } from '../../../shared/topics';
import {
  deliberationPath,
  delibKey,
  type ActionState,
  type DeliberationSettings,
  type MeetingState,
  type Named,
  type Photo,
} from './model';
import '../../../shared/orders.css';
import './deliberation.css';

/** What the console's deliberation pages share: settings and their names, state words, the live stream. */

export function useDeliberationSettings(communityId: string | undefined) {
  return useQuery({
    queryKey: delibKey('settings', communityId),
    enabled: !!communityId,
    queryFn: () => get<DeliberationSettings>(`${deliberationPath(communityId!)}/deliberation-settings`),
    staleTime: 5 * 60_000,
  });
}

/** The community's topic categories and meeting types as options, and a meeting type's name, in the reader's language. */
export function useDeliberationNames(communityId: string | undefined) {
  const { i18n } = useTranslation();
  const settings = useDeliberationSettings(communityId);
  const types = settings.data?.meetingTypes ?? [];
  const option = (c: Named) => ({ value: c.code, label: localName(c, i18n.language) });
  return {
    settings,
    meetingType: (code: string) => {
      const found = types.find((c) => c.code === code);
      return found ? localName(found, i18n.language) : code;
    },
    categoryOptions: (settings.data?.topicCategories ?? []).map(option),
    typeOptions: types.map(option),
  };
}

export function useWhen() {
  const { i18n } = useTranslation();
  return (ms: number | null | undefined) =>
    ms === null || ms === undefined ? '—' : formatDateTime(ms, i18n.language);
}

/** A topic's state in words with a mark before it (never by colour alone). */
export function TopicStateTag({ state }: { state: TopicState }) {
  const { t } = useTranslation();
  const tone = topicTone(state);
  return (
    <span className={`state-tag ${tone}`}>
      <span aria-hidden>{topicToneMark[tone]} </span>
      {t(`deliberation.state.${state}`)}
    </span>
  );
}

const meetingTones: Record<MeetingState, string> = {
  scheduled: 'waiting',
  in_progress: 'working',
  held: 'done',
  cancelled: 'stopped',
};
const meetingMarks: Record<MeetingState, string> = {
  scheduled: '○',
  in_progress: '◐',
  held: '✓',
  cancelled: '✕',
};

export function MeetingStateTag({ state }: { state: MeetingState }) {
  const { t } = useTranslation();
  return (
    <span className={`state-tag ${meetingTones[state]}`}>
      <span aria-hidden>{meetingMarks[state]} </span>
      {t(`deliberation.meetingState.${state}`)}
    </span>
  );
}

/** An action item's state, and "overdue" in words and a mark when it is open past its due date. */
export function ActionStateTag({ state, overdue }: { state: ActionState; overdue?: boolean }) {
  const { t } = useTranslation();
  const tone = state === 'done' ? 'done' : state === 'cancelled' ? 'stopped' : 'working';
  return (
    <span className="state-tags">
      <span className={`state-tag ${tone}`}>
        <span aria-hidden>{state === 'done' ? '✓' : state === 'cancelled' ? '✕' : '◐'} </span>
        {t(`deliberation.actionState.${state}`)}
      </span>
      {overdue && state === 'open' && (
        <span className="state-tag overdue">
          <span aria-hidden>⚠ </span>
          {t('deliberation.actions.overdue')}
        </span>
      )}
    </span>
  );
}

/** Photos as thumbnails opening the full picture in a new tab; nothing when there are none. */
export function Thumbs({ photos, label }: { photos: Photo[]; label: string }) {
  const { t } = useTranslation();
  if (!photos.length) return null;
  return (
    <ul className="delib-thumbs" aria-label={label}>
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={p.url} target="_blank" rel="noreferrer">
            <img
              src={p.thumbUrl ?? p.url}
              alt={t('deliberation.photoN', { n: i + 1 })}
              width={96}
              height={96}
            />
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Keeps the deliberation pages fresh: a topic in the caller's scope changing (a support, a comment,
 * a step of its trail, one of its actions done) — and every reconnection, when events may have been
 * missed — refetches what they show.
 */
export function useTopicsLive(communityId: string | undefined) {
  const queryClient = useQueryClient();
  useLiveEvents(communityId ? `${deliberationPath(communityId)}/topics/stream` : null, (event) => {
    if (event.type === 'topic' || event.type === 'ready')
      void queryClient.invalidateQueries({ queryKey: delibKey() });
  });
}
