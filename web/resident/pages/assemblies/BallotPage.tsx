import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, ProgressBar } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { post } from '../../../shared/api';
import { fileUrl } from '../../../shared/upload';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { motionChoices, type MotionChoice, type MyAssembly, type MyBallot, type MyVoter } from './model';
import { AttachmentList, choiceWords, myAssemblyKey, ReceiptHash, useMyAssembly } from './parts';

/**
 * 投票: one matter per screen, for an owner who may be 80 and reading in large text. Choose with a
 * big button (the word, not a colour, says what it means), confirm, then keep the receipt. Voting
 * again is allowed; the screen says plainly that the last ballot is the one that counts.
 */

type Matter = MyAssembly['matters'][number];
type Step = 'choose' | 'confirm' | 'done';

const icons: Record<MotionChoice, string> = { yes: '✓', no: '✗', abstain: '○' };

/** A key per submission, so a retry after a dropped connection records one ballot, not two. */
function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export default function BallotPage() {
  const { t } = useTranslation();
  const { assemblyId = '', n = '1' } = useParams();
  const [params] = useSearchParams();
  const query = useMyAssembly(assemblyId);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorBlock status="default" title={query.error.message} description="" />;
  const a = query.data;
  const index = Number(n) - 1;
  const matter = a.matters[index];
  const wanted = params.get('voter');
  const voter = wanted
    ? a.voters.find((v) => v.voter === wanted)
    : a.voters.length === 1
      ? a.voters[0]
      : undefined;
  const back = (
    <p className="links">
      <Link to={`/assemblies/${a.id}`}>{t('assembly.back')}</Link>
    </p>
  );
  if (!matter || !voter || a.status !== 'voting')
    return (
      <div className="page assembly">
        <h1 className="page-title">{a.title}</h1>
        <p className="status-bad">
          {a.status !== 'voting'
            ? t('assembly.notOpen')
            : !voter
              ? t(a.voters.length > 1 ? 'assembly.pickVoter' : 'assembly.notVoter')
              : t('assembly.noMatter')}
        </p>
        {back}
      </div>
    );
  return (
    <MatterBallot key={`${matter.id}:${voter.voter}`} a={a} matter={matter} index={index} voter={voter} />
  );
}

