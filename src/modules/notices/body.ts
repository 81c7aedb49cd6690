import sanitizeHtml from 'sanitize-html';

/**
 * A notice's text is HTML from the console's rich-text editor, cleaned on write: paragraphs,
 * headings, emphasis, lists, quotes and links to the web; nothing that runs, styles or embeds.
 * Pictures and PDFs come as attachments, not inline.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'a',
    'hr',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'tel'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        rel: 'noopener noreferrer',
        target: '_blank',
      },
    }),
  },
  allowedSchemesAppliedToAttributes: ['href'],
};

export function sanitizeNoticeHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}

/** The text without tags, for the "blank body" check and list excerpts. */
export function plainText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|blockquote)>|<br\s*\/?>/gi, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first characters of the text, for a list. */
export function excerpt(html: string, length = 60): string {
  const chars = Array.from(plainText(html));
  return chars.length > length ? chars.slice(0, length).join('') + '…' : chars.join('');
}
