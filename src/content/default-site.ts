/**
 * What a new site starts with: the menu of a Libyan daily (top-level
 * categories with their sub-categories, in menu order) and a few welcome
 * articles written for jarida, so that a first start is navigable at once.
 * The home item (الرئيسية) is the site root, not a category.
 */
export const DEFAULT_MENU: ReadonlyArray<{ name: string; children?: readonly string[] }> = [
  { name: 'محلي' },
  { name: 'فيديو' },
  { name: 'المرصد' },
  { name: 'عربي', children: ['الشرق الأوسط', 'المغرب العربي', 'الخليج العربي'] },
  { name: 'دولي' },
  { name: 'رياضة', children: ['محليات', 'عربي', 'دولي'] },
  { name: 'اقتصاد', children: ['عربي', 'دولي'] },
  { name: 'صحة', children: ['متابعات محلية', 'صحتك بالدنيا', 'العالم'] },
  { name: 'منوعات', children: ['منوعات ليبية', 'الفن وأهله', 'علوم وتكنولوجيا'] },
];

/** Welcome articles: category path, headline, tags and body HTML. */
export const WELCOME_ARTICLES: ReadonlyArray<{ category: string; title: string; tags: string[]; body: string }> = [
  {
    category: 'محلي',
    title: 'مرحباً بكم في موقعكم الإخباري الجديد',
    tags: ['جريدة', 'ترحيب'],
    body: `<p>هذا أول خبر في موقعكم. الموقع يعمل الآن بقاعدة بيانات مدمجة، ويعرض الأخبار من اليمين إلى اليسار على الهاتف والحاسوب.</p>
<h2>ماذا بعد؟</h2>
<p>استوردوا أرشيفكم بأمر الاستيراد من سطر الأوامر، أو انشروا أخباركم الجديدة، وستظهر في الصفحة الرئيسية وفي أقسامها.</p>
<ul><li>الأقسام والأقسام الفرعية جاهزة في القائمة.</li><li>التواريخ تظهر بالعربية وبتوقيت طرابلس.</li></ul>`,
  },
  {
    category: 'منوعات/علوم وتكنولوجيا',
    title: 'كيف تُكتب التواريخ والأرقام في جريدة',
    tags: ['جريدة', 'إعدادات'],
    body: `<p>يختار الموقع طريقة كتابة الأرقام، عربية مشرقية أو لاتينية، ويعرض التقويم الميلادي أو الهجري أو كليهما معاً.</p>
<h2>المنطقة الزمنية</h2>
<p>تُحفظ أوقات النشر بالتوقيت العالمي، وتُعرض بتوقيت الموقع المختار، وهو طرابلس افتراضياً.</p>`,
  },
  {
    category: 'عربي/المغرب العربي',
    title: 'نقل الأخبار من المصادر الأخرى مع ذكر المصدر',
    tags: ['جريدة', 'المصادر'],
    body: `<p>عند إعادة نشر خبر من وسيلة إعلام أخرى، يظهر اسم المصدر أسفل الخبر مع رابط إلى الخبر الأصلي.</p>
<blockquote><p>ذكر المصدر أمانة مهنية قبل أن يكون ميزة تقنية.</p></blockquote>`,
  },
];
