import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmState, CoverageStatus } from './model';
import './care.css';

/**
 * The care pages' state tags: each carries a mark and words, and its own colours (antd's preset
 * green, gold and orange tags fall below AA contrast).
 */
type Tone = 'ok' | 'warn' | 'late';

export function CareTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag className={`care-tag care-tag-${tone}`}>{children}</Tag>;
}

/** Beside anything overdue: never colour alone. */
export function OverdueMark({ overdue }: { overdue: boolean }) {
  const { t } = useTranslation();
  if (!overdue) return null;
  return <CareTag tone="late">⚠ {t('care.due.overdue')}</CareTag>;
}

const alarmLook: Record<AlarmState, [Tone, string]> = {
  open: ['late', '！'],
  acknowledged: ['warn', '✓'],
  resolved: ['ok', '✓'],
};

export function AlarmStateTag({ state }: { state: AlarmState }) {
  const { t } = useTranslation();
  const [tone, mark] = alarmLook[state];
  return (
    <CareTag tone={tone}>
      {mark} {t(`care.alarm.state.${state}`)}
    </CareTag>
  );
}

const coverageLook: Record<CoverageStatus, [Tone, string]> = {
  visited: ['ok', '✓'],
  not_home: ['warn', '⌂'],
  not_visited: ['late', '⚠'],
};

/** Where a household stands: visited, knocked but nobody home, not yet. */
export function CoverageTag({ status }: { status: CoverageStatus }) {
  const { t } = useTranslation();
  const [tone, mark] = coverageLook[status];
  return (
    <CareTag tone={tone}>
      {mark} {t(`care.visits.status.${status}`)}
    </CareTag>
  );
}
