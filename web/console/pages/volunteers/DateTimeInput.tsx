import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A date and time as epoch ms, for forms whose API takes times (an activity's start and end). */
export function DateTimeInput({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number | null;
  onChange?: (value: number | null) => void;
}) {
  return (
    <DatePicker
      id={id}
      showTime={{ format: 'HH:mm', minuteStep: 5 }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      value={value ? dayjs(value) : null}
      onChange={(v) => onChange?.(v ? v.valueOf() : null)}
    />
  );
}
