import { fileURLToPath } from 'node:url';

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
