/**
 * Word lists of the Arabic stemmer, all in normalized spelling (the output of
 * `normalizeArabic`: ا for آ أ إ, ي for ى, ه for ة; a test checks it).
 */

function words(list: string): string[] {
  return list.split(/\s+/u).filter((w) => w !== '');
}

/**
 * Function words kept whole (light10 would cut على → عل, هذه → هذ, الذي → ذي,
 * انه → ان, الان → ان). Prepositions, conjunctions, pronouns and pronoun-
 * carrying prepositions, demonstratives, relatives, auxiliaries, question
 * words and frequent adverbs, after the short stop lists used with light10
 * (Larkey et al.; Lucene's Arabic stopwords.txt).
 */
export const FUNCTION_WORD_LIST: readonly string[] = words(`
  في من الي علي عن مع حتي منذ مذ لدي عند عندما بين خلال حول ضد دون نحو عبر
  قبل بعد فوق تحت امام وراء خلف لكن لكنه لكنها بل او ام ثم اما الا اذا اذ لو لولا
  ان انه انها انهم انهما انني اننا لان لانه لانها كان كانت كانوا يكون تكون ليس ليست
  قد لقد لم لن لا ما ماذا متي اين كيف لماذا كم هل اي ايه
  هذا هذه هذان هاتان ذلك تلك ذاك هؤلاء اولئك هنا هناك هنالك
  الذي التي الذين اللذان اللتان اللذين اللتين اللواتي اللاتي اللائي
  هو هي هم هن هما انا نحن انت انتم انتن
  فيه فيها فيهم فيهما منه منها منهم منهما عنه عنها عنهم عليه عليها عليهم عليهما
  اليه اليها اليهم به بها بهم له لها لهم لهما لديه لديها لديهم معه معها معهم
  كما فيما بينما حيث حين حينما كل كلا كلتا كلما بعض غير سوي مثل ايضا جدا فقط الان
  بعدما بينه بينها بينهم بينهما بيننا لدينا لديهما وفقا بدلا
`);

/**
 * Names kept whole (light10 would cut بنغازي → بنغاز, مصراته → مصرات,
 * الله → له, دبي → دب, جده → جد; the proclitic rule would cut برشلونه →
 * رشلون, بشار → شار): Libyan cities first, then Arab and world capitals and
 * large cities, then frequent names of the news corpus that start with ب/ل.
 * Names whose form without ال is a common word (الخمس, البيضاء, المرج,
 * الزاويه, المدينه) are left to the stemmer, since protecting them would part
 * them from that word. عمان is Oman and Amman: kept whole and not joined to
 * عماني.
 */
export const PROTECTED_NAME_LIST: readonly string[] = words(`
  الله
  طرابلس بنغازي مصراته سبها درنه سرت طبرق زليتن غريان ترهونه صبراته زواره اجدابيا
  الكفره غات اوباري مرزق الجفره ودان يفرن نالوت غدامس الزنتان البريقه العزيزيه
  تاورغاء جالو اوجله الابيار شحات سوسه قمينس
  القاهره الاسكندريه دمشق حلب حمص بغداد البصره الموصل اربيل بيروت عمان الرياض جده
  مكه الدوحه المنامه مسقط ابوظبي دبي الشارقه صنعاء عدن الخرطوم القدس غزه
  الرباط مراكش طنجه فاس وهران قسنطينه صفاقس القيروان نواكشوط
  واشنطن نيويورك لندن باريس موسكو بكين انقره اسطنبول طهران روما برلين جنيف
  بروكسل مدريد فيينا اثينا بيونغ
  برشلونه ليفربول
  بشار بوتين بومبيو لافروف بنيامين كلينتون بولتون
`);

/** Spellings that stand for a protected name. */
export const ALIASES: Readonly<Record<string, string>> = {
  // لله is ل + الله with the alef of the article dropped.
  لله: 'الله',
};

/**
 * Country ↔ adjective table: a country's name and the adjective of its
 * people share one stem, the masculine adjective (ليبيا, ليبي, الليبيه,
 * الليبيون → ليبي). From `adjectives` the forms A, Aه, Aون, Aين, Aان, Aتان,
 * Aتين, Aات are made, each also with ال; `names` and `extra` (broken plurals)
 * are taken as written. A stem ending in ي never comes out of light10 for a
 * word of three letters or more (ي is its last suffix), so these stems meet
 * no other word.
 */
export interface CountryEntry {
  names: readonly string[];
  /** The first is the shared stem. */
  adjectives: readonly string[];
  extra?: readonly string[];
}

