import { parse } from 'node:querystring';
import { JaridaError } from '../core/errors.ts';

/**
 * Parses an `application/x-www-form-urlencoded` body (repeated names give
 * arrays, `+` is a space), refusing one that is not well-formed UTF-8 once
 * decoded: a `%` escape that is cut short, not hexadecimal, or that decodes
 * to invalid UTF-8 or to a lone surrogate (`%ED%A0%80`), or bytes that were
 * not valid UTF-8 to begin with (Fastify hands the parser the body decoded,
 * with such bytes replaced by U+FFFD). The usual parsers keep malformed
 * escapes as literal text, so `%D8%B9%ED%A0%80` would be stored as those
 * fifteen characters and the Arabic letter in them lost. Browsers always send
 * valid UTF-8, so only broken or hostile clients are refused.
 *
 * @param body - the body as text.
 * @returns the fields by name, in a prototype-less object.
 * @throws JaridaError `VALIDATION` (reason `form_malformed`) for a malformed body; nothing is parsed then.
 */
export function parseFormBody(body: string): Record<string, string | string[]> {
  // `&` and `=` are not escapes, so the body decodes as a whole exactly when each of its names and values does.
  try {
    decodeURIComponent(body);
  } catch (err) {
    throw new JaridaError('VALIDATION', 'the form body has a malformed percent-encoding', { reason: 'form_malformed' }, { cause: err });
  }
  if (body.includes('\uFFFD')) {
    throw new JaridaError('VALIDATION', 'the form body is not valid UTF-8', { reason: 'form_malformed' });
  }
  // No cap on the number of fields (Node's default drops those after the thousandth without a word); the body limit bounds it.
  return parse(body, '&', '=', { maxKeys: 0 }) as Record<string, string | string[]>;
}
