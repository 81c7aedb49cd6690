import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import type { Appeal } from '../conventions/model';
import { DecisionList } from './DecisionList';
import { ListText } from './parts';

/**
 * 申诉: households' appeals against their red/black entries, open ones first with how long they have
 * waited: every appeal gets a decision with reasons, and an upheld one takes the entry off the list.
 */
export default function AppealsPage() {
  const { i18n } = useTranslation();
  return (
    <DecisionList<Appeal>
      title="menu.redBlackAppeals"
      resource="red-black-appeals"
      decideTitle="redBlack.appeal.decideTitle"
      fields={[
        {
          key: 'entryTitle',
          label: 'redBlack.appeal.entry',
          render: (a) => (
            <span>
              <ListText list={a.list} /> {a.entryTitle}
            </span>
          ),
        },
        { key: 'householdName', label: 'redBlack.household' },
        { key: 'text', label: 'redBlack.appeal.text' },
        {
          key: 'createdAt',
          label: 'redBlack.appeal.filedAt',
          render: (a) => formatDateTime(a.createdAt, i18n.language),
        },
      ]}
    />
  );
}