export const COUNTRIES: readonly CountryEntry[] = [
  { names: ['ليبيا'], adjectives: ['ليبي'] },
  { names: ['مصر'], adjectives: ['مصري'] },
  { names: ['تونس'], adjectives: ['تونسي'] },
  { names: ['الجزائر'], adjectives: ['جزائري'] },
  { names: ['المغرب'], adjectives: ['مغربي'], extra: ['مغاربه', 'المغاربه'] },
  { names: ['موريتانيا'], adjectives: ['موريتاني'] },
  { names: ['السودان'], adjectives: ['سوداني'] },
  { names: ['تشاد'], adjectives: ['تشادي'] },
  { names: ['النيجر'], adjectives: ['نيجري'] },
  { names: ['السعوديه'], adjectives: ['سعودي'] },
  { names: ['الامارات'], adjectives: ['اماراتي'] },
  { names: ['الكويت'], adjectives: ['كويتي'] },
  { names: ['قطر'], adjectives: ['قطري'] },
  { names: ['البحرين'], adjectives: ['بحريني'] },
  // Oman: عمان is also Amman, so the name is protected on its own (see PROTECTED_NAME_LIST).
  { names: [], adjectives: ['عماني'] },
  { names: ['اليمن'], adjectives: ['يمني'] },
  { names: ['العراق'], adjectives: ['عراقي'] },
  { names: ['سوريا', 'سوريه'], adjectives: ['سوري'] },
  { names: ['لبنان'], adjectives: ['لبناني'] },
  { names: ['الاردن'], adjectives: ['اردني'] },
  { names: ['فلسطين'], adjectives: ['فلسطيني'] },
  { names: ['اسرائيل'], adjectives: ['اسرائيلي'] },
  { names: ['ايران'], adjectives: ['ايراني'] },
  { names: ['تركيا'], adjectives: ['تركي'], extra: ['اتراك', 'الاتراك'] },
  { names: ['امريكا', 'اميركا'], adjectives: ['امريكي', 'اميركي'], extra: ['امريكان', 'الامريكان', 'اميركان', 'الاميركان'] },
  { names: ['روسيا'], adjectives: ['روسي'], extra: ['روس', 'الروس'] },
  { names: ['فرنسا'], adjectives: ['فرنسي'] },
  { names: ['المانيا'], adjectives: ['الماني'], extra: ['المان', 'الالمان'] },
  { names: ['بريطانيا'], adjectives: ['بريطاني'] },
  { names: ['انجلترا', 'انكلترا'], adjectives: ['انجليزي', 'انكليزي'], extra: ['انجليز', 'الانجليز', 'انكليز', 'الانكليز'] },
  { names: ['ايطاليا'], adjectives: ['ايطالي'] },
  { names: ['اسبانيا'], adjectives: ['اسباني'] },
  { names: ['اليونان'], adjectives: ['يوناني'] },
  { names: ['قبرص'], adjectives: ['قبرصي'] },
  { names: ['مالطا'], adjectives: ['مالطي'] },
  { names: ['اوكرانيا'], adjectives: ['اوكراني'] },
  { names: ['بولندا'], adjectives: ['بولندي'] },
  { names: ['هولندا'], adjectives: ['هولندي'] },
  { names: ['بلجيكا'], adjectives: ['بلجيكي'] },
  { names: ['سويسرا'], adjectives: ['سويسري'] },
  { names: ['النمسا'], adjectives: ['نمساوي'] },
  { names: ['السويد'], adjectives: ['سويدي'] },
  { names: ['النرويج'], adjectives: ['نرويجي'] },
  { names: ['الدنمارك'], adjectives: ['دنماركي'] },
  { names: ['البرتغال'], adjectives: ['برتغالي'] },
  { names: ['الصين'], adjectives: ['صيني'] },
  { names: ['اليابان'], adjectives: ['ياباني'] },
  { names: ['كوريا'], adjectives: ['كوري'] },
  { names: ['الهند'], adjectives: ['هندي'], extra: ['هنود', 'الهنود'] },
  { names: ['باكستان'], adjectives: ['باكستاني'] },
  { names: ['افغانستان'], adjectives: ['افغاني'] },
  { names: ['اندونيسيا'], adjectives: ['اندونيسي'] },
  { names: ['ماليزيا'], adjectives: ['ماليزي'] },
  { names: ['اثيوبيا'], adjectives: ['اثيوبي'] },
  { names: ['اريتريا'], adjectives: ['اريتري'] },
  { names: ['الصومال'], adjectives: ['صومالي'] },
  { names: ['نيجيريا'], adjectives: ['نيجيري'] },
  { names: ['كينيا'], adjectives: ['كيني'] },
  { names: ['كندا'], adjectives: ['كندي'] },
  { names: ['البرازيل'], adjectives: ['برازيلي'] },
  { names: ['الارجنتين'], adjectives: ['ارجنتيني'] },
  { names: ['المكسيك'], adjectives: ['مكسيكي'] },
  { names: ['اوروبا'], adjectives: ['اوروبي'] },
  { names: ['افريقيا'], adjectives: ['افريقي'], extra: ['افارقه', 'الافارقه'] },
];

