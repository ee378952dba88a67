// Validators for distribution's documents: sitemaps.org and Google News XSDs
// and RELAX NG grammars of RSS 2.0 and Atom (RFC 4287) checked by libxml2
// (xmllint compiled to WebAssembly, so no system package is needed), and
// JSON Feed 1.1 checked by ajv. Schemas are in test/fixtures/distribution.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

const DIR = new URL('../fixtures/distribution/', import.meta.url);
const file = (name: string): XMLFileInfo => ({ fileName: name, contents: readFileSync(new URL(name, DIR), 'utf8') });

/** What an XML document is checked against. */
export type XmlKind = 'rss' | 'atom' | 'urlset' | 'sitemapindex' | 'news';

interface SchemaOptions {
  schema: XMLFileInfo;
  extension?: 'schema' | 'relaxng';
  preload?: XMLFileInfo[];
}

const SCHEMAS: Record<XmlKind, () => SchemaOptions> = {
  rss: () => ({ schema: file('rss-2.0.rng'), extension: 'relaxng' as const }),
  atom: () => ({ schema: file('atom.rng'), extension: 'relaxng' as const }),
  urlset: () => ({ schema: file('sitemap.xsd') }),
  sitemapindex: () => ({ schema: file('siteindex.xsd') }),
  news: () => ({ schema: file('news-sitemap.xsd'), preload: [file('sitemap.xsd'), file('sitemap-news.xsd')] }),
};

/** libxml2's validation messages for `xml` against the schema of `kind`; empty when valid. */
export async function xmlErrors(xml: string, kind: XmlKind): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: `document-${kind}.xml`, contents: xml },
    ...SCHEMAS[kind](),
    // Large sitemaps (tens of MB) need more than the default 16 MiB.
    maxMemoryPages: 16 * 1024,
  });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

// ajv and ajv-formats are CommonJS with `export default`; createRequire gives their real exports.
const require = createRequire(import.meta.url);
type AjvValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
interface AjvInstance {
  compile(schema: object): AjvValidate;
}
const Ajv = (require('ajv') as { default: new (options: object) => AjvInstance }).default;
const addFormats = (require('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;
// strictRequired off: the schema's anyOf-of-required (one of name, url, avatar) is the spec's own rule.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const jsonFeed = ajv.compile(JSON.parse(readFileSync(new URL('jsonfeed-1.1.schema.json', DIR), 'utf8')) as object);

/** JSON Feed 1.1 schema errors of `doc`; empty when valid. */
export function jsonFeedErrors(doc: unknown): string[] {
  return jsonFeed(doc) ? [] : (jsonFeed.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
