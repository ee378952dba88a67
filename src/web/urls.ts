/** Reader-site URLs. Path segments are percent-encoded; Arabic slugs stay readable in the address bar. */
const seg = (s: string) => encodeURIComponent(s);

export const urls = {
  home: () => '/',
  article: (slug: string) => `/article/${seg(slug)}`,
  shortLink: (id: number) => `/a/${id}`,
  category: (path: readonly string[]) => `/category/${path.map(seg).join('/')}`,
  tag: (slug: string) => `/tag/${seg(slug)}`,
  author: (slug: string) => `/author/${seg(slug)}`,
  search: (query?: string, page?: number) => {
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (page && page > 1) params.set('page', String(page));
    const qs = params.toString();
    return qs ? `/search?${qs}` : '/search';
  },
  /** Page `n` of a list whose first page is `base`. */
  page: (base: string, n: number) => (n <= 1 ? base : `${base}/page/${n}`),
};
