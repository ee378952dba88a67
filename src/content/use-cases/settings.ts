import { JaridaError, invalid } from '../../core/errors.ts';
import type { Repos } from '../repos.ts';
import { type Actor, roleHas } from '../roles.ts';
import { DEFAULT_SITE_SETTINGS, type SiteSettings, siteSettingsSchema } from '../site-settings.ts';

/**
 * The site settings form (site name, tagline, locale, digits, calendar,
 * time zone, copyright holder; schema in `site-settings.ts`). Needs
 * `settings.manage` from a signed-in actor (null: the operator).
 */

function requireAdministrator(actor: Actor | null): void {
  if (actor && !roleHas(actor.role, 'settings.manage')) throw new JaridaError('FORBIDDEN', 'site settings need the administrator role', { reason: 'forbidden' });
}

/** The settings as stored over the defaults. @throws JaridaError `FORBIDDEN`. */
export async function getSiteSettings(repos: Repos, actor: Actor | null): Promise<SiteSettings> {
  requireAdministrator(actor);
  return siteSettingsSchema.parse({ ...DEFAULT_SITE_SETTINGS, ...(await repos.settings.load()) });
}

/**
 * Validates and stores the settings given in `input` (keys of
 * {@link SiteSettings}; others are ignored), keeping the current value of
 * those not given, all at once. Text is stored trimmed of surrounding spaces.
 * @throws JaridaError `VALIDATION` with `details: { field, reason: 'setting_invalid', problems }`
 *   naming the first field at fault; `FORBIDDEN`.
 */
export async function saveSiteSettings(repos: Repos, actor: Actor | null, input: Record<string, unknown>): Promise<SiteSettings> {
  const current = await getSiteSettings(repos, actor);
  const merged = Object.fromEntries(
    Object.entries(current).map(([key, value]) => {
      const given = input[key];
      return [key, given === undefined ? value : typeof given === 'string' ? given.trim() : given];
    }),
  );
  const result = siteSettingsSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
    throw invalid(`invalid settings: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      field: problems[0]?.field,
      reason: 'setting_invalid',
      problems,
    });
  }
  await repos.settings.save(result.data);
  return result.data;
}
