import { CALENDARS, DIGITS, FEED_CONTENT } from '../../content/site-settings.ts';
import { fill, intlLocale, UI_LANGUAGES } from '../../web/i18n.ts';
import { adminLanguage } from '../i18n.ts';
import type { AdminContext, FormError } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { ErrorSummary, Field, PostForm, SelectField, SubmitRow } from './parts.tsx';
import { timeZoneLabel, timeZoneOptions } from './time-zones.ts';

/** Form values of the settings page (as stored, or as last submitted). */
export type SettingsValues = Record<'site_name' | 'tagline' | 'locale' | 'digits' | 'calendar' | 'time_zone' | 'copyright_holder' | 'feed_content' | 'logo_url', string>;

/** IANA zones this Node.js knows, for the time zone select: each by its name in the admin's language, with its id. */
function zoneOptions(ctx: AdminContext, current: string): ReadonlyArray<readonly [string, string]> {
  const { settings } = ctx.site;
  const locale = intlLocale({ locale: adminLanguage(settings.locale), digits: settings.digits });
  const zones = timeZoneOptions(locale);
  return zones.some(([z]) => z === current) ? zones : [[current, timeZoneLabel(locale, current)], ...zones];
}

/** The site settings form. */
export function SettingsPage({ ctx, values, error }: { ctx: AdminContext; values: SettingsValues; error?: FormError | undefined }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t.settingsTitle}>
      <ErrorSummary ctx={ctx} error={error} />
      <PostForm ctx={ctx} action="/admin/settings" class="stack narrow">
        <Field name="site_name" label={t.siteName} value={values.site_name} required error={error} dir="auto" />
        <Field name="tagline" label={t.tagline} value={values.tagline} error={error} dir="auto" />
        <Field name="locale" label={t.locale} value={values.locale} required help={fill(t.localeHelp, { languages: UI_LANGUAGES.join(', ') })} error={error} dir="ltr" />
        <SelectField name="digits" label={t.digits} value={values.digits} options={DIGITS.map((d) => [d, t[`digits_${d}`]] as const)} error={error} />
        <SelectField name="calendar" label={t.calendar} value={values.calendar} options={CALENDARS.map((c) => [c, t[`calendar_${c}`]] as const)} error={error} />
        <SelectField name="time_zone" label={t.timeZone} value={values.time_zone} options={zoneOptions(ctx, values.time_zone)} error={error} />
        <Field name="copyright_holder" label={t.copyrightHolder} value={values.copyright_holder} required error={error} dir="auto" />
        <SelectField name="feed_content" label={t.feedContent} value={values.feed_content} options={FEED_CONTENT.map((f) => [f, t[`feed_content_${f}`]] as const)} error={error} />
        <Field name="logo_url" label={t.logoUrl} value={values.logo_url} required help={t.logoUrlHelp} error={error} dir="ltr" />
        <SubmitRow label={t.saveSettings} />
      </PostForm>
    </AdminLayout>
  );
}
