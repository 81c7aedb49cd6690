import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, type Page } from '../../../shared/api';
import { Loading } from '../../App';
import type { Assembly } from './model';
import { StatusText, useWhen } from './parts';

/** The assemblies of the compounds where I own a home, newest first. */
export default function AssemblyList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const when = useWhen();
  const list = useQuery({
    queryKey: ['my-assemblies'],
    queryFn: () => get<Page<Assembly>>('/me/assemblies?pageSize=50'),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorBlock status="default" title={list.error.message} description="" />;
  return (
    <div className="page">
      <h1 className="page-title">{t('assembly.listTitle')}</h1>
      {list.data.items.length === 0 ? (
        <p>{t('assembly.empty')}</p>
      ) : (
        <List>
          {list.data.items.map((a) => (
            <List.Item
              key={a.id}
              onClick={() => navigate(`/assemblies/${a.id}`)}
              description={
                <>
                  <StatusText status={a.status} /> ·{' '}
                  {t('assembly.window', { from: when(a.votingStartsAt), to: when(a.votingEndsAt) })}
                </>
              }
            >
              {a.title}
            </List.Item>
          ))}
        </List>
      )}
      <p className="links">
        <Link to="/assemblies/receipts">{t('assembly.checkReceipt')}</Link>
      </p>
    </div>
  );
}
