import { JaridaError, invalid, isJaridaError } from '../../core/errors.ts';
import type { Repos } from '../repos.ts';
import { type Actor, roleHas } from '../roles.ts';
import { type SiteSettings, siteSettingsSchema, storedSiteSettings } from '../site-settings.ts';
import { cleanLine } from '../text-fields.ts';

/**
 * The site settings form (site name, tagline, locale, digits, calendar,
 * time zone, copyright holder; schema in `site-settings.ts`). Needs
 * `settings.manage` from a signed-in actor (null: the operator).
 */

function requireAdministrator(actor: Actor | null): void {
  if (actor && !roleHas(actor.role, 'settings.manage')) throw new JaridaError('FORBIDDEN', 'site settings need the administrator role', { reason: 'forbidden' });
}

/** The settings as stored over the defaults (see `storedSiteSettings`). @throws JaridaError `FORBIDDEN`. */
export async function getSiteSettings(repos: Repos, actor: Actor | null): Promise<SiteSettings> {
  requireAdministrator(actor);
  return storedSiteSettings(await repos.settings.load());
}

/** A setting given as text, cleaned as every single-line field is (`text-fields.ts`). */
function cleanSetting(key: string, value: string): string {
  try {
    return cleanLine(key, value);
  } catch (err) {
    if (!isJaridaError(err, 'VALIDATION')) throw err;
    throw invalid(`invalid settings: ${key}: ${err.message}`, { field: key, reason: 'setting_invalid', problems: [{ field: key, message: err.message }] });
  }
}

/**
 * Validates and stores the settings given in `input` (keys of
 * {@link SiteSettings}; others are ignored), keeping the current value of
 * those not given, all at once. Text values are cleaned by `cleanLine`
 * (C0/C1 controls dropped, trimmed; bidi controls kept).
 * @throws JaridaError `VALIDATION` with `details: { field, reason, problems }`
 *   naming the first field at fault; `reason` is `locale_unsupported` for a
 *   locale whose language has no UI strings, else `setting_invalid`; `FORBIDDEN`.
 */
export async function saveSiteSettings(repos: Repos, actor: Actor | null, input: Record<string, unknown>): Promise<SiteSettings> {
  const current = await getSiteSettings(repos, actor);
  const merged = Object.fromEntries(
    Object.entries(current).map(([key, value]) => {
      const given = input[key];
      return [key, given === undefined ? value : typeof given === 'string' ? cleanSetting(key, given) : given];
    }),
  );
  const result = siteSettingsSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
    const field = problems[0]?.field;
    throw invalid(`invalid settings: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      field,
      reason: field === 'locale' ? 'locale_unsupported' : 'setting_invalid',
      problems,
    });
  }
  await repos.settings.save(result.data);
  return result.data;
}
