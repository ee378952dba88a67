/**
 * The full text of a summary-only feed item, from its article page, by
 * Mozilla's Readability over a linkedom document (stack-notes: the same
 * output as with jsdom, far faster).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * The article HTML of a page, or undefined when Readability finds none.
 * The result is not sanitized (the article body is, when stored).
 */
export function extractArticleHtml(html: string, url: string): string | undefined {
  const { document } = parseHTML(html);
  // Relative links and images are resolved against the page's address.
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head?.appendChild(base);
  const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  const content = article?.content?.trim();
  return content ? content : undefined;
}
