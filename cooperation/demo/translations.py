"""The seed story in Kazakh, Russian and Azerbaijani, beside the English of cooperation/demo/__init__.py.

The official terms are those of docs/glossary.md (әкім / аким / akim, әкімдік / акимат / akimlik,
Бас консул / Генеральный консул / Baş konsul, Маңғыстау облысы / Мангистауская область /
Manqistau vilayəti). What the officials said is not here: it is kept in the words it was reported in.
"""

# Organizations by their English name: (name, short name) in each language.
ORGANIZATIONS = {
    "Akimat of Mangystau Region": {
        "kk": ("Маңғыстау облысының әкімдігі", "Маңғыстау әкімдігі"),
        "ru": ("Акимат Мангистауской области", "Акимат Мангистау"),
        "az": ("Manqistau vilayətinin akimliyi", "Manqistau akimliyi"),
    },
    "Consulate General of the Republic of Azerbaijan in Aktau": {
        "kk": ("Әзірбайжан Республикасының Ақтаудағы Бас консулдығы", "Бас консулдық"),
        "ru": ("Генеральное консульство Азербайджанской Республики в Актау", "Генеральное консульство"),
        "az": ("Azərbaycan Respublikasının Aktaudakı Baş Konsulluğu", "Baş Konsulluq"),
    },
    "Azerbaijan Caspian Shipping Company": {
        "kk": ("Әзірбайжан Каспий теңіз кеме қатынасы", "ASCO"),
        "ru": ("Азербайджанское Каспийское морское пароходство", "АСКО"),
        "az": ("Azərbaycan Xəzər Dəniz Gəmiçiliyi", "ASCO"),
    },
    "KazMorTransFlot": {
        "kk": ("ҚазМорТрансФлот", "ҚМТФ"),
        "ru": ("КазМорТрансФлот", "КМТФ"),
        "az": ("KazMorTransFlot", "KMTF"),
    },
}

# Each official's post, by the official's slug.
POSTS = {
    "nurdaulet-kilybay": {
        "kk": "Маңғыстау облысының әкімі",
        "ru": "Аким Мангистауской области",
        "az": "Manqistau vilayətinin akimi",
    },
    "elchin-mammadov": {
        "kk": "Әзірбайжанның Ақтаудағы Бас консулы",
        "ru": "Генеральный консул Азербайджана в Актау",
        "az": "Azərbaycanın Aktaudakı Baş konsulu",
    },
}

