import sanitizeHtml from 'sanitize-html';

/**
 * Meeting minutes (会议纪要) are rich text typed in the console's editor and shown to everyone who
 * may read the meeting. They are cleaned on the way in, so what is stored — and what any page later
 * renders — holds only plain document structure: paragraphs, section headings, lists, emphasis,
 * simple tables and links to web or mail addresses. No scripts, styles, event handlers, frames or
 * pictures pulled from elsewhere (photos go in as the meeting's attachments).
 */

/** The most characters of minutes a meeting keeps (before cleaning): a long meeting's record with room to spare. */
export const minutesMaxLength = 200_000;

const smallNumber = /^[1-9]\d?$/;

/** A table cell keeps colspan/rowspan only as small numbers. */
const cell: sanitizeHtml.Transformer = (tagName, attribs) => ({
  tagName,
  attribs: Object.fromEntries(
    Object.entries(attribs).filter(([k, v]) => (k === 'colspan' || k === 'rowspan') && smallNumber.test(v)),
  ),
});

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    ...['p', 'br', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'hr'],
    ...['strong', 'b', 'em', 'i', 'u', 's', 'a'],
    ...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ],
  // rel and target are set by the transform below, whatever the editor sent.
  allowedAttributes: { a: ['href', 'rel', 'target'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Dropped with everything inside them, not left behind as stray text.
  nonTextTags: [
    ...['script', 'style', 'textarea', 'option', 'noscript', 'title'],
    ...['iframe', 'object', 'embed', 'template', 'svg', 'math'],
  ],
  transformTags: {
    // The page's title is the meeting's: an editor's top heading becomes a section heading.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
    th: cell,
    td: cell,
  },
};

/** Minutes as they may be stored and shown (see above for what survives). */
export function sanitizeMinutes(html: string): string {
  return sanitizeHtml(html, options).trim();
}
