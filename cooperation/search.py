"""Search in any script: list searches that ignore case, and officials found by any spelling of their name.

SQLite's own LOWER, UPPER and LIKE fold only ASCII letters, so "поставка" would not find
"Поставка". Each SQLite connection gets a `casefold` function backed by Python's
`str.casefold` (registered in `apps.CooperationConfig.ready`); PostgreSQL's LOWER already folds
every script, so the same query runs on both. On both, Azerbaijani İ and ı count as I and i.

Officials are found by a key that holds every spelling of their name folded to plain Latin
(`Official.name_key`, see `names.py`), so a search in one script finds a name written in another.
"""

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains

from cooperation import names

SQLITE_FUNCTION = "casefold"


# Azerbaijani (and Turkish) İ and ı are read as I and i, so that a search typed with either finds both.
DOTTED_I, PLAIN_I = "İı", "Ii"
_PLAIN_I = str.maketrans(DOTTED_I, PLAIN_I)


def _casefold(text):
    return None if text is None else str(text).translate(_PLAIN_I).casefold()


def add_sqlite_functions(sender, connection, **kwargs):
    """On every new SQLite connection, define `casefold(text)`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _casefold, deterministic=True)


class Folded(Func):
    """Text with case folded, whatever its script."""

    template = f"LOWER(TRANSLATE(%(expressions)s, '{DOTTED_I}', '{PLAIN_I}'))"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template=f"{SQLITE_FUNCTION}(%(expressions)s)", **extra_context)


class Joined(Func):
    """Text fields joined by FIELD_SEPARATOR, a NULL as empty, in one flat `||` (Concat nests a pair per field,
    deeper than SQLite's parser takes for a dozen fields)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()

    def __init__(self, *fields):
        parts = [part for name in fields for part in (Coalesce(F(name), Value("")), Value(FIELD_SEPARATOR))]
        super().__init__(*parts[:-1])


def contains_folded(field, value):
    """The condition `field` contains `value`, ignoring case in any script."""
    return Contains(Folded(F(field)), Folded(Value(value)))


# Put between the fields a search tests together: the ASCII unit separator, which no one types; a search that
# holds it is tested field by field.
FIELD_SEPARATOR = "\x1f"


def search(queryset, fields, value, kind=None):
    """Rows any of whose `fields` (field names, relations followed with `__`) contain `value`.

    With a search `kind`, also the rows the search index finds for it (every word, in any language,
    accent or Russian form), as the search page does.
    """
    if len(fields) > 1 and FIELD_SEPARATOR not in value:
        # One test of all the fields joined, not one per field: on SQLite each test calls `casefold` in
        # Python for every row, most of the time of a filtered list. A match cannot span two fields, as
        # the separator between them is in no search (and folds to itself).
        query = Q(Contains(Folded(Joined(*fields)), Folded(Value(value))))
    else:
        query = Q()
        for name in fields:
            query |= Q(contains_folded(name, value))
    if kind:
        from cooperation.search_index import matching

        indexed = matching(value, kind)
        if indexed is not None:
            # First: a row the index finds is not folded and scanned at all (SQLite tests an OR in order).
            query = Q(indexed) | query
    return queryset.filter(query)


# How many officials a search or a duplicate check scores in Python, at most.
CANDIDATES = 500


def _sharing_a_start(queryset, words):
    """The officials with a spelling that holds the first three letters of one of `words`.

    On SQLite they are read from a trigram index of the spellings (migration 0031), not by testing
    every official's; PostgreSQL tests them (`name_key` holds a few short lines).
    """
    starts = sorted({word[:3] for word in words if len(word) >= 3})
    if not starts:
        return queryset.none()
    if connections[queryset.db].vendor == "sqlite":
        match = " OR ".join('"{}"'.format(start.replace('"', '""')) for start in starts)
        return queryset.filter(pk__in=RawSQL("SELECT rowid FROM official_names WHERE official_names MATCH %s", [match]))
    query = Q()
    for start in starts:
        query |= Q(name_key__contains=start)
    return queryset.filter(query)


def officials_named(queryset, text):
    """The officials of `queryset` whose name in any script and spelling matches the search `text`."""
    return queryset.filter(pk__in=official_ids_named(queryset, text))


def official_ids_named(queryset, text):
    """The ids of the officials of `queryset` whose name in any script and spelling matches the search `text`.

    A record matches when each word searched for is in one of its spellings, folded to plain Latin
    (`names.fold`), or when the words are alike enough (`names.query_score`): "Килыбай" finds
    Nurdaulet Kilybay, "Mamedov" finds Elchin Mammadov. One query: a record holding every word also
    shares their starts, and those come first.
    """
    words = names.words(text)
    if not words:
        return set()
    exact = Q()
    for word in words:
        exact &= Q(name_key__contains=word)
    if any(len(word) >= 3 for word in words):
        looked_at = _sharing_a_start(queryset, words).alias(exact=ExpressionWrapper(exact, BooleanField()))
        looked_at = looked_at.order_by("-exact", "full_name")
    else:
        looked_at = queryset.filter(exact).order_by("full_name")
    found = set()
    for pk, key in looked_at.values_list("pk", "name_key")[: 2 * CANDIDATES]:
        if all(word in key for word in words) or any(
            names.query_score(text, spelling) >= names.SEARCH_THRESHOLD for spelling in key.splitlines()
        ):
            found.add(pk)
    return found


def likely_duplicates(queryset, spellings):
    """The officials of `queryset` most likely the same person as one with these `spellings`, by `names.likely_same`."""
    words = [word for spelling in spellings for word in names.words(spelling)]
    if not words:
        return []
    candidates = _sharing_a_start(queryset, words).order_by("full_name", "pk")[:CANDIDATES]
    return [
        official
        for official in candidates
        if any(names.likely_same(mine, theirs) for mine in spellings for theirs in official.spellings())
    ]