MEETING = {
    "kk": {
        "title": "Маңғыстау облысының әкімі Әзірбайжанның Ақтаудағы Бас консулымен кездесті",
        "place": "Ақтау",
        "summary": (
            "Маңғыстау облысының әкімі Нұрдәулет Қилыбай Әзірбайжанның Ақтаудағы Бас консулы Эльчин Мамедовке "
            "әзірбайжандық компаниялардың өңірге азық-түлік пен халық тұтынатын тауарларды, ең алдымен "
            "жеміс-жидекті, сондай-ақ құрылыс материалдарын көбірек жеткізуін, туристік байланыстарды нығайтуды "
            "және жоғары деңгейдегі кездесулерді күтпей, өзара келісім бойынша бірлескен жобаларды бастауды "
            "ұсынды. Бас консул екі елдің мемлекеттік теңіз компаниялары жүк флотын ұлғайтып үлгергенін айтып, "
            "құрылыс материалдарын, тоқыма мен ауыл шаруашылығы өнімдерін, азық-түлік алмасуын, өзара "
            "инвестицияны, бірлескен өндірісті және туризмді тауар айналымын арттыру жолдары ретінде атады, ал "
            "2025 жылы Ақтаудың түркі әлемінің астанасы болуына орай өтетін іс-шараларды ынтымақтастықты "
            "тереңдетуге мүмкіндік деп бағалады."
        ),
    },
    "ru": {
        "title": "Аким Мангистауской области встретился с Генеральным консулом Азербайджана в Актау",
        "place": "Актау",
        "summary": (
            "Аким Мангистауской области Нурдаулет Килыбай предложил Генеральному консулу Азербайджана в Актау "
            "Эльчину Мамедову, чтобы азербайджанские компании увеличили поставки в регион продовольствия и "
            "потребительских товаров, прежде всего фруктов, а также строительных материалов, укрепить "
            "туристические связи и начинать совместные проекты по взаимной договорённости, не дожидаясь встреч "
            "на высоком уровне. Генеральный консул ответил, что государственные морские компании двух стран уже "
            "увеличили грузовой флот, назвал строительные материалы, текстиль, сельскохозяйственную продукцию, "
            "обмен продовольствием, взаимные инвестиции, совместное производство и туризм путями роста "
            "товарооборота, а мероприятия 2025 года, когда Актау станет столицей тюркского мира, — поводом для "
            "более тесного сотрудничества."
        ),
    },
    "az": {
        "title": "Manqistau vilayətinin akimi Azərbaycanın Aktaudakı Baş konsulu ilə görüşüb",
        "place": "Aktau",
        "summary": (
            "Manqistau vilayətinin akimi Nurdaulet Kılıbay Azərbaycanın Aktaudakı Baş konsulu Elçin Məmmədova "
            "Azərbaycan şirkətlərinin vilayətə ərzaq və istehlak mallarının, ilk növbədə meyvənin, həmçinin "
            "tikinti materiallarının tədarükünü artırmağı, turizm əlaqələrini gücləndirməyi və yüksək səviyyəli "
            "görüşləri gözləmədən qarşılıqlı razılaşma əsasında birgə layihələrə başlamağı təklif edib. Baş "
            "konsul iki ölkənin dövlət dəniz şirkətlərinin yük donanmasını artıq genişləndirdiyini bildirib, "
            "tikinti materiallarını, toxuculuq və kənd təsərrüfatı məhsullarını, ərzaq mübadiləsini, qarşılıqlı "
            "investisiyaları, birgə istehsalı və turizmi ticarət dövriyyəsini artırmağın yolları kimi göstərib, "
            "2025-ci ildə Aktaunun türk dünyasının paytaxtı olması ilə bağlı tədbirləri isə daha sıx əməkdaşlıq "
            "üçün fürsət adlandırıb."
        ),
    },
}

