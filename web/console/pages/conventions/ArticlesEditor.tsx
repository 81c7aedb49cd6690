import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../../shared/api';
import type { Article, ConventionDetail } from './model';

interface Draft {
  key: number;
  title: string;
  text: string;
}
let keySeq = 0;

/**
 * 条款: the convention's numbered articles as of its latest version. Saving makes a new version (with
 * a note saying what changed), so every earlier text stays and can be compared; numbers follow the
 * order on screen. Read-only once adopted.
 */
export function ArticlesEditor({
  convention,
  articles,
  editable,
}: {
  convention: ConventionDetail;
  articles: Article[];
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    articles.map((a) => ({ key: ++keySeq, title: a.title ?? '', text: a.text })),
  );
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: number, patch: Partial<Draft>) =>
    setDrafts((old) => old.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const move = (i: number, by: -1 | 1) =>
    setDrafts((old) => {
      const next = [...old];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      return next;
    });

  async function save() {
    setSaving(true);
    setError(null);
    try {
      await post(`/communities/${convention.communityId}/conventions/${convention.id}/versions`, {
        articles: drafts.map((d, i) => ({
          number: i + 1,
          ...(d.title.trim() ? { title: d.title.trim() } : {}),
          text: d.text,
        })),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote('');
      message.success(t('conventions.text.saved'));
      await queryClient.invalidateQueries({ queryKey: ['convention', convention.id] });
      await queryClient.invalidateQueries({ queryKey: ['list'] });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="articles-editor">
      {!editable && <Alert type="info" showIcon title={t('conventions.text.locked')} />}
      {drafts.length === 0 && <Typography.Paragraph>{t('conventions.text.empty')}</Typography.Paragraph>}
      <ol className="article-list" aria-label={t('conventions.text.articles')}>
        {drafts.map((d, i) => {
          const name = t('conventions.article', { n: i + 1 });
          return (
            <li key={d.key}>
              <Card
                size="small"
                title={name}
                extra={
                  editable && (
                    <Space wrap>
                      <Button
                        size="small"
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                        aria-label={t('conventions.text.up', { n: i + 1 })}
                      >
                        ↑
                      </Button>
                      <Button
                        size="small"
                        disabled={i === drafts.length - 1}
                        onClick={() => move(i, 1)}
                        aria-label={t('conventions.text.down', { n: i + 1 })}
                      >
                        ↓
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => setDrafts((old) => old.filter((x) => x.key !== d.key))}
                        aria-label={t('conventions.text.remove', { n: i + 1 })}
                      >
                        {t('conventions.text.removeShort')}
                      </Button>
                    </Space>
                  )
                }
              >
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input
                    aria-label={`${name} ${t('conventions.text.title')}`}
                    placeholder={t('conventions.text.titlePlaceholder')}
                    value={d.title}
                    disabled={!editable}
                    maxLength={100}
                    onChange={(e) => set(d.key, { title: e.target.value })}
                  />
                  <Input.TextArea
                    aria-label={`${name} ${t('conventions.text.body')}`}
                    placeholder={t('conventions.text.body')}
                    value={d.text}
                    disabled={!editable}
                    autoSize={{ minRows: 2, maxRows: 8 }}
                    maxLength={2000}
                    onChange={(e) => set(d.key, { text: e.target.value })}
                  />
                </Space>
              </Card>
            </li>
          );
        })}
      </ol>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {editable && (
        <Space orientation="vertical" style={{ width: '100%', maxWidth: 720 }}>
          <Button onClick={() => setDrafts((old) => [...old, { key: ++keySeq, title: '', text: '' }])}>
            {t('conventions.text.add')}
          </Button>
          <Input
            aria-label={t('conventions.text.note')}
            placeholder={t('conventions.text.notePlaceholder')}
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="primary" loading={saving} disabled={drafts.length === 0} onClick={() => void save()}>
            {t('conventions.text.save')}
          </Button>
        </Space>
      )}
    </div>
  );
}
