"""Names across scripts: one person's spellings match, different people with similar names do not."""

import pytest

from cooperation.names import fold, likely_same, name_key, similar

# One person's name as written in Kazakh, Russian, Azerbaijani and English texts.
SAME = [
    ("Назарбаев", "Nazarbayev"),
    ("Нурсултан Назарбаев", "Nursultan Nazarbayev"),
    ("Назарбаев Нурсултан Абишевич", "Nursultan Nazarbayev"),
    ("Нұрсұлтан Әбішұлы Назарбаев", "Nursultan Nazarbayev"),
    ("İlham Heydər oğlu Əliyev", "Ильхам Алиев"),
    ("Тоқаев", "Tokayev"),
    ("Токаев", "Tokayev"),
    ("Тоқаев", "Токаев"),
    ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),
    ("Əliyev", "Aliyev"),
    ("Алиев", "Aliyev"),
    ("Əliyev", "Алиев"),
    ("İlham Əliyev", "Ильхам Алиев"),
    ("Ильхам Гейдар оглы Алиев", "Ilham Aliyev"),
    ("Heydər Əliyev", "Гейдар Алиев"),
    ("Məmmədov", "Mamedov"),
    ("Məmmədov", "Mammadov"),
    ("Mamedov", "Mammadov"),
    ("Elçin Məmmədov", "Эльчин Мамедов"),
    ("Elchin Mammadov", "Elchin Mamedov"),
    ("Elçin Məmmədov", "Elchin Mammadov"),
    ("Нұрдәулет Қилыбай", "Nurdaulet Kilybay"),
    ("Нурдаулет Килыбай", "Nurdaulet Kilybay"),
    ("Қилыбай", "Kilybay"),
    ("Килыбай Нурдаулет", "Nurdaulet Kilybay"),
    ("Жұмабаев", "Zhumabayev"),
    ("Жұмабаев", "Jumabayev"),
    ("Zhumabayev", "Jumabaev"),
    ("Həsənov", "Гасанов"),
    ("Hasanov", "Гасанов"),
    ("Hüseynov", "Гусейнов"),
    ("Ceyhun Bayramov", "Джейхун Байрамов"),
    ("Jeyhun Bayramov", "Ceyhun Bayramov"),
    ("Mikayıl Cabbarov", "Микаил Джаббаров"),
    ("Mikayil Jabbarov", "Микаил Джаббаров"),
    ("Xəlilov", "Халилов"),
    ("Xəlilov", "Khalilov"),
    ("Şahin Mustafayev", "Шахин Мустафаев"),
    ("Əli Əsədov", "Али Асадов"),
    ("Ali Asadov", "Əli Əsədov"),
    ("Qasımov", "Kasymov"),
    ("Серік Жұманғарин", "Serik Zhumangarin"),
    ("Алихан Смаилов", "Alikhan Smailov"),
    ("Ерлан Карин", "Yerlan Karin"),
    ("Мұрат Нұртілеу", "Murat Nurtleu"),
    ("Бауыржан", "Bauyrzhan"),
    ("Бауыржан", "Baurzhan"),
    ("Асқар Мамин", "Askar Mamin"),
    ("Мухтар Бабаев", "Mukhtar Babayev"),
    ("Ramiz Mehdiyev", "Рамиз Мехтиев"),
    ("Samir Şərifov", "Самир Шарифов"),
    ("Emin Əmrullayev", "Эмин Амруллаев"),
    ("Elmar Məmmədyarov", "Эльмар Мамедъяров"),
    ("Ибрагимов", "İbrahimov"),
    ("Ибрагимов", "Ibragimov"),
    ("Жанболат", "Zhanbolat"),
    ("Жанболат", "Janbolat"),
    ("Александр", "Alexander"),
    ("Ержан Қазыханов", "Yerzhan Kazykhanov"),
    ("Daniyar Akishev", "Данияр Акишев"),
    ("Әбіш", "Abish"),
    ("Мирзоев", "Mirzəyev"),  # missed: Russian о for Azerbaijani ə
    ("Гусейн", "Hüseyn"),
    ("Кенжебеков", "Kenjebekov"),
    ("Ахмедов", "Əhmədov"),
    ("Бердібек Сапарбаев", "Berdibek Saparbayev"),
    ("Ербол Қарашөкеев", "Yerbol Karashukeyev"),
    ("Дмитрий Медведев", "Dmitry Medvedev"),
    ("Юсупов", "Yusupov"),
    ("Ялчин Рафиев", "Yalchin Rafiyev"),
    ("Руслан Жақсылықов", "Ruslan Zhaksylykov"),
    ("Мейрам Бегентаев", "Meiram Begentayev"),
    # Written down after the rules and the threshold were set, as a check on them:
    ("Ali Həsənov", "Али Гасанов"),
    ("Бахыт Сұлтанов", "Bakhyt Sultanov"),
    ("Ziyad Səmədzadə", "Зияд Самедзаде"),
    ("Новруз Мамедов", "Novruz Məmmədov"),
    ("Қайрат Келімбетов", "Kairat Kelimbetov"),
    ("Мирас Тұрысбеков", "Miras Turysbekov"),
    ("Рашид Мейрамов", "Rashid Meiramov"),
    ("Фуад Ахундов", "Fuad Axundov"),  # missed: x without another Azerbaijani letter is read as ks
    ("Шахмар Мовсумов", "Şahmar Mövsümov"),
    ("Ерболат Досаев", "Yerbolat Dossayev"),
    ("Мұхтар Жақышев", "Mukhtar Dzhakishev"),
    ("Айдын Керимов", "Aydın Kərimov"),
    ("Тимур Кулибаев", "Timur Kulibayev"),
    ("Марат Бекетаев", "Marat Beketayev"),
    ("Эльнур Солтанов", "Elnur Soltanov"),
]