# Each proposal by its key in PROPOSALS: (title, summary) in each language.
PROPOSALS = {
    "food": {
        "kk": (
            "Әзірбайжаннан азық-түлік пен халық тұтынатын тауарларды, ең алдымен жеміс-көкөністі көбірек жеткізу",
            "Әзірбайжандық компаниялар Маңғыстау облысына азық-түлік пен халық тұтынатын тауарларды көбірек "
            "жеткізеді: өңірде жеміс-көкөніс түрлері жетіспейді, олар негізінен импортпен әкелінеді.",
        ),
        "ru": (
            "Больше продовольствия и потребительских товаров из Азербайджана, прежде всего фруктов и овощей",
            "Азербайджанские компании увеличивают поставки продовольствия и потребительских товаров в "
            "Мангистаускую область, где не хватает разнообразных фруктов и овощей и которая в основном "
            "зависит от импорта.",
        ),
        "az": (
            "Azərbaycandan daha çox ərzaq və istehlak malları, ilk növbədə meyvə-tərəvəz",
            "Azərbaycan şirkətləri Manqistau vilayətinə daha çox ərzaq və istehlak malları tədarük edir: "
            "vilayətdə meyvə-tərəvəz çeşidi azdır və o, əsasən idxaldan asılıdır.",
        ),
    },
    "construction": {
        "kk": (
            "Құрылыс материалдарының саудасы",
            "Әзірбайжандық компаниялардан өңірге құрылыс материалдарын жеткізу және олардың екі жақты саудасы.",
        ),
        "ru": (
            "Торговля строительными материалами",
            "Строительные материалы от азербайджанских компаний для региона и взаимная торговля ими.",
        ),
        "az": (
            "Tikinti materialları ticarəti",
            "Azərbaycan şirkətlərindən vilayət üçün tikinti materialları və onların qarşılıqlı ticarəti.",
        ),
    },
    "tourism": {
        "kk": (
            "Әзірбайжан мен Маңғыстау арасындағы туристік байланыстарды нығайту",
            "Әзірбайжан мен Маңғыстау облысы арасындағы туристік байланыстарды нығайту.",
        ),
        "ru": (
            "Укрепление туристических связей между Азербайджаном и Мангистау",
            "Укрепление туристических связей между Азербайджаном и Мангистауской областью.",
        ),
        "az": (
            "Azərbaycan ilə Manqistau arasında turizm əlaqələrinin gücləndirilməsi",
            "Azərbaycan ilə Manqistau vilayəti arasında turizm əlaqələrinin gücləndirilməsi.",
        ),
    },
    "joint-projects": {
        "kk": (
            "Жоғары деңгейдегі кездесулерді күтпей, өзара келісім бойынша бірлескен жобалар",
            "Жоғары деңгейдегі ресми кездесулерді күтпей, бірлескен жобалар мен екіжақты байланыстарды өзара "
            "келісім бойынша бастау.",
        ),
        "ru": (
            "Совместные проекты по взаимной договорённости, не дожидаясь встреч на высоком уровне",
            "Начинать совместные проекты и развивать двусторонние связи по взаимной договорённости, не дожидаясь "
            "официальных встреч на высоком уровне.",
        ),
        "az": (
            "Yüksək səviyyəli görüşləri gözləmədən qarşılıqlı razılaşma ilə birgə layihələr",
            "Yüksək səviyyəli rəsmi görüşləri gözləmədən birgə layihələrə və ikitərəfli əlaqələrə qarşılıqlı "
            "razılaşma ilə başlamaq.",
        ),
    },
    "textiles": {
        "kk": ("Тоқыма саудасы", "Сауда көлемін арттыру үшін екі ел арасындағы тоқыма саудасы."),
        "ru": ("Торговля текстилем", "Торговля текстилем между двумя странами для роста объёма торговли."),
        "az": (
            "Toxuculuq məhsulları ticarəti",
            "Ticarət həcmini artırmaq üçün iki ölkə arasında toxuculuq məhsulları ticarəti.",
        ),
    },
    "agriculture": {
        "kk": (
            "Ауыл шаруашылығы өнімдерінің саудасы",
            "Сауда көлемін арттыру үшін екі ел арасындағы ауыл шаруашылығы өнімдерінің саудасы.",
        ),
        "ru": (
            "Торговля сельскохозяйственной продукцией",
            "Торговля сельскохозяйственной продукцией между двумя странами для роста объёма торговли.",
        ),
        "az": (
            "Kənd təsərrüfatı məhsulları ticarəti",
            "Ticarət həcmini artırmaq üçün iki ölkə arasında kənd təsərrüfatı məhsulları ticarəti.",
        ),
    },
    "investment": {
        "kk": (
            "Өзара инвестиция және бірлескен өндіріс",
            "Сауда көлемін арттыру үшін өзара инвестиция және бірлескен өндіріс.",
        ),
        "ru": (
            "Взаимные инвестиции и совместное производство",
            "Взаимные инвестиции и совместное производство для роста объёма торговли.",
        ),
        "az": (
            "Qarşılıqlı investisiyalar və birgə istehsal",
            "Ticarət həcmini artırmaq üçün qarşılıqlı investisiyalar və birgə istehsal.",
        ),
    },
    "aktau-2025": {
        "kk": (
            "Түркі әлемінің астанасы «Ақтау 2025»: іс-шаралар мен делегациялар",
            "2025 жылы Ақтау — түркі әлемінің астанасы: іс-шаралар мен түркітілдес елдер делегацияларының ресми "
            "сапарлары ынтымақтастықты тереңдетуге мүмкіндік береді.",
        ),
        "ru": (
            "Мероприятия и делегации года «Актау — столица тюркского мира 2025»",
            "В 2025 году Актау — столица тюркского мира: мероприятия и официальные визиты делегаций "
            "тюркоязычных стран — повод для более тесного сотрудничества.",
        ),
        "az": (
            "Türk dünyasının paytaxtı «Aktau 2025»: tədbirlər və nümayəndə heyətləri",
            "2025-ci ildə Aktau türk dünyasının paytaxtıdır: tədbirlər və türkdilli ölkələrin nümayəndə "
            "heyətlərinin rəsmi səfərləri daha sıx əməkdaşlıq üçün fürsətdir.",
        ),
    },
    "cargo-fleet": {
        "kk": (
            "Екі мемлекеттік теңіз компаниясының жүк флотын ұлғайту",
            "Әзірбайжан мен Қазақстанның мемлекеттік теңіз компаниялары жүк кемелерінің флотын бірлесіп "
            "ұлғайтты; кездесуде бұл атқарылған іс ретінде айтылды.",
        ),
        "ru": (
            "Расширение грузового флота двух государственных морских компаний",
            "Государственные морские компании Азербайджана и Казахстана совместно увеличили флот грузовых "
            "судов; на встрече об этом сообщили как об уже сделанном.",
        ),
        "az": (
            "İki dövlət dəniz şirkətinin yük donanmasının genişləndirilməsi",
            "Azərbaycan və Qazaxıstanın dövlət dəniz şirkətləri yük gəmiləri donanmasını birlikdə "
            "genişləndirib; görüşdə bu, artıq görülmüş iş kimi qeyd olunub.",
        ),
    },
}


