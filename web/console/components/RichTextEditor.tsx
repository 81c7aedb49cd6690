import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Form, Input, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './rich-text.css';

/**
 * The console's rich-text editor (tiptap), a form control: `value` is HTML, `onChange` gets HTML, ''
 * when empty. It offers what the server keeps when it cleans such text (src/modules/notices/body.ts,
 * the deliberation minutes) — paragraphs, headings, lists, quotes, emphasis, links, rules — and
 * nothing it would throw away (code, pictures: those go as attachments). Import it lazily: tiptap and
 * ProseMirror should reach the browser only when someone writes.
 */

interface Tool {
  key: string;
  label: string;
  text: string;
  active: (e: Editor) => boolean;
  run: (e: Editor) => void;
}

type Mark = 'bold' | 'italic' | 'underline' | 'strike';

/** 链接: the address for the selected words; empty removes the link. */
function LinkDialog({ editor, open, onClose }: { editor: Editor; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ href: string }>();
  useEffect(() => {
    if (open) form.setFieldsValue({ href: (editor.getAttributes('link').href as string | undefined) ?? '' });
  }, [open, editor, form]);
  function apply({ href }: { href: string }) {
    const chain = editor.chain().focus().extendMarkRange('link');
    if (href.trim()) chain.setLink({ href: href.trim() }).run();
    else chain.unsetLink().run();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('richText.link.title')}
      okText={t('richText.link.apply')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} name="rich-text-link" layout="vertical" onFinish={apply}>
        <Form.Item
          name="href"
          label={t('richText.link.href')}
          extra={t('richText.link.hint')}
          rules={[{ pattern: /^(https?:\/\/|tel:)\S+$/, message: t('richText.link.bad') }]}
        >
          <Input inputMode="url" placeholder="https://" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Toolbar({ editor, label }: { editor: Editor; label: string }) {
  const { t } = useTranslation();
  const [linking, setLinking] = useState(false);
  const mark = (name: Mark, text: string): Tool => ({
    key: name,
    label: t(`richText.tool.${name}`),
    text,
    active: (e) => e.isActive(name),
    run: (e) => e.chain().focus().toggleMark(name).run(),
  });
  const heading = (level: 2 | 3, text: string): Tool => ({
    key: `h${level}`,
    label: t(level === 2 ? 'richText.tool.heading' : 'richText.tool.subheading'),
    text,
    active: (e) => e.isActive('heading', { level }),
    run: (e) => e.chain().focus().toggleHeading({ level }).run(),
  });
  const tools: Tool[] = [
    mark('bold', 'B'),
    mark('italic', 'I'),
    mark('underline', 'U'),
    mark('strike', 'S'),
    heading(2, 'H2'),
    heading(3, 'H3'),
    {
      key: 'bullets',
      label: t('richText.tool.bullets'),
      text: '•',
      active: (e) => e.isActive('bulletList'),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      key: 'numbers',
      label: t('richText.tool.numbers'),
      text: '1.',
      active: (e) => e.isActive('orderedList'),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
    {
      key: 'quote',
      label: t('richText.tool.quote'),
      text: '❝',
      active: (e) => e.isActive('blockquote'),
      run: (e) => e.chain().focus().toggleBlockquote().run(),
    },
    {
      key: 'link',
      label: t('richText.tool.link'),
      text: t('richText.tool.link'),
      active: (e) => e.isActive('link'),
      run: () => setLinking(true),
    },
  ];
  // Re-render when what is active under the cursor changes, so aria-pressed tells the truth.
  useEditorState({ editor, selector: ({ editor: e }) => tools.map((tool) => tool.active(e)).join() });
  return (
    <div role="toolbar" aria-label={t('richText.toolbar', { label })} className="rich-text-toolbar">
      {tools.map((tool) => (
        <Button
          key={tool.key}
          size="small"
          aria-label={tool.label}
          title={tool.label}
          aria-pressed={tool.active(editor)}
          type={tool.active(editor) ? 'primary' : 'default'}
          onClick={() => tool.run(editor)}
        >
          <span aria-hidden>{tool.text}</span>
        </Button>
      ))}
      <Button size="small" onClick={() => editor.chain().focus().setHorizontalRule().run()}>
        {t('richText.tool.rule')}
      </Button>
      <Button size="small" onClick={() => editor.chain().focus().undo().run()}>
        {t('richText.tool.undo')}
      </Button>
      <Button size="small" onClick={() => editor.chain().focus().redo().run()}>
        {t('richText.tool.redo')}
      </Button>
      <LinkDialog editor={editor} open={linking} onClose={() => setLinking(false)} />
    </div>
  );
}

export interface RichTextEditorProps {
  /** The form item's id: given to the editable area, so the form can scroll to it. */
  id?: string;
  value?: string;
  onChange?: (html: string) => void;
  /** What the text is (公告正文, 会议纪要): names the editable area and its toolbar. */
  label: string;
  /** Set by the form when the field has an error. */
  'aria-invalid'?: boolean;
}

/** The HTML of what is written; '' when nothing is. */
const htmlOf = (e: Editor) => (e.isEmpty ? '' : e.getHTML());

/** A value set from outside (the form filled for an edit, or reset) replaces the text; invalid marks the box. */
function syncFromProps(editor: Editor, { value, invalid }: { value?: string; invalid?: boolean }) {
  if (value !== undefined && value !== htmlOf(editor))
    editor.commands.setContent(value, { emitUpdate: false });
  editor.view.dom.setAttribute('aria-invalid', invalid ? 'true' : 'false');
}

export default function RichTextEditor({
  id,
  value,
  onChange,
  label,
  'aria-invalid': invalid,
}: RichTextEditorProps) {
  const changed = useRef(onChange);
  const latest = useRef({ value, invalid });
  useEffect(() => {
    changed.current = onChange;
    latest.current = { value, invalid };
  });
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        code: false,
        codeBlock: false,
        link: { openOnClick: false, protocols: ['http', 'https', 'tel'] },
      }),
    ],
    content: value ?? '',
    onUpdate: ({ editor: e }) => changed.current?.(htmlOf(e)),
    // The view mounts after React's first effects have run: catch up with what changed meanwhile.
    onCreate: ({ editor: e }) => syncFromProps(e, latest.current),
    editorProps: {
      attributes: {
        ...(id ? { id } : {}),
        class: 'rich-text-editor rich-text',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
      },
    },
  });
  useEffect(() => {
    // Before the view is mounted there is no DOM to touch; onCreate syncs then.
    if (editor.isInitialized) syncFromProps(editor, { value, invalid });
  }, [editor, value, invalid]);
  return (
    <div className="rich-text-edit">
      <Toolbar editor={editor} label={label} />
      <EditorContent editor={editor} />
    </div>
  );
}
