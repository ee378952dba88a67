/**
 * The editor's browser assets: `editor/main.ts` bundled with esbuild in
 * memory (no build step: `npm install && npm start` is enough), and
 * `assets/editor.css`. Both are served from `/admin/assets/` with a content
 * hash in their URL's `?v=`, so browsers may cache them for a year.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** A served asset: its bytes, a gzipped copy, and the hash that versions its URL. */
export interface EditorAsset {
  body: Buffer;
  gzip: Buffer;
  version: string;
}

const ENTRY = fileURLToPath(new URL('./editor/main.ts', import.meta.url));
const CSS_FILE = new URL('./assets/editor.css', import.meta.url);

function asset(body: Buffer): EditorAsset {
  return { body, gzip: gzipSync(body, { level: 9 }), version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

/**
 * Bundles the editor for browsers: one minified IIFE (ES2020, so that the
 * browsers newsrooms use all run it), licence comments kept at the end.
 * Takes about a second; see {@link editorScript} for the cached one.
 * @throws esbuild's error when the browser code does not compile.
 */
export async function bundleEditor(): Promise<EditorAsset> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no editor bundle');
  return asset(Buffer.from(file.contents));
}

let script: Promise<EditorAsset> | undefined;

/**
 * The editor bundle, built once per process on first use (the first editor
 * page, the asset's URL, or {@link warmEditorScript} when the server starts
 * listening) and kept in memory. A failed build is retried on the next call.
 */
export function editorScript(): Promise<EditorAsset> {
  script ??= bundleEditor().catch((err: unknown) => {
    script = undefined;
    throw err;
  });
  return script;
}

/** Starts the build in the background; failures are reported to `onError` (the page then builds again). */
export function warmEditorScript(onError: (err: unknown) => void): void {
  editorScript().catch(onError);
}

let style: EditorAsset | undefined;

/** `assets/editor.css`, read once. */
export function editorStyle(): EditorAsset {
  style ??= asset(readFileSync(CSS_FILE));
  return style;
}
