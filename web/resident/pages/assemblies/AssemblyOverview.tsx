import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, List, Radio, Space, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText, post } from '../../../shared/api';
import { formatArea } from '../../../shared/format';
import { Loading } from '../../App';
import type { MyAssembly, MyVoter } from './model';
import { AttachmentList, choiceWords, myAssemblyKey, StatusText, useMyAssembly, useWhen } from './parts';

/** The ballot to resume for a voter: the first matter they have not voted on yet, else the first. */
function firstOpen(a: MyAssembly, voter: MyVoter) {
  const index = a.matters.findIndex(
    (m) => !a.ballots.some((b) => b.matterId === m.id && b.voter === voter.voter),
  );
  return index < 0 ? 1 : index + 1;
}

/** One assembly as an owner sees it: what is decided, when, for which rooms I vote, and my votes. */
export default function AssemblyOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const when = useWhen();
  const { assemblyId = '' } = useParams();
  const query = useMyAssembly(assemblyId);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorBlock status="default" title={query.error.message} description="" />;
  const a = query.data;
  const several = a.voters.length > 1;
  const voteLink = (v: MyVoter) =>
    `/assemblies/${a.id}/vote/${firstOpen(a, v)}${several ? `?voter=${encodeURIComponent(v.voter)}` : ''}`;
  const counted = (matterId: string, voter: string) =>
    a.ballots.find((b) => b.matterId === matterId && b.voter === voter && b.counted);

  return (
    <div className="page assembly">
      <h1 className="page-title">{a.title}</h1>
      <p className="big-line">
        {a.compoundName} · <StatusText status={a.status} />
      </p>
      <p>{t('assembly.window', { from: when(a.votingStartsAt), to: when(a.votingEndsAt) })}</p>
      {a.extensionReason && a.originalEndsAt !== null && (
        <p className="notice-line">
          {t('assembly.extended', { original: when(a.originalEndsAt), reason: a.extensionReason })}
        </p>
      )}
      {a.status === 'cancelled' && (
        <p className="status-bad">{t('assembly.cancelled', { reason: a.cancelReason ?? '' })}</p>
      )}
      {a.description && <p className="prose">{a.description}</p>}
      <p className="hint">{t('assembly.quorumHint')}</p>

      {a.status === 'voting' && a.voters.length === 0 && (
        <p className="status-bad">{t('assembly.notVoter')}</p>
      )}
      {a.voters.length > 0 && (
        <Card title={t('assembly.myRooms')}>
          {a.voters.map((v) => (
            <div key={v.voter} className="voter-block">
              <p className="big-line">
                {t('assembly.roomsArea', { rooms: v.rooms.join('、'), area: formatArea(v.areaCenti) })}
              </p>
              {!v.self && <p>{t('assembly.designated')}</p>}
              {v.self && v.delegate && <p>{t('assembly.delegated', { name: v.delegate.name })}</p>}
              {v.self && v.coOwners.length > 0 && a.status === 'voting' && (
                <Delegation assemblyId={a.id} voter={v} several={several} />
              )}
              {a.status === 'voting' && (
                <Button block color="primary" size="large" onClick={() => navigate(voteLink(v))}>
                  {several ? t('assembly.voteFor', { rooms: v.rooms.join('、') }) : t('assembly.start')}
                </Button>
              )}
            </div>
          ))}
        </Card>
      )}

      <List header={t('assembly.matters')}>
        {a.matters.map((m, i) => (
          <List.Item
            key={m.id}
            description={
              <>
                {t(`assembly.kindShort.${m.kind}`)}
                {a.voters.map((v) => {
                  const ballot = counted(m.id, v.voter);
                  return (
                    <span key={v.voter} className="matter-mine">
                      {several ? `${v.rooms.join('、')}：` : ''}
                      {ballot
                        ? t('assembly.voted', { choice: choiceWords(t, ballot, m.candidates) })
                        : t('assembly.notVoted')}
                    </span>
                  );
                })}
              </>
            }
          >
            {t('assembly.matterNo', { n: i + 1 })} {m.title}
          </List.Item>
        ))}
      </List>

      {a.matters.map((m, i) => (
        <AttachmentList
          key={m.id}
          communityId={a.communityId}
          attachments={m.attachments}
          headingId={`attachments-${m.id}`}
          title={t('assembly.attachmentsOf', { n: i + 1 })}
        />
      ))}

      {a.matters
        .filter((m) => m.candidacyOpen || m.myCandidacy)
        .map((m) => (
          <Card key={m.id} title={t('assembly.candidacy.cardTitle')} className="candidacy-card">
            <p>{m.title}</p>
            {m.myCandidacy && (
              <p className="big-line">{t(`assembly.candidacy.status.${m.myCandidacy.status}`)}</p>
            )}
            {!m.myCandidacy && <p>{t('assembly.candidacy.invite')}</p>}
            <Button
              block
              size="large"
              color={m.myCandidacy ? 'default' : 'primary'}
              onClick={() => navigate(`/assemblies/${a.id}/candidacy/${m.id}`)}
            >
              {m.myCandidacy ? t('assembly.candidacy.see') : t('assembly.candidacy.start')}
            </Button>
          </Card>
        ))}

      {(a.status === 'published' || a.status === 'archived') && (
        <Button block color="primary" size="large" onClick={() => navigate(`/assemblies/${a.id}/results`)}>
          {t('assembly.seeResults')}
        </Button>
      )}
      <p className="links">
        <Link to="/assemblies/receipts">{t('assembly.checkReceipt')}</Link>
      </p>
    </div>
  );
}

/**
 * 委托共有人: the voter for a home owned jointly may let one co-owner vote online too; either may
 * vote, and the last ballot counts.
 */
function Delegation({
  assemblyId,
  voter,
  several,
}: {
  assemblyId: string;
  voter: MyVoter;
  several: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const choose = async (value: string | number) => {
    try {
      await post(`/me/assemblies/${assemblyId}/delegate`, {
        ...(several ? { voter: voter.voter } : {}),
        personId: value === '' ? null : String(value),
      });
      await queryClient.invalidateQueries({ queryKey: myAssemblyKey(assemblyId) });
      Toast.show({ content: t('common.saved') });
    } catch (err) {
      Toast.show({ content: errorText(err, t) });
    }
  };
  const name = `delegate-${voter.voter}`;
  return (
    <div className="delegation" role="radiogroup" aria-labelledby={`${name}-label`}>
      <p id={`${name}-label`}>{t('assembly.delegateHint')}</p>
      <Radio.Group value={voter.delegate?.personId ?? ''} onChange={(value) => void choose(value)}>
        <Space direction="vertical">
          <Radio value="">{t('assembly.delegateNone')}</Radio>
          {voter.coOwners.map((c) => (
            <Radio key={c.personId} value={c.personId}>
              {c.name}
            </Radio>
          ))}
        </Space>
      </Radio.Group>
    </div>
  );
}
