import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, injected into pages under test. */
export const AXE_SCRIPT = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
/** The WCAG 2.1 AA rule tags the pages must pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's color-contrast rule skips text it takes for an icon-font ligature:
 * it draws the first character alone and then the whole string, and a glyph
 * that changes shape in context counts as a ligature. Arabic letters always
 * change shape when joined, so on an Arabic page the rule silently checks
 * almost nothing (neither pass, violation nor "incomplete"). This script,
 * injected after axe, marks every font as "not a ligature font" in axe's
 * font cache before the rule's own matcher runs, so Arabic text is checked
 * like any other. It uses axe internals (pinned axe-core 4.14) and fails
 * loudly if they move.
 */
export const AXE_ARABIC_CONTRAST = `(function () {
  var base = axe._thisWillBeDeletedDoNotUse && axe._thisWillBeDeletedDoNotUse.base;
  var original = base && base.metadataFunctionMap && base.metadataFunctionMap['color-contrast-matches'];
  if (typeof original !== 'function' || !axe._cache || typeof axe._cache.get !== 'function') {
    throw new Error('axe-core internals changed: update AXE_ARABIC_CONTRAST in test/helpers/axe.ts');
  }
  axe.configure({ rules: [{ id: 'color-contrast', matches: function (node, virtualNode) {
    var fonts = axe._cache.get('fonts', function () { return {}; });
    fonts[window.getComputedStyle(node).getPropertyValue('font-family')] = { occurrences: 3, numLigatures: 0 };
    return original(node, virtualNode);
  } }] });
})();`;

let axeSource: string | undefined;

/**
 * Runs axe-core on `page` with {@link AXE_TAGS} (injecting it once, with the
 * Arabic contrast workaround) and fails listing each violation's id, targets
 * and summary. Also fails when the contrast rule measured no text inside
 * `contrastWithin` (a CSS selector), so a silently skipped check cannot pass.
 */
export async function assertAccessible(page: Page, label: string, contrastWithin: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated through the DevTools protocol, not added as <script> tags: the pages' CSP
    // (script-src 'self') refuses inline scripts, and the test must not switch CSP off.
    axeSource ??= readFileSync(AXE_SCRIPT, 'utf8');
    await page.evaluate(`${axeSource}\n;${AXE_ARABIC_CONTRAST}\n;true`);
  }
  const { results, contrastMeasured } = await page.evaluate(
    async ({ tags, within }) => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResults> } }).axe;
      const run = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
      const checked = [...run.passes, ...run.violations, ...run.incomplete].filter((r) => r.id === 'color-contrast').flatMap((r) => r.nodes);
      return { results: run, contrastMeasured: checked.some((n) => document.querySelector(String(n.target[0]))?.closest(within) != null) };
    },
    { tags: AXE_TAGS, within: contrastWithin },
  );
  const report = results.violations.map(
    (v) =>
      `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n` +
      v.nodes.map((n) => `    ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n'),
  );
  assert.ok(results.passes.length > 0, `axe ran no checks on ${label}`);
  assert.ok(contrastMeasured, `axe's color-contrast rule checked no text in ${contrastWithin} on ${label}: is Arabic text skipped again (AXE_ARABIC_CONTRAST)?`);
  assert.equal(results.violations.length, 0, `axe found ${results.violations.length} violation(s) on ${label} (${page.url()}):\n${report.join('\n')}`);
}