def in_languages(english, translations, *fields):
    """The language fields of one record: {"title_en": …, "title_kk": …, …}.

    `english` maps each field to its English text; `translations` maps each other language to the
    texts of `fields`, in that order (a single text when there is one field).
    """
    values = {f"{field}_en": text for field, text in english.items()}
    for language, texts in translations.items():
        texts = (texts,) if isinstance(texts, str) else texts
        if isinstance(texts, dict):
            texts = tuple(texts[field] for field in fields)
        values.update({f"{field}_{language}": text for field, text in zip(fields, texts, strict=True)})
    return values


# Ports and routes by code: (kind, economies, English name, {language: name}).
PLACES = {
    "AKTAU": ("port", ("KZ-47",), "Port of Aktau", {"kk": "Ақтау порты", "ru": "Порт Актау", "az": "Aktau limanı"}),
    "KURYK": ("port", ("KZ-47",), "Port of Kuryk", {"kk": "Құрық порты", "ru": "Порт Курык", "az": "Kuryk limanı"}),
    "BAKU": (
        "port",
        ("AZ",),
        "Port of Baku (Alat)",
        {"kk": "Баку порты (Алят)", "ru": "Бакинский порт (Алят)", "az": "Bakı limanı (Ələt)"},
    ),
    "AKTAU-BAKU": (
        "route",
        ("KZ-47", "AZ"),
        "Aktau – Baku",
        {"kk": "Ақтау – Баку", "ru": "Актау – Баку", "az": "Aktau – Bakı"},
    ),
    "KURYK-ALAT": (
        "route",
        ("KZ-47", "AZ"),
        "Kuryk – Alat",
        {"kk": "Құрық – Алят", "ru": "Курык – Алят", "az": "Kuryk – Ələt"},
    ),
    "TITR": (
        "route",
        ("KZ", "AZ"),
        "Trans-Caspian International Transport Route (TITR)",
        {
            "kk": "Транскаспий халықаралық көлік бағыты (ТХКБ)",
            "ru": "Транскаспийский международный транспортный маршрут (ТМТМ)",
            "az": "Transxəzər Beynəlxalq Nəqliyyat Marşrutu (TBNM)",
        },
    ),
}
