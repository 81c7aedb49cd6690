import { DatePicker, Tag } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../components/scope';
import { useOptions } from '../organisations/kit';

/** Pieces the volunteer, patrol and duty pages share. */

export const base = (communityId: string) => `/communities/${communityId}`;

const named = (x: { id: string; name: string }) => ({ value: x.id, label: x.name });

/** The community's compounds, squads and grids as select options. */
export function usePlaces() {
  const { community } = useScope();
  const c = community?.id;
  const compounds = useOptions(c ? `${base(c)}/compounds` : null, named);
  const squads = useOptions(c ? `${base(c)}/squads` : null, named);
  const grids = useOptions(c ? `${base(c)}/grids` : null, named);
  return { compounds: compounds.options, squads: squads.options, grids: grids.options };
}

/** A date range filter (from–to, both included) as two 'YYYY-MM-DD' strings. */
export function DateRange({
  from,
  to,
  onChange,
}: {
  from?: string;
  to?: string;
  onChange: (from: string | undefined, to: string | undefined) => void;
}) {
  const { t } = useTranslation();
  return (
    <DatePicker.RangePicker
      aria-label={t('vol.period')}
      placeholder={[t('vol.from'), t('vol.to')]}
      value={from && to ? [dayjs(from), dayjs(to)] : null}
      onChange={(v) => onChange(v?.[0]?.format('YYYY-MM-DD'), v?.[1]?.format('YYYY-MM-DD'))}
      allowClear
    />
  );
}

const tones = {
  ok: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  wait: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  warn: { color: '#613400', background: '#fffbe6', borderColor: '#ffd666' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  off: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;
export type Tone = keyof typeof tones;
const marks: Record<Tone, string> = { ok: '✓', wait: '…', warn: '⚠', bad: '✕', off: '–' };

/** A state as a tag with a mark and a word (never colour alone), in colours that pass AA. */
export function StateTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <Tag style={tones[tone]}>
      <span aria-hidden>{marks[tone]} </span>
      {children}
    </Tag>
  );
}

/** Hours from minutes, to one decimal. */
export const hours = (minutes: number) => Math.round(minutes / 6) / 10;

/** Today in China time, 'YYYY-MM-DD'. */
export const today = () => dayjs().format('YYYY-MM-DD');
