/**
 * Arabic UI strings of the reader site. Every visible string of the site
 * comes from here; `en.ts` beside it has the same keys. `{name}` marks a
 * placeholder filled by `t()`.
 */
export const ar = {
  home: 'الرئيسية',
  latest: 'آخر الأخبار',
  skipToContent: 'انتقل إلى المحتوى الرئيسي',
  mainMenu: 'القائمة الرئيسية',
  search: 'بحث',
  searchLabel: 'ابحث في الموقع',
  searchPlaceholder: 'اكتب كلمة للبحث…',
  searchSubmit: 'ابحث',
  suggestions: 'اقتراحات',
  seeAllResults: 'عرض كل النتائج',
  closeSearch: 'إغلاق البحث',
  searchHint: 'اضغط مفتاح الخروج للإغلاق',
  publishedAt: 'تاريخ النشر:',
  updatedAt: 'آخر تحديث:',
  source: 'المصدر:',
  readAlso: 'اقرأ أيضاً',
  tags: 'الوسوم:',
  byline: 'بقلم',
  breadcrumb: 'مسار التصفح',
  subcategories: 'الأقسام الفرعية',
  moreIn: 'المزيد من {name}',
  tagTitle: 'وسم: {name}',
  authorTitle: 'أخبار بقلم {name}',
  pagination: 'التنقل بين الصفحات',
  next: 'الصفحة التالية',
  previous: 'الصفحة السابقة',
  pageOf: 'صفحة {page} من {pages}',
  noArticles: 'لا توجد أخبار هنا بعد.',
  searchTitle: 'البحث',
  searchResultsFor: 'نتائج البحث عن «{query}»',
  resultsCount: 'عدد النتائج: {count}',
  resultsCountAtLeast: 'عدد النتائج: أكثر من {count}',
  noResults: 'لم نجد نتائج لـ«{query}».',
  noResultsHint: 'جرّب كلمة أخرى أو تهجئة مختلفة، أو تصفّح الأقسام من القائمة.',
  searchPrompt: 'اكتب في مربع البحث كلمة أو أكثر.',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundText: 'ربما نُقلت الصفحة أو حُذفت، أو أن الرابط غير صحيح.',
  badRequestTitle: 'طلب غير صالح',
  badRequestText: 'تعذّر فهم هذا الطلب. تحقّق من الرابط وحاول مرة أخرى.',
  serverErrorTitle: 'حدث خطأ في الخادم',
  serverErrorText: 'نعتذر، حدث خطأ غير متوقع. حاول مرة أخرى بعد قليل.',
  backHome: 'العودة إلى الصفحة الرئيسية',
  copyright: 'جميع الحقوق محفوظة',
  video: 'فيديو',
};

/** The message catalogue's shape: every locale has exactly these keys. */
export type Messages = { readonly [K in keyof typeof ar]: string };
