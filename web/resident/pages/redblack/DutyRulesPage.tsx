import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Switch, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { ChoiceList } from '../surveys/ChoiceList';
import { dutyRuleKeys, type MyRuleSet } from './data';
import '../conventions/conventions.css';

/**
 * 九不准: the duty rules of the owner committees where I live or serve. A member acknowledges them
 * (我已阅读并承诺遵守); anyone living there may report a breach, anonymously if they wish.
 */
export default function DutyRulesPage() {
  const { t } = useTranslation();
  const sets = useQuery({
    queryKey: dutyRuleKeys.all,
    queryFn: () => get<{ items: MyRuleSet[] }>('/me/duty-rules'),
  });
  return (
    <div className="page convention-page">
      <h1 className="page-title">{t('dutyRules.title')}</h1>
      {sets.isPending ? (
        <Loading />
      ) : sets.isError ? (
        <p className="form-error">{errorText(sets.error, t)}</p>
      ) : sets.data.items.length === 0 ? (
        <p className="empty-note">{t('dutyRules.none')}</p>
      ) : (
        sets.data.items.map((s) => <RuleSetCard key={s.id} s={s} />)
      )}
    </div>
  );
}

function RuleSetCard({ s }: { s: MyRuleSet }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);

  async function acknowledge() {
    const ok = await Dialog.confirm({
      title: t('dutyRules.ackConfirmTitle'),
      content: t('dutyRules.ackConfirmText', { count: s.rules.length }),
      confirmText: t('dutyRules.ackYes'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/me/duty-rules/${s.id}/ack`);
      await queryClient.invalidateQueries({ queryKey: dutyRuleKeys.all });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="convention-box" aria-labelledby={`rules-${s.id}`}>
      <h2 id={`rules-${s.id}`} className="box-title">
        {s.compoundName} · {s.title}
      </h2>
      <ol className="duty-rule-list">
        {s.rules.map((rule, i) => (
          <li key={i}>{rule}</li>
        ))}
      </ol>
      {s.member &&
        (s.acknowledgedAt ? (
          <p className="big-line" role="status">
            ✓ {t('dutyRules.acknowledgedAt', { at: formatDateTime(s.acknowledgedAt, i18n.language) })}
          </p>
        ) : (
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block color="primary" size="large" loading={busy} onClick={() => void acknowledge()}>
              {t('dutyRules.acknowledge')}
            </Button>
          </>
        ))}
      {reporting ? (
        <ReportForm s={s} onDone={() => setReporting(false)} />
      ) : (
        <Button block size="large" onClick={() => setReporting(true)}>
          {t('dutyRules.report')}
        </Button>
      )}
    </section>
  );
}

/** Committee positions the organisations module records (chair 主任, vice_chair 副主任, member 委员). */
const positions = ['chair', 'vice_chair', 'member'];

/** 举报: which rule, which member (if known), what happened; anonymous keeps no trace of me. */
function ReportForm({ s, onDone }: { s: MyRuleSet; onDone: () => void }) {
  const { t } = useTranslation();
  const [ruleIndex, setRuleIndex] = useState<number | null>(null);
  const [memberPersonId, setMember] = useState<string>('');
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `report-${s.id}`;

  async function send() {
    if (ruleIndex === null) return setError(t('dutyRules.pickRule'));
    if (!text.trim()) return setError(t('dutyRules.writeReport'));
    setBusy(true);
    setError(null);
    try {
      await post(`/me/duty-rules/${s.id}/reports`, {
        ruleIndex,
        ...(memberPersonId ? { memberPersonId } : {}),
        text: text.trim(),
        anonymous,
      });
      Toast.show({ content: t('dutyRules.reportSent') });
      onDone();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="opinion-form">
      <fieldset className="stance-choice">
        <legend>{t('dutyRules.whichRule')}</legend>
        <ChoiceList
          label={t('dutyRules.whichRule')}
          value={ruleIndex === null ? [] : [String(ruleIndex)]}
          onChange={(v) => setRuleIndex(v[0] ? Number(v[0]) : null)}
          choices={s.rules.map((rule, i) => ({ value: String(i + 1), label: `${i + 1}. ${rule}` }))}
        />
      </fieldset>
      {s.members.length > 0 && (
        <fieldset className="stance-choice">
          <legend>{t('dutyRules.whichMember')}</legend>
          <ChoiceList
            label={t('dutyRules.whichMember')}
            value={[memberPersonId]}
            onChange={(v) => setMember(v[0] ?? '')}
            choices={[
              { value: '', label: t('dutyRules.memberUnknown') },
              ...s.members.map((m) => ({
                value: m.personId,
                label: `${m.name} · ${positions.includes(m.position) ? t(`dutyRules.position.${m.position}`) : m.position}`,
              })),
            ]}
          />
        </fieldset>
      )}
      <label htmlFor={id} className="opinion-label">
        {t('dutyRules.reportText')}
      </label>
      <TextArea id={id} value={text} onChange={setText} rows={4} maxLength={2000} showCount />
      <label className="switch-line">
        <Switch checked={anonymous} onChange={setAnonymous} aria-label={t('dutyRules.anonymous')} />
        <span aria-hidden>{t('dutyRules.anonymous')}</span>
      </label>
      <p className="hint">{t(anonymous ? 'dutyRules.anonymousHint' : 'dutyRules.namedHint')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button block color="primary" size="large" loading={busy} onClick={() => void send()}>
        {t('dutyRules.sendReport')}
      </Button>
      <Button block size="large" onClick={onDone}>
        {t('common.cancel')}
      </Button>
    </div>
  );
}