/** Adjective endings of {@link COUNTRIES} (after normalization: ة is ه). */
const ADJECTIVE_ENDINGS = ['', 'ه', 'ون', 'ين', 'ان', 'تان', 'تين', 'ات'] as const;

/**
 * Stems whose first letter (و ب ك ل) is a radical, not a proclitic: the
 * stemmer keeps that letter (بيان stays بيان, not يان; بطوله is بطول, not طول
 * "length"; البحوث is بحوث, not حوث as in الحوثيين). Each is written as the
 * stemmer's result with the letter kept: the letter, then the stem of the rest.
 *
 * Derived from the project's news corpus (shared/corpus/news-normalized, 11k
 * articles): the stems of words seen at least three times right after the
 * article ال (the article cannot precede a proclitic, so there the letter is a
 * radical) whose first letter the proclitic rule would otherwise remove.
 * Re-derive it when the stemmer's rules change. The last lines, added by
 * hand, are frequent past-tense verbs (which never take ال) of such roots.
 */
export const RADICAL_INITIAL_LIST: readonly string[] = words(`
  بائس بائع بابا باحث بادئ بادر باذخ باراغوا بارالمب بارج بارح بارد بارز بارسا بارع بارق بارود بارون
  باريس بازار باستيل باسك باسل باسيج باشا باطل باطن باعث بافار باقر باكالوريا باكر باكور بالغ باندا
  بانورام بانيا باهت باهر باهظ بايرن بتال بترو بتروكيماو بترول بتكو بجاد بحار بحوث بحير بخار بدائ
  بدائل بداد بدان بدلاء بدير بديع بديل بدين بديه بذور براء براد برادع برار براز براع براغمات براق براك
  براكاج برامج براميل براهم براهيم بربر برتقال برتو برتوكول بردويل برسا برسيم برشاو برصال برغوث برفسور
  برقع بركان برلم برلمان برماو برمج برميرليغ برميل برنامج برهن برهوم بروب بروبيوتيك بروت بروتوكول برود
  بروستاتا بروف بروفسور بروفيسور بروم برونز بريئ بريج بريد بريق بريك بريكست بريكسيت بريمرليج بريمرليغ
  بريميرليج بريميرليغ بريميير بريمييرليغ بسات بساط بسام بسفور بسكويت بسيط بشائر بشاع بشتون بشمرك بشير
  بصبص بصير بضائع بضاع بطاح بطار بطاطا بطاطس بطاق بطال بطان بطريرك بطول بطولت بطيء بطيئ بطيح بطيخ بعوض
  بعيد بعير بغاء بغداد بغيض بقاء بقاع بقال بقالط بقايا بقعاو بكاء بكالوريا بكالوريوس بكتريا بكتيريا
  بكوش بلات بلاد بلاديوم بلازما بلاستك بلاستيك بلاغ بلام بلبل بلتاج بلدت بلطج بلطيق بلغار بلفدير بلقاء
  بلهارسيا بلوت بلوتونيوم بلور بلوز بلوغ بلوك بلياردو بليد بليغ بناء بنات بنادق بنان بنتاج بنتاغ بنجاب
  بندق بنزرت بنغال بنفسج بنكرياس بنمحمد بنود بنوك بنين بهائ بهلوان بواب بوارد بواسل بوتاسيوم بوتسوان
  بوتوكس بورجواز بورسعيد بورص بورم بوسفور بوسن بوصفير بوصل بوعزيز بوعين بوكمال بولون بولونيوم بوليس
  بوليساريو بوليفينول بوليمر بولينج بوندسليغا بياض بيان بيانو بياو بيتكو بيتلز بيراق بيرتو بيرق بيرو
  بيروف بيروقراط بيروم بيشمرك بيضاء بيضاو بيطر بيلاروس بيوت بيولوج بيومتر بيون كائد كائن كابتن كابل
  كابوس كابيتول كاتالون كاتب كاثوليك كاحل كادر كاذب كارات كارث كاردينال كاريب كاريزما كاريكاتور
  كاريكاتير كازار كاسح كاسير كاشف كافا كافر كامب كامر كامرون كامل كامن كامور كامير كاميرا كاميرون
  كاناك كانتارا كؤوس كبائر كبائن كبار كبتاج كبريت كبسول كبير كتائب كتاب كتالون كترون كترونيا كترونيكس
  كتريك كتيب كثاف كثير كثيف كحلاو كحول كرات كراس كرام كربول كربون كربوهيدر كرتون كردستان كرمل كرنب
  كرنك كروات كروازيت كريكت كريم كريه كساد كسندا كسندر كسندرا كسور كسيس كشاف كفاء كفاح كفار كفيل كلاب
  كلاسيك كلاسيكو كلام كلبان كلمت كلور كليب كماش كمال كمبود كمبيوتر كمثر كمين كنائس كنار كنتالوب كنغر
  كنفدرال كنهل كنيس كنيست كهرب كهرباء كهربائ كهرومائ كهرومغناطيس كهنوت كهوف كوابل كوادر كوارث كوارك
  كواكب كواليس كوبرا كورنيش كوستاريك كوسوف كوكا كوكب كولومب كولونيل كوليرا كوليسترول كومبيوتر كومنولث
  كومودو كوميد كوميديا كونجرس كونغرس كونغو كونغول كونفدرال كويكب كيان كيتام كيلو كيلوغرام كيلومتر
  كيمائ كيماو كيمياء كيميائ كيمياو لائح لائق لاتف لاتين لاجئ لاحق لادين لاذع لاذق لازم لاسام لاسلك
  لاصق لاعب لافت لؤلؤ لامبالا لامحدود لامركز لامسؤول لامع لئيم لباس لثام لجان لجوء لحاق لحوم لدود لذيذ
  لزوج لسان لصوص لطيف لعاب لعيب لفتنانت لقاء لقاح لكاش لندن لواء لوائح لواط لوبيليا لوجست لوجيست لورد
  لوفتس لوفر لومبارد لويحق لياق ليال ليبرال ليبرتادوريس ليتوان ليثيوم ليزر ليغا ليكود وئام وائم واتس
  واتساب واجب واجه واحد وادع وارد وازع واسع واصل واضح واعد واعظ وافد واقع واقف واكد والد وايل وباء
  وبائ وبان وتير وثائق وثوق وثيق وجدان وجود وحداو وحدو وحيد ودائع وداد وداع ودود وديت وديع وراث ورود
  وريث وريد وريم وزار وزرا وزراء وزير وسائط وسائل وساط وسام وسطاء وسلات وسيط وسيل وشيك وصول وصيف وضوح
  وضيع وظائف وظيف وعاظ وعود وفاء وفاض وفاق وفود وفير وقائ وقائع وقود وقوع وقوف وقين وكال وكيل ولاء
  ولاد ولوج وليد ونسو ونيس ونيسكو ونيف وهاب وهايب وهيب ويلز
  بدات بداوا بلغت بلغوا باتت باتوا بقيت بحثت بحثوا برزت بعثت كشفت كشفوا كتبت كتبوا كسبت لعبت لعبوا
  وصلت وصلوا وقعت وقعوا وجدت وجدوا وضعت وضعوا وافق وافقت وافقوا وعدت ولدت وردت وقفت
`);

