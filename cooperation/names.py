"""One rule for telling whether two written names are the same person's, in any script.

An official's name reaches us in Kazakh or Russian Cyrillic, in Azerbaijani Latin and in the
English spellings of news agencies: Мамедов, Mammadov and Məmmədov are one surname. `fold()`
turns any of them into the same plain Latin key, `similar()` scores two names word by word, and
`likely_same()` says whether the score is high enough to treat them as one person. The threshold
is measured on the name pairs in tests/test_names.py.
"""

import itertools
import re

from anyascii import anyascii
from rapidfuzz.distance import Indel

# Letters the generic transliteration renders otherwise than English and Russian texts spell them,
# rewritten before it: Azerbaijani ə, ç, ş, ı and Kazakh ә, қ, ғ, ң, ұ, ү, һ, і, ө (as a, ch, sh, i,
# and the Russian letters Kazakh names are written with in Russian texts); soft and hard signs go.
LETTERS = str.maketrans(
    {
        "ə": "a",
        "Ə": "A",
        "ә": "а",
        "Ә": "А",
        "ä": "a",
        "Ä": "A",
        "ç": "ch",
        "Ç": "Ch",
        "ş": "sh",
        "Ş": "Sh",
        "ı": "i",
        "İ": "I",
        "қ": "к",
        "Қ": "К",
        "ғ": "г",
        "Ғ": "Г",
        "ң": "н",
        "Ң": "Н",
        "ұ": "у",
        "Ұ": "У",
        "ү": "у",
        "Ү": "У",
        "һ": "х",
        "Һ": "Х",
        "і": "и",
        "І": "И",
        "ө": "о",
        "Ө": "О",
        "ъ": "",
        "Ъ": "",
        "ь": "",
        "Ь": "",
    }
)

AZERBAIJANI = re.compile(r"[əƏçÇşŞğĞıİöÖüÜ]")
AZERBAIJANI_X = re.compile(r"[xX]")
INITIAL_X = re.compile(r"\b[xX]")

# Spelling conventions that differ between transliterations of one sound, in order.
RULES = [
    (re.compile(r"['`’ʼ]"), ""),
    (re.compile(r"[^a-z]+"), " "),
    (re.compile(r"shch"), "sh"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"c(?!h)"), "j"),  # Azerbaijani c: Cəfərov, Джафаров, Jafarov
    (re.compile(r"kh|g"), "h"),  # Xəlilov, Khalilov; Həsənov, Гасанов (Russian г for h)
    (re.compile(r"(?<=h)d"), "t"),  # Mehdiyev, Мехтиев
    (re.compile(r"q"), "k"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # Tokayev, Токаев
    (re.compile(r"\bye"), "e"),  # Yerlan, Ерлан
    (re.compile(r"\by(?=[aiou])"), "i"),  # Yusupov, Iusupov
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<![aeiou])e"), "a"),  # Mamedov, Mammadov (Russian е for ə)
    (re.compile(r"([a-z])\1+"), r"\1"),  # Mammadov, Mamadov
]

# Words (as folded) that only mark a patronymic, dropped with the father's name before them:
# Heydər oğlu, Гейдар оглы, Əli qızı, Әбіш ұлы. Patronymics written as one word (Абишевич,
# Абишұлы) are dropped from names of three or more words.
PATRONYMIC_MARKERS = {"ohlu", "ohli", "kizi", "uli"}
PATRONYMIC_ENDINGS = ("vich", "vna", "ichna", "uli", "kizi")

# Measured on the pairs in tests/test_names.py: the different people there score up to 0.857, the
# same person's spellings 0.909 and above, but for two at 0.857 (Мирзоев / Mirzəyev, Ахундов / Axundov).
# Anything between 0.86 and 0.90 gives the same precision and recall there; 0.88 is the middle.
THRESHOLD = 0.88
# A search may show a little more than a duplicate check warns about: one letter wrong in a word of
# seven letters or more ("Mamedof").
SEARCH_THRESHOLD = 0.85


def _convert(text):
    text = text or ""
    # Azerbaijani x is the kh of other spellings (Xəlilov, Khalilov); elsewhere x is ks (Alexander).
    text = AZERBAIJANI_X.sub("kh", text) if AZERBAIJANI.search(text) else INITIAL_X.sub("kh", text)
    text = anyascii(text.translate(LETTERS)).lower()
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text.split()


def words(text):
    """The folded words of a name, a patronymic left out (it is often missing in one spelling)."""
    folded = _convert(text)
    kept = []
    for word in folded:
        if word in PATRONYMIC_MARKERS:
            if kept:
                kept.pop()
            continue
        kept.append(word)
    if len(kept) > 2:
        kept = [word for word in kept if not word.endswith(PATRONYMIC_ENDINGS)] or kept
    return kept


def fold(text):
    """A name as a plain lower-case Latin key, the same for its spellings in any script."""
    return " ".join(words(text))


def _word_score(a, b):
    return Indel.normalized_similarity(a, b)


def similar(a, b):
    """How alike two names are, from 0 to 1: every word of the shorter name against its best partner.

    The words are paired whatever their order (surname first or last), and the weakest pair
    decides, so that the same surname with another first name stays apart.
    """
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    if len(left) > len(right):
        left, right = right, left
    if len(right) > 6:
        right = right[:6]
    left = left[: len(right)]
    best = 0.0
    for chosen in itertools.permutations(right, len(left)):
        score = min(_word_score(x, y) for x, y in zip(left, chosen, strict=True))
        best = max(best, score)
    if len(left) < len(right) and len(left) < 2:
        best *= 0.9  # a surname alone says less about who it is
    return best


def likely_same(a, b, threshold=THRESHOLD):
    """Whether two written names are most likely one person's (see THRESHOLD)."""
    return similar(a, b) >= threshold


def query_score(query, name):
    """How well a search finds a name, from 0 to 1: each word searched for against its best word of the name.

    Unlike `similar`, the name may have more words than the search ("Mamedov" finds Elchin Mammadov),
    and a word typed in part counts by the part ("Килы" finds Kilybay).
    """
    asked, found = words(query), words(name)
    if not asked or not found:
        return 0.0
    return min(max(_word_score(word, other[: len(word)]) for other in found) for word in asked)


def all_names(full_name, name_native="", other_spellings=""):
    """Every spelling of one person's name, the first the display form."""
    names = [full_name, name_native, *(other_spellings or "").splitlines()]
    return [name.strip() for name in names if name and name.strip()]


def name_key(full_name, name_native="", other_spellings=""):
    """The stored search key of an official: each spelling folded, one per line, no repeats."""
    keys = []
    for name in all_names(full_name, name_native, other_spellings):
        key = fold(name)
        if key and key not in keys:
            keys.append(key)
    return "\n".join(keys)