function MatterBallot({
  a,
  matter,
  index,
  voter,
}: {
  a: MyAssembly;
  matter: Matter;
  index: number;
  voter: MyVoter;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { busy, error, run } = useSubmit();
  const [step, setStep] = useState<Step>('choose');
  const [choice, setChoice] = useState<MotionChoice | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [key, setKey] = useState('');
  const [cast, setCast] = useState<MyBallot | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The ballot that counts so far, as the page opened: a second vote replaces it.
  const [earlier] = useState(() =>
    a.ballots.find((b) => b.matterId === matter.id && b.voter === voter.voter && b.counted),
  );
  const several = a.voters.length > 1;
  const total = a.matters.length;
  const election = matter.kind === 'election';
  const seats = matter.seats ?? 0;
  const voterQuery = several ? `?voter=${encodeURIComponent(voter.voter)}` : '';

  // Each step starts at its heading, for eyes and for screen readers alike.
  useEffect(() => {
    window.scrollTo(0, 0);
    heading.current?.focus();
  }, [step]);

  function confirm(next: MotionChoice | null) {
    setChoice(next);
    setKey(newKey());
    setStep('confirm');
  }

  const submit = () =>
    run(async () => {
      const ballot = await post<MyBallot>(`/me/assemblies/${a.id}/matters/${matter.id}/ballots`, {
        ...(election ? { choices: picked } : { choice }),
        ...(several ? { voter: voter.voter } : {}),
        idempotencyKey: key,
      });
      setCast(ballot);
      setStep('done');
      await queryClient.invalidateQueries({ queryKey: myAssemblyKey(a.id) });
    });

  const chosenWords = election
    ? choiceWords(t, { choices: picked }, matter.candidates)
    : choiceWords(t, { choice });

  return (
    <div className="page assembly ballot">
      <div className="ballot-progress">
        <p className="big-line">{t('assembly.progress', { n: index + 1, total })}</p>
        <ProgressBar percent={((index + 1) / total) * 100} aria-hidden />
        {several && <p>{t('assembly.votingFor', { rooms: voter.rooms.join('、') })}</p>}
      </div>

      {step === 'choose' && (
        <>
          <h1 className="page-title" ref={heading} tabIndex={-1}>
            {matter.title}
          </h1>
          <p className="kind-line">{t(`assembly.kind.${matter.kind}`, { seats })}</p>
          {matter.description && <p className="prose">{matter.description}</p>}
          <AttachmentList
            communityId={a.communityId}
            attachments={matter.attachments}
            headingId="attachments-title"
          />
          {earlier && (
            <p className="notice-line" role="note">
              {t('assembly.alreadyVoted', { choice: choiceWords(t, earlier, matter.candidates) })}
            </p>
          )}
          {election ? (
            <CandidatePicker
              a={a}
              matter={matter}
              picked={picked}
              onChange={setPicked}
              onNext={() => confirm(null)}
            />
          ) : (
            <div className="choice-buttons" role="group" aria-label={t('assembly.chooseTitle')}>
              <h2>{t('assembly.chooseTitle')}</h2>
              {motionChoices.map((c) => (
                <button
                  key={c}
                  type="button"
                  className={`choice-button choice-${c}`}
                  onClick={() => confirm(c)}
                >
                  <span className="choice-icon" aria-hidden>
                    {icons[c]}
                  </span>
                  {t(`assembly.choice.${c}`)}
                </button>
              ))}
            </div>
          )}
        </>
      )}

      {step === 'confirm' && (
        <>
          <h1 className="page-title" ref={heading} tabIndex={-1}>
            {t('assembly.confirmTitle')}
          </h1>
          <Card>
            <p>{matter.title}</p>
            <p className="confirm-choice">
              {election && picked.length === 0
                ? t('assembly.noneChosen')
                : t('assembly.confirmChoice', { choice: chosenWords })}
            </p>
            {earlier && <p>{t('assembly.confirmRevote')}</p>}
          </Card>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <Button block color="primary" size="large" className="big-button" loading={busy} onClick={submit}>
            {t('assembly.submit')}
          </Button>
          <Button block size="large" className="big-button" disabled={busy} onClick={() => setStep('choose')}>
            {t('assembly.change')}
          </Button>
        </>
      )}

      {step === 'done' && cast && (
        <>
          <h1 className="page-title done-title" ref={heading} tabIndex={-1}>
            <span aria-hidden>✓ </span>
            {t('assembly.doneTitle')}
          </h1>
          <p className="big-line">
            {matter.title}：{choiceWords(t, cast, matter.candidates)}
          </p>
          {earlier && <p className="notice-line">{t('assembly.lastCounts')}</p>}
          <Card title={t('assembly.receipt')}>
            <p>{t('assembly.receiptHint')}</p>
            <ReceiptHash hash={cast.receipt} />
          </Card>
          <p className="links">
            <Link to={`/assemblies/receipts/${cast.receipt}?matter=${matter.id}`}>
              {t('assembly.checkReceipt')}
            </Link>
          </p>
          {index + 1 < total ? (
            <Button
              block
              color="primary"
              size="large"
              className="big-button"
              onClick={() => navigate(`/assemblies/${a.id}/vote/${index + 2}${voterQuery}`)}
            >
              {t('assembly.next')}
            </Button>
          ) : (
            <Button
              block
              color="primary"
              size="large"
              className="big-button"
              onClick={() => navigate(`/assemblies/${a.id}`)}
            >
              {t('assembly.finish')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}

/** 选举: candidate cards with photo and statement; up to `seats` of them, with a running count. */
function CandidatePicker({
  a,
  matter,
  picked,
  onChange,
  onNext,
}: {
  a: MyAssembly;
  matter: Matter;
  picked: string[];
  onChange: (ids: string[]) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const seats = matter.seats ?? 0;
  const full = picked.length >= seats;
  const toggle = (id: string) =>
    onChange(picked.includes(id) ? picked.filter((x) => x !== id) : full ? picked : [...picked, id]);
  const count = t('assembly.candidatesCount', { count: picked.length, seats });
  return (
    <fieldset className="candidates">
      <legend>{t('assembly.chooseUpTo', { seats })}</legend>
      <p className="running-count" aria-live="polite">
        {count}
        {full && <span className="full-note">{t('assembly.candidateFull', { seats })}</span>}
      </p>
      {matter.candidates.map((c) => {
        const on = picked.includes(c.id);
        const id = `cand-${c.id}`;
        return (
          <label key={c.id} className={`candidate${on ? ' picked' : ''}`}>
            <input
              type="checkbox"
              checked={on}
              disabled={!on && full}
              aria-labelledby={`${id}-name`}
              aria-describedby={`${id}-about`}
              onChange={() => toggle(c.id)}
            />
            {c.photoFileId ? (
              <img
                className="candidate-photo"
                src={fileUrl(a.communityId, c.photoFileId, 'thumb')}
                alt={t('assembly.photoOf', { name: c.name })}
              />
            ) : (
              <span className="candidate-photo no-photo" aria-hidden>
                {c.name.slice(0, 1)}
              </span>
            )}
            <span className="candidate-body">
              <span className="candidate-head">
                <span className="candidate-name" id={`${id}-name`}>
                  {c.name}
                </span>
                {on && (
                  <span className="candidate-mark" aria-hidden>
                    {t('assembly.pickedMark')}
                  </span>
                )}
              </span>
              <span id={`${id}-about`}>
                <span className="candidate-nomination">
                  {t(`assembly.nomination.${c.nomination}`, { org: c.organisation ?? '' })}
                </span>
                <span className="candidate-statement">{c.statement}</span>
              </span>
            </span>
          </label>
        );
      })}
      <p className="running-count">{count}</p>
      <Button block color="primary" size="large" className="big-button" onClick={onNext}>
        {t('assembly.toConfirm')}
      </Button>
    </fieldset>
  );
}
