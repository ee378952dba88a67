/**
 * Outlet names for source credits. Import sources name their outlet by an id
 * (`skynews`, `was`, `Jawhara FM`); articles credit the outlet by its Arabic
 * name (`سكاي نيوز عربية`).
 */

/**
 * Source id → Arabic outlet name, for every id in the bundled corpora: the
 * ANT `<SRC>` values (`alarabia`, `BBC`, `CNN`, `france24`, `skynews`,
 * `Jawhara FM`) and the SaudiNewsNet `source` values (`3alyoum` … `was`),
 * spelled as the files spell them (see `shared/corpus/PROVENANCE.md`).
 * `3alyoum` is the Saudi site عاجل (3alyoum.com); `was` is the Saudi Press Agency.
 */
export const DEFAULT_OUTLET_NAMES: Readonly<Record<string, string>> = Object.freeze({
  alarabia: 'العربية',
  BBC: 'بي بي سي عربي',
  CNN: 'سي إن إن بالعربية',
  france24: 'فرانس 24',
  skynews: 'سكاي نيوز عربية',
  'Jawhara FM': 'إذاعة جوهرة إف إم',
  '3alyoum': 'عاجل',
  aawsat: 'صحيفة الشرق الأوسط',
  aleqtisadiya: 'الاقتصادية',
  aljazirah: 'صحيفة الجزيرة',
  almadina: 'المدينة',
  alriyadh: 'الرياض',
  alwatan: 'الوطن',
  alweeam: 'الوئام',
  alyaum: 'اليوم',
  okaz: 'عكاظ',
  sabq: 'سبق',
  was: 'وكالة الأنباء السعودية',
  arriyadiyah: 'الرياضية',
});

function key(id: string): string {
  return id.trim().replace(/\s+/gu, ' ').toLowerCase();
}

const DEFAULT_BY_KEY: ReadonlyMap<string, string> = new Map(
  Object.entries(DEFAULT_OUTLET_NAMES).map(([id, name]) => [key(id), name]),
);

/**
 * The outlet name to credit for a source id.
 *
 * Lookup ignores case and surrounding/repeated whitespace (`JAWHARA  fm` finds
 * `Jawhara FM`). `overrides` (e.g. from the site config) win over
 * {@link DEFAULT_OUTLET_NAMES} and are matched the same way.
 *
 * @param sourceId - the outlet id as the source gives it.
 * @param overrides - optional id → name map taking precedence over the defaults.
 * @returns the outlet's name, or `sourceId` unchanged when the id is unknown.
 */
export function outletName(sourceId: string, overrides?: Readonly<Record<string, string>>): string {
  const k = key(sourceId);
  if (overrides !== undefined) {
    for (const [id, name] of Object.entries(overrides)) {
      if (key(id) === k) return name;
    }
  }
  return DEFAULT_BY_KEY.get(k) ?? sourceId;
}
