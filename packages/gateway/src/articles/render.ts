/**
 * An article's Markdown made into the HTML patients see: rendered by markdown-it with HTML
 * turned off (what looks like HTML in the text stays text), then passed through sanitize-html's
 * allow-list — the second lock, whatever the parser lets through. No style, class or event
 * attributes, no scripts, frames or forms; links only https or on the site, opened with
 * rel="noopener noreferrer"; images only from the site itself (a path) or the hospital's image
 * origins (IHKIT_ARTICLE_IMAGE_ORIGINS), each given lazy loading.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** A path on the site itself: `/…` but not `//host` (another origin). */
const sitePath = (url: string) => url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');

/** Whether a link may stay: https, or a path on the site. */
export function allowedLink(url: string): boolean {
  return sitePath(url) || /^https:\/\/[^/\\]/i.test(url);
}

/** Whether an image may stay: a path on the site, or https from one of `origins`. */
export function allowedImage(url: string, origins: readonly string[]): boolean {
  if (sitePath(url)) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && origins.includes(u.origin);
  } catch {
    return false;
  }
}

/** The sanitized HTML of an article's Markdown. */
export function renderArticle(text: string, imageOrigins: readonly string[]): string {
  return sanitizeHtml(markdown.render(text), {
    allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'blockquote', 'code', 'pre', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's'],
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
    allowedSchemes: ['https'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    // Headings of the article sit under the page's own: # becomes h2.
    transformTags: {
      h1: 'h2', h5: 'h4', h6: 'h4',
      // A link that is neither https nor on the site loses its href; the others open without a handle on the page.
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        return { tagName, attribs: href !== undefined && allowedLink(href) ? { ...rest, href, rel: 'noopener noreferrer' } : rest };
      },
    },
    exclusiveFilter: (frame) => (frame.tag === 'img' && !allowedImage(frame.attribs.src ?? '', imageOrigins)),
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript'],
  });
}