function buildNameForms(): Map<string, string> {
  const forms = new Map<string, string>();
  const add = (form: string, stem: string) => {
    const had = forms.get(form);
    if (had !== undefined && had !== stem) throw new Error(`lexicon: ${form} is both ${had} and ${stem}`);
    forms.set(form, stem);
  };
  for (const name of PROTECTED_NAME_LIST) add(name, name);
  for (const [alias, name] of Object.entries(ALIASES)) add(alias, name);
  for (const country of COUNTRIES) {
    const stem = country.adjectives[0]!;
    for (const name of country.names) add(name, stem);
    for (const adjective of country.adjectives) {
      for (const ending of ADJECTIVE_ENDINGS) {
        add(adjective + ending, stem);
        add(`ال${adjective}${ending}`, stem);
      }
    }
    for (const form of country.extra ?? []) add(form, stem);
  }
  return forms;
}

/**
 * Every lexicon form the stemmer maps as a whole, to its stem: protected names
 * (to themselves), {@link ALIASES}, and the forms of {@link COUNTRIES}.
 */
export const NAME_FORMS: ReadonlyMap<string, string> = buildNameForms();

/** {@link FUNCTION_WORD_LIST} as a set. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(FUNCTION_WORD_LIST);

/** {@link RADICAL_INITIAL_LIST} as a set. */
export const RADICAL_INITIAL: ReadonlySet<string> = new Set(RADICAL_INITIAL_LIST);
