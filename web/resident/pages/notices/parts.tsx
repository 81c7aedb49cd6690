import { useTranslation } from 'react-i18next';
import {
  daysBetween,
  formatDay,
  isPending,
  todayInShanghai,
  type RectificationRow,
  type RectificationState,
} from '../../../shared/notices';

/** Pieces the rectification pages share: the state in words and the deadline with days left. */

/** Still waiting on the household with the deadline passed. */
export const isOverdue = (n: Pick<RectificationRow, 'deadline' | 'state'>) =>
  isPending(n.state) && daysBetween(todayInShanghai(), n.deadline) < 0;

const marks: Record<RectificationState, string> = { issued: '○', replied: '✉', done: '✓', not_done: '⚠' };

export function RectificationStateText({ state }: { state: RectificationState }) {
  const { t } = useTranslation();
  return (
    <span className={`rect-state ${state}`}>
      <span aria-hidden>{marks[state]} </span>
      {t(`rectifications.state.${state}`)}
    </span>
  );
}

/** "请于 2026年12月1日 前完成整改", with the days left or overdue while the household still has to act. */
export function DeadlineText({ notice }: { notice: Pick<RectificationRow, 'deadline' | 'state'> }) {
  const { t, i18n } = useTranslation();
  const days = daysBetween(todayInShanghai(), notice.deadline);
  const day = formatDay(notice.deadline, i18n.language);
  if (!isPending(notice.state)) return <span>{t('rectifications.deadlineWas', { day })}</span>;
  return (
    <span>
      {t('rectifications.deadline', { day })}{' '}
      <strong>
        {days < 0
          ? `⚠ ${t('rectifications.overdue', { count: -days })}`
          : days === 0
            ? t('rectifications.dueToday')
            : t('rectifications.daysLeft', { count: days })}
      </strong>
    </span>
  );
}
