import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, ErrorBlock, Form, ProgressBar, TextArea } from 'antd-mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText, post } from '../../../shared/api';
import { fileUrl, uploadFile } from '../../../shared/upload';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import type { MyAssembly, MyCandidacy } from './model';
import { myAssemblyKey, useMyAssembly, useWhen } from './parts';

/**
 * 自荐参选业委会: an owner puts themselves forward for the owners' committee while the candidate
 * list is open, with a statement and (if they wish) a photo; organisers check it before the list is
 * published. Once sent, the screen shows where it stands instead of the form.
 */

type Election = MyAssembly['matters'][number];

/** How long a statement may be (the API's limit). */
const statementMax = 2000;

const live = (c: MyCandidacy | null): c is MyCandidacy =>
  !!c && (c.status === 'pending' || c.status === 'approved');

export default function CandidacyPage() {
  const { t } = useTranslation();
  const { assemblyId = '', matterId = '' } = useParams();
  const query = useMyAssembly(assemblyId);
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorBlock status="default" title={query.error.message} description="" />;
  const a = query.data;
  const m = a.matters.find((x) => x.id === matterId && x.kind === 'election');
  const back = (
    <p className="links">
      <Link to={`/assemblies/${a.id}`}>{t('assembly.back')}</Link>
    </p>
  );
  return (
    <div className="page assembly candidacy">
      <h1 className="page-title">{t('assembly.candidacy.title')}</h1>
      {m && <p className="big-line">{m.title}</p>}
      {!m ? (
        <p className="status-bad">{t('assembly.noMatter')}</p>
      ) : live(m.myCandidacy) ? (
        <Standing a={a} candidacy={m.myCandidacy} />
      ) : m.candidacyOpen ? (
        <CandidacyForm a={a} m={m} />
      ) : (
        <p className="status-bad">{t('assembly.candidacy.closed')}</p>
      )}
      {back}
    </div>
  );
}

/** My candidacy as it stands: waiting for the organisers, or on the list. */
function Standing({ a, candidacy }: { a: MyAssembly; candidacy: MyCandidacy }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <Card title={t(`assembly.candidacy.status.${candidacy.status}`)}>
      <p>{t('assembly.candidacy.sentAt', { at: when(candidacy.createdAt) })}</p>
      {candidacy.photoFileId && (
        <img
          className="candidate-photo"
          src={fileUrl(a.communityId, candidacy.photoFileId, 'thumb')}
          alt={t('assembly.candidacy.myPhoto')}
        />
      )}
      <h2>{t('assembly.candidacy.statement')}</h2>
      <p className="prose">{candidacy.statement}</p>
    </Card>
  );
}

function CandidacyForm({ a, m }: { a: MyAssembly; m: Election }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { busy, error, run } = useSubmit();
  const [form] = Form.useForm<{ statement: string }>();
  const [photo, setPhoto] = useState<string | null>(null);
  const submit = ({ statement }: { statement: string }) =>
    run(async () => {
      await post(`/me/assemblies/${a.id}/matters/${m.id}/candidacy`, { statement, photoFileId: photo });
      // The page then shows the candidacy as it stands, read back from the server.
      await queryClient.invalidateQueries({ queryKey: myAssemblyKey(a.id) });
    });
  return (
    <>
      <p>{t('assembly.candidacy.intro', { seats: m.seats ?? 0 })}</p>
      <p className="hint">{t('assembly.candidacy.review')}</p>
      {m.myCandidacy && (
        <p className="notice-line">{t(`assembly.candidacy.status.${m.myCandidacy.status}`)}</p>
      )}
      <Form form={form} name="candidacy" layout="vertical" onFinish={submit}>
        <Form.Item
          name="statement"
          label={t('assembly.candidacy.statement')}
          description={t('assembly.candidacy.statementHint')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <TextArea rows={6} maxLength={statementMax} showCount />
        </Form.Item>
      </Form>
      <PhotoInput communityId={a.communityId} value={photo} onChange={setPhoto} />
      <Button
        block
        color="primary"
        size="large"
        className="big-button"
        loading={busy}
        onClick={() => form.submit()}
      >
        {t('assembly.candidacy.submit')}
      </Button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * One portrait: chosen from the album or taken with the camera, uploaded at once with progress, shown
 * small, removable. A file over the server's limit is refused before it is sent (shared/upload.ts).
 */
function PhotoInput({
  communityId,
  value,
  onChange,
}: {
  communityId: string;
  value: string | null;
  onChange: (fileId: string | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function chosen(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      onChange((await uploadFile(communityId, file, setProgress)).id);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setProgress(null);
    }
  }
  return (
    <fieldset className="photo-field">
      <legend>{t('assembly.candidacy.photo')}</legend>
      <p className="hint">{t('assembly.candidacy.photoHint')}</p>
      {value && (
        <div className="photo-chosen">
          <img
            className="candidate-photo"
            src={fileUrl(communityId, value, 'thumb')}
            alt={t('assembly.candidacy.myPhoto')}
          />
          <Button size="large" fill="outline" onClick={() => onChange(null)}>
            {t('assembly.candidacy.removePhoto')}
          </Button>
        </div>
      )}
      {progress !== null && (
        <div role="status">
          <span>{t('assembly.candidacy.uploading')}</span>
          <ProgressBar percent={Math.round(progress * 100)} aria-hidden />
        </div>
      )}
      <input
        id={id}
        className="file-input-hidden"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        onChange={(e) => void chosen(e.target)}
      />
      <label htmlFor={id} className="file-button">
        {value ? t('assembly.candidacy.changePhoto') : t('assembly.candidacy.choosePhoto')}
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