# Different people whose names look alike.
DIFFERENT = [
    ("Aliyev", "Alimov"),
    ("Mammadov", "Mahmudov"),
    ("Məmmədov", "Mahmudov"),
    ("Tokayev", "Tokhtarov"),
    ("Tokayev", "Tokarev"),
    ("Ilham Aliyev", "Heydar Aliyev"),
    ("İlham Əliyev", "Mehriban Əliyeva"),
    ("Elchin Mammadov", "Elnur Mammadov"),
    ("Elçin Məmmədov", "Elşən Məmmədov"),
    ("Nurdaulet Kilybay", "Nurlan Kilybay"),
    ("Nursultan Nazarbayev", "Nurlan Nazarbayev"),
    ("Nazarbayev", "Nazarov"),
    ("Zhumabayev", "Zhunusbayev"),
    ("Asadov", "Asanov"),
    ("Hasanov", "Huseynov"),
    ("Ali Asadov", "Ali Akhmedov"),
    ("Askar Mamin", "Askar Mamyrov"),
    ("Serik Zhumangarin", "Serik Zhumabekov"),
    ("Alikhan Smailov", "Alikhan Bakirov"),
    ("Murat Nurtleu", "Murat Nurlanov"),
    ("Ramiz Mehdiyev", "Ramil Mehdiyev"),
    ("Yerlan Karin", "Yerlan Karimov"),
    ("Mukhtar Babayev", "Mukhtar Bayramov"),
    ("Elmar Mammadyarov", "Elmar Mammadov"),
    ("Ilham Aliyev", "Ilham Alimov"),
    ("Heydar Aliyev", "Heydar Asadov"),
    ("Mikayil Jabbarov", "Mikayil Jafarov"),
    ("Shahin Mustafayev", "Shahin Mustafin"),
    ("Daniyar Akishev", "Daniyar Abishev"),
    ("Kasymov", "Kasenov"),
    ("Abdullayev", "Abdulov"),
    ("Nurlan Nogayev", "Nurlan Nogerbekov"),
    ("Jeyhun Bayramov", "Jeyhun Bayramli"),
    ("Нұрдәулет Қилыбай", "Нұрлан Қилыбаев"),
    ("Эльчин Мамедов", "Эльнур Мамедов"),
    ("Серік Жұманғарин", "Серік Жұмабеков"),
    ("Kassym-Jomart Tokayev", "Kassym Tokhtarov"),
    ("Yerzhan Kazykhanov", "Yerzhan Kazybekov"),
    ("Orazbayev", "Orazalin"),
    ("Saparbayev", "Sarsenbayev"),
    ("Berdibek Saparbayev", "Berik Saparbayev"),
    ("Samir Nuriyev", "Samir Nuriddinov"),
    ("Dmitry Medvedev", "Dmitry Mezentsev"),
    ("Ruslan Zhaksylykov", "Ruslan Zhakupov"),
    ("Rafiyev", "Rahimov"),
    ("Yalchin Rafiyev", "Yalchin Rafiqli"),
    ("Ahmadov", "Akhundov"),
    ("Kenjebekov", "Kenzhebayev"),
    ("Huseyn Huseynov", "Hasan Hasanov"),
    # Written down after the rules and the threshold were set, as a check on them:
    ("Ali Hasanov", "Ali Husseinov"),
    ("Bakhyt Sultanov", "Bakhyt Sultanbekov"),
    ("Novruz Mammadov", "Novruz Mahmudov"),
    ("Kairat Kelimbetov", "Kairat Kemelbekov"),
    ("Timur Kulibayev", "Timur Kuliyev"),
    ("Marat Beketayev", "Marat Bektemirov"),
    ("Aydin Karimov", "Aydin Karimli"),
    ("Fuad Akhundov", "Fuad Alakbarov"),
    ("Yerbolat Dossayev", "Yerbolat Doszhanov"),
]


def precision_and_recall():
    true_pos = sum(likely_same(a, b) for a, b in SAME)
    false_pos = sum(likely_same(a, b) for a, b in DIFFERENT)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    return precision, true_pos / len(SAME)


def test_enough_pairs_to_measure_on():
    assert len(SAME) >= 30
    assert len(DIFFERENT) >= 30


def test_precision_and_recall_on_real_names():
    precision, recall = precision_and_recall()
    print(
        f"likely_same on {len(SAME)} same-person and {len(DIFFERENT)} different-person pairs: "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision == 1.0
    assert recall >= 0.97


@pytest.mark.parametrize(("a", "b"), SAME)
def test_scores_of_one_persons_spellings(a, b):
    assert similar(a, b) == similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Килыбай", "Kilybay"), ("Mamedov", "Mammadov"), ("Məmmədov", "Mammadov"), ("Тоқаев", "Tokayev")],
)
def test_one_key_across_scripts(a, b):
    assert fold(a) == fold(b)


def test_fold_gives_plain_lower_case_latin():
    assert fold("Нұрдәулет  ҚИЛЫБАЙ") == fold("nurdaulet kilybay")
    assert fold("Нұрдәулет Қилыбай").isascii()
    assert fold("") == ""
    assert fold("  - ") == ""


def test_name_key_holds_every_spelling_once():
    key = name_key("Elchin Mammadov", "Elçin Məmmədov", "Эльчин Мамедов\n\nElchin Mamedov\n")
    assert key.splitlines() == [fold("Elchin Mammadov")]
    key = name_key("Nurdaulet Kilybay", "", "Kilybay Nurdaulet")
    assert key.splitlines() == [fold("Nurdaulet Kilybay"), fold("Kilybay Nurdaulet")]


def test_nothing_is_like_an_empty_name():
    assert similar("", "Aliyev") == 0.0
    assert not likely_same("", "")
