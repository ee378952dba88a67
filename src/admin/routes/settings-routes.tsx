import { getSiteSettings, saveSiteSettings } from '../../content/use-cases/settings.ts';
import { UI_LANGUAGES } from '../../web/i18n.ts';
import type { AdminMessageKey } from '../locales/ar.ts';
import { type AdminModule, adminContext, field, formError, isFormError, sendPage } from '../admin-plugin.tsx';
import { type SettingsValues, SettingsPage } from '../views/settings-page.tsx';

const FIELDS = ['site_name', 'tagline', 'locale', 'digits', 'calendar', 'time_zone', 'copyright_holder', 'feed_content', 'logo_url'] as const;
/** The label of each settings field, to name it in an error. */
const LABELS: Record<(typeof FIELDS)[number], AdminMessageKey> = {
  site_name: 'siteName',
  tagline: 'tagline',
  locale: 'locale',
  digits: 'digits',
  calendar: 'calendar',
  time_zone: 'timeZone',
  copyright_holder: 'copyrightHolder',
  feed_content: 'feedContent',
  logo_url: 'logoUrl',
};

/** The site settings form (administrators). */
export const settingsRoutes: AdminModule = (admin, deps) => {
  const { store } = deps;
  const config = { permission: 'settings.manage' } as const;

  admin.get('/admin/settings', { config }, async (req, reply) => {
    const settings = await getSiteSettings(store, req.actor);
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <SettingsPage ctx={ctx} values={settings} />);
  });

  admin.post('/admin/settings', { config }, async (req, reply) => {
    // Only the fields sent are changed (a form of an older page keeps newer settings as they are).
    const sent = Object.fromEntries(FIELDS.filter((f) => (req.body as Record<string, unknown> | undefined)?.[f] !== undefined).map((f) => [f, field(req.body, f)]));
    try {
      await store.transaction((repos) => saveSiteSettings(repos, req.actor, sent));
    } catch (err) {
      if (!isFormError(err)) throw err;
      const ctx = await adminContext(req, reply);
      const bad = err.details.field as (typeof FIELDS)[number] | undefined;
      const label = bad && bad in LABELS ? ctx.t[LABELS[bad]] : '';
      const values = { ...(await getSiteSettings(store, req.actor)), ...sent } as SettingsValues;
      return sendPage(reply, <SettingsPage ctx={ctx} values={values} error={formError(ctx, err, { field: label, languages: UI_LANGUAGES.join(', ') })} />, err.status);
    }
    req.log.info({ by: req.actor?.user_id }, 'admin: site settings saved');
    return reply.redirect('/admin/settings?notice=notice_saved', 303);
  });
};
