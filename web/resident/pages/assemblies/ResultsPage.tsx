import { useQuery } from '@tanstack/react-query';
import { Card, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../../shared/api';
import { Loading } from '../../App';
import { favourable, type MatterResult, type Results } from './model';
import { choiceWords, useMyAssembly, useWhen } from './parts';

/**
 * 结果公示: per matter the figures, each Civil Code threshold in plain words with ✓ or ✗, the rooms
 * that took part (not how they voted, unless the compound's rules make votes public), the final hash.
 */
export default function ResultsPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const { assemblyId = '' } = useParams();
  const assembly = useMyAssembly(assemblyId);
  const results = useQuery({
    queryKey: ['my-assembly-results', assemblyId],
    queryFn: () => get<Results>(`/me/assemblies/${assemblyId}/results`),
  });
  if (results.isPending || assembly.isPending) return <Loading />;
  if (results.isError) return <ErrorBlock status="default" title={results.error.message} description="" />;
  const first = results.data.matters[0];
  return (
    <div className="page assembly">
      <h1 className="page-title">{t('assembly.resultsTitle')}</h1>
      {assembly.data && <p className="big-line">{assembly.data.title}</p>}
      {results.data.publishedAt !== null && (
        <p>{t('assembly.publishedAt', { at: when(results.data.publishedAt) })}</p>
      )}
      {first && (
        <p>{t('assembly.totals', { area: first.figures.totalArea, heads: first.figures.totalHeads })}</p>
      )}
      {results.data.matters.map((r, i) => (
        <MatterResultCard key={r.matterId} r={r} n={i + 1} />
      ))}
      <p className="links">
        <Link to={`/assemblies/${assemblyId}`}>{t('assembly.back')}</Link>
      </p>
    </div>
  );
}

function MatterResultCard({ r, n }: { r: MatterResult; n: number }) {
  const { t } = useTranslation();
  const titleId = `result-${r.matterId}`;
  const rows = [
    {
      key: 'participating',
      label: t('assembly.participating'),
      area: r.figures.participatingArea,
      heads: r.figures.participatingHeads,
    },
    ...(r.yes && r.no && r.abstain
      ? [
          { key: 'yes', label: t('assembly.choice.yes'), area: r.yes.area, heads: r.yes.heads },
          { key: 'no', label: t('assembly.choice.no'), area: r.no.area, heads: r.no.heads },
          {
            key: 'abstain',
            label: t('assembly.choice.abstain'),
            area: r.abstain.area,
            heads: r.abstain.heads,
          },
        ]
      : []),
  ];
  return (
    <Card>
      <section aria-labelledby={titleId} className="result">
        <h2 id={titleId}>
          {t('assembly.matterNo', { n })} {r.title}
        </h2>
        <p className="hint">
          {r.itemName} · {t(`assembly.kindShort.${r.kind}`)}
        </p>
        <p className={`outcome ${favourable(r) ? 'outcome-good' : 'outcome-bad'}`}>
          <span aria-hidden>{favourable(r) ? '✓ ' : '✗ '}</span>
          {r.outcomeText}
        </p>
        <table className="figures">
          <caption>{t('assembly.figuresCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assembly.figure')}</th>
              <th scope="col">{t('assembly.areaM2')}</th>
              <th scope="col">{t('assembly.heads')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td>{row.area}</td>
                <td>{row.heads}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('assembly.thresholds')}</h3>
        <ul className="checks">
          {r.checks.map((c) => (
            <li key={c.key} className={c.met ? 'met' : 'unmet'}>
              {c.text}
            </li>
          ))}
        </ul>
        {r.candidates.length > 0 && (
          <table className="figures">
            <caption>{t('assembly.candidatesCaption', { seats: r.seats ?? 0 })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assembly.candidate')}</th>
                <th scope="col">{t('assembly.heads')}</th>
                <th scope="col">{t('assembly.areaM2')}</th>
              </tr>
            </thead>
            <tbody>
              {r.candidates.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    {c.elected ? ` ${t('assembly.electedMark')}` : ''}
                  </th>
                  <td>{c.heads}</td>
                  <td>{c.area}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>{t('assembly.finalHash', { count: r.ballotCount })}</h3>
        <code className="receipt-full">{r.finalHash || t('assembly.noBallots')}</code>
        <details className="rooms">
          <summary>{t('assembly.rooms', { count: r.participatingRooms.length })}</summary>
          <p className="hint">{r.votes ? t('assembly.votesPublic') : t('assembly.roomsHint')}</p>
          <p>
            {r.votes
              ? r.votes.map((v) => `${v.room}：${choiceWords(t, v, r.candidates)}`).join('；')
              : r.participatingRooms.join('、') || t('common.none')}
          </p>
        </details>
      </section>
    </Card>
  );
}
