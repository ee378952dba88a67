/**
 * The safety screen every feed passes before an XML parser sees it: entity
 * declarations and external DTDs are refused (see {@link screenXml}).
 */
import { JaridaError } from '../core/errors.ts';

/**
 * Refuses XML that declares entities or an internal DTD subset: fast-xml-parser
 * would expand them (billion laughs), and a parser that resolves external
 * ones would read local files (XXE). A DOCTYPE that only names an external
 * DTD (RSS 0.91's Netscape DOCTYPE) is harmless since nothing fetches it,
 * and is removed. The markup is walked declaration by declaration, comments,
 * processing instructions and CDATA sections skipped whole, so that a `<`
 * inside a comment is never taken for the root element; a DOCTYPE after the
 * root (fast-xml-parser would still read its entities) or a markup
 * declaration outside a DOCTYPE is refused too.
 *
 * @returns the text without its DOCTYPE.
 * @throws JaridaError `UNSAFE_XML`.
 */
export function screenXml(text: string, where: string): string {
  const refuse = (): never => {
    throw new JaridaError(
      'UNSAFE_XML',
      `${where}: refused: the XML declares a DTD with entities (entity expansion or external entities, as in billion-laughs and XXE attacks); feeds never need them`,
      { where },
    );
  };
  const past = (close: string, from: number) => {
    const end = text.indexOf(close, from);
    return end < 0 ? text.length : end + close.length;
  };
  const doctypes: Array<[number, number]> = [];
  let inRoot = false;
  for (let i = 0; i < text.length; ) {
    // Inside the document only `<!` can start a comment, CDATA section or declaration.
    const lt = text.indexOf(inRoot ? '<!' : '<', i);
    if (lt < 0) break;
    if (text.startsWith('<?', lt)) i = past('?>', lt + 2);
    else if (text.startsWith('<!--', lt)) i = past('-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) i = past(']]>', lt + 9);
    else if (/^<!DOCTYPE/iu.test(text.slice(lt, lt + 9)) && !inRoot) {
      let j = lt + 9;
      for (let quote = ''; j < text.length; j++) {
        const c = text[j];
        if (quote !== '') {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '[') refuse();
        else if (c === '>') break;
      }
      doctypes.push([lt, j + 1]);
      i = j + 1;
    } else if (text.startsWith('<!', lt)) refuse();
    else {
      // The root element's start tag (or a stray `<`, which the parser reports).
      if (/^<[^\s!?/<>]/u.test(text.slice(lt, lt + 2))) inRoot = true;
      i = lt + 1;
    }
  }
  let out = text;
  for (const [from, to] of doctypes.reverse()) out = out.slice(0, from) + out.slice(to);
  return out;
}
