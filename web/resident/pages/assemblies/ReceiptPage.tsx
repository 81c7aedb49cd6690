import { useQuery } from '@tanstack/react-query';
import { Button, Card, Form, TextArea } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorText, get } from '../../../shared/api';
import { Loading } from '../../App';
import { receiptPattern, type Receipt, type ReceiptCheck } from './model';
import { choiceWords, useMyAssembly, useWhen } from './parts';

/** 核对回执: is my ballot in the chain, is the chain intact, is it the ballot that counts. */
export default function ReceiptPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { hash = '' } = useParams();
  // The ballot page names the matter: the same hash may open two chains (see me.ts).
  const matterId = useSearchParams()[0].get('matter');
  const wanted = hash.trim().toLowerCase();
  const valid = receiptPattern.test(wanted);
  const check = useQuery({
    queryKey: ['receipt', wanted, matterId],
    enabled: valid,
    retry: false,
    queryFn: () =>
      get<ReceiptCheck>(
        `/me/receipts/${wanted}${matterId ? `?matterId=${encodeURIComponent(matterId)}` : ''}`,
      ),
  });

  return (
    <div className="page assembly">
      <h1 className="page-title">{t('assembly.checkTitle')}</h1>
      <p>{t('assembly.checkIntro')}</p>
      <Form
        name="receipt"
        layout="vertical"
        initialValues={{ receipt: hash }}
        onFinish={(v: { receipt: string }) =>
          navigate(`/assemblies/receipts/${encodeURIComponent(v.receipt.trim().toLowerCase())}`)
        }
        footer={
          <Button block type="submit" color="primary" size="large">
            {t('assembly.checkButton')}
          </Button>
        }
      >
        <Form.Item
          name="receipt"
          label={t('assembly.checkInput')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: /^\s*[0-9a-fA-F]{64}\s*$/, message: t('assembly.checkBadFormat') },
          ]}
        >
          <TextArea autoSize={{ minRows: 2, maxRows: 4 }} autoComplete="off" />
        </Form.Item>
      </Form>
      {hash && !valid && <p className="status-bad">{t('assembly.checkBadFormat')}</p>}
      {check.isFetching && <Loading />}
      {check.isError && (
        <p className="status-bad" role="alert">
          {check.error instanceof ApiError && check.error.status === 404
            ? t('assembly.checkNotFound')
            : errorText(check.error, t)}
        </p>
      )}
      {check.data?.ballots.map((r) => (
        <Verdict key={`${r.matterId}:${r.seq}`} receipt={r} />
      ))}
    </div>
  );
}

function Verdict({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const when = useWhen();
  const assembly = useMyAssembly(receipt.assemblyId);
  const candidates = assembly.data?.matters.find((m) => m.id === receipt.matterId)?.candidates ?? [];
  // ✓ and ✗ for what is right or wrong; a replaced ballot is neither, just not the one that counts.
  const line = (state: 'ok' | 'bad' | 'note', text: string) => (
    <li className={state === 'bad' ? 'unmet' : 'met'}>
      <span aria-hidden>{{ ok: '✓ ', bad: '✗ ', note: '↻ ' }[state]}</span>
      {text}
    </li>
  );
  return (
    <Card title={receipt.matterTitle}>
      <section role="status" aria-live="polite">
        <p>{receipt.assemblyTitle}</p>
        <ul className="checks verdict">
          {line('ok', t('assembly.checkFound'))}
          {line(
            receipt.chainIntact ? 'ok' : 'bad',
            t(receipt.chainIntact ? 'assembly.chainIntact' : 'assembly.chainBroken'),
          )}
          {line(
            receipt.counted ? 'ok' : 'note',
            t(receipt.counted ? 'assembly.counted' : 'assembly.superseded'),
          )}
        </ul>
        <p>
          {t('assembly.yourChoice')}
          {choiceWords(t, receipt, candidates)}
        </p>
        <p>
          {t('assembly.castAt')}
          {when(receipt.castAt)} · {t(`assembly.channel.${receipt.channel}`)}
        </p>
      </section>
    </Card>
  );
}
