import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorText } from '../../../shared/api';
import { kindName, type MyRectification } from '../../../shared/notices';
import { Loading } from '../../App';
import { rectificationKeys, useNoticeEvents, usePages } from './data';
import { DeadlineText, RectificationStateText } from './parts';
import '../orders/orders.css';
import './notices.css';

/** 整改告知书: the notices my households were sent, newest first, each with its state and deadline. */
export default function RectificationListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  useNoticeEvents();
  const { list, items } = usePages<MyRectification>([...rectificationKeys.all, 'list'], '/me/rectifications');
  return (
    <div className="page">
      <h1 className="page-title">{t('rectifications.title')}</h1>
      <p>{t('rectifications.intro')}</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <p className="form-error">{errorText(list.error, t)}</p>
      ) : items.length === 0 ? (
        <p className="empty-note">{t('rectifications.empty')}</p>
      ) : (
        <ul className="notice-list" aria-label={t('rectifications.title')}>
          {items.map((n) => (
            <li key={n.id}>
              <button
                type="button"
                className="notice-row"
                onClick={() => navigate(`/rectifications/${n.id}`)}
              >
                <span className="notice-meta">
                  <RectificationStateText state={n.state} />
                  <span>{t('rectifications.number', { kind: kindName(n, i18n.language), seq: n.seq })}</span>
                </span>
                <span className="notice-row-title">{n.campaignTitle}</span>
                <span className="notice-row-excerpt">{n.placeName}</span>
                <span className="notice-row-excerpt">
                  <DeadlineText notice={n} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <Button
          block
          size="large"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('notices.loadMore')}
        </Button>
      )}
    </div>
  );
}
