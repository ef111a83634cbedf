"""One search over proposals, meetings, statements, officials, organizations and data sources.

Each record has one search document (SearchDocument) holding only its own words, in every language
it has. The database's own full-text index reads them: SQLite FTS5 (`unicode61`, diacritics
removed), PostgreSQL full-text search with a GIN index (`simple` over every word, `russian`
stemming over the Russian ones, so "встречи" finds "встреча"). Words are folded the same way when
indexed and when searched: case in any script, accents, Azerbaijani ə, İ and ı; every word
searched for must start a word of the record. Officials are also found by any spelling of their
name in any script (`search.official_ids_named`, the matching of the officials' admin).

The documents follow every write path: triggers (migration 0018) queue each changed record in the
same transaction as the change, and `refresh_pending()`, which every search runs first, re-reads
what is queued. `rebuild()` (`manage.py rebuild_search`) re-reads everything.

What a viewer may not see is never found: the documents of drafts and internal records (and the
statements of hidden meetings or proposals) are filtered out in the same query, through each
model's `visible_to`, and a snippet comes only from the record's own words.
"""

import datetime
import functools
import json
import re
import unicodedata
from collections import namedtuple
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.links import record_url
from cooperation import change_queue
from cooperation.models import (
    Meeting,
    Official,
    Organization,
    Proposal,
    Raising,
    SearchDocument,
    SearchKind,
    SearchQueue,
    sees_everything,
)
from cooperation.search import official_ids_named
from trade.models import DataSource

LANGUAGES = ("en", "kk", "ru", "az")
LOCK_KEY = 7_140_816
BATCH = 2000
MAX_QUERY = 200  # characters of a query that are read
MAX_WORDS = 8
MIN_LENGTH = 2
NAME_WORDS, NAME_LENGTH, NAMED = 4, 30, 50  # a query longer than this is not read as a person's name
RANKED_AT_MOST = 2000  # matches ranked by relevance; more come newest first
WORD = re.compile(r"\w+")
LETTERS = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "İ": "i"})


@functools.lru_cache(maxsize=100_000)  # a snippet folds every word of a document; the words recur
def fold(word):
    """A word as the index keeps it: lower case in any script, without accents; ə as e, İ and ı as i."""
    word = unicodedata.normalize("NFKD", word.translate(LETTERS).casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


def folded(*texts):
    return " ".join(fold(word) for text in texts for word in WORD.findall(text or ""))


def query_words(text):
    """The folded words of a query (at most MAX_WORDS), each read as the start of a word."""
    text = (text or "").replace("\x00", "")[:MAX_QUERY]
    # Folded again into words: a compatibility character can unfold into several words or into
    # punctuation ("⑴" is "(1)"), and only letters and digits may reach the full-text query.
    words = [part for word in WORD.findall(text) for part in WORD.findall(fold(word).replace("_", " "))]
    return words[:MAX_WORDS]


def every_language(record, field):
    return [getattr(record, f"{field}_{language}", None) or "" for language in LANGUAGES]


# Documents ---------------------------------------------------------------------------------------


def names_by_language(record):
    """{language: the record's name as a page in that language shows it}."""
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[language] = str(record)
    return titles


def _document(kind, record, title, texts, russian=(), date=None, public=True, shown=None, link=""):
    """`record`'s document; a result shows `shown` (the record itself if None) and links to it by `link`."""
    texts = [t for t in texts if t]
    unique = list(dict.fromkeys(texts))
    return SearchDocument(
        id=SearchDocument.key(kind, public, date, record.pk),
        kind=kind,
        object_id=record.pk,
        title=title,
        titles=names_by_language(shown or record),
        link=str(link),
        body=" · ".join(unique),
        text=folded(*unique),
        text_ru=" ".join(t for t in russian if t),
        date=date,
        public=public,
    )


def _with_visibility(queryset):
    """Each record with `public`: whether a visitor may see it, by the model's own `visible_to` rule.

    Read in the same query as the record (a filter on it, next to a list of ids, leads PostgreSQL
    into nested loops over every meeting and proposal when its statistics lag a bulk load).
    """
    return queryset.annotate(public=ExpressionWrapper(queryset.visible_q(None), output_field=BooleanField()))


def _proposals(ids):
    for p in _with_visibility(Proposal.objects.filter(pk__in=ids).select_related("sector")):
        texts = [*every_language(p, "title"), *every_language(p, "summary"), *every_language(p.sector, "name")]
        russian = [p.title_ru, p.summary_ru, p.sector.name_ru]
        date = p.status_changed_at.date()
        yield _document(SearchKind.PROPOSAL, p, p.title_en or p.title, texts, russian, date, p.public, link=p.slug)


def _meetings(ids):
    for m in _with_visibility(Meeting.objects.filter(pk__in=ids)):
        texts = [*every_language(m, "title"), *every_language(m, "place"), *every_language(m, "summary")]
        russian = [m.title_ru, m.place_ru, m.summary_ru]
        yield _document(SearchKind.MEETING, m, m.title_en or m.title, texts, russian, m.date, m.public, link=m.pk)


def _statements(ids):
    raisings = Raising.objects.filter(pk__in=ids).exclude(statement="").select_related("meeting", "raised_by")
    for r in _with_visibility(raisings):  # shown when both its meeting and its proposal are
        russian = [r.statement] if r.statement_language == "ru" else []
        speaker = r.raised_by.full_name if r.raised_by else ""
        title = r.meeting.title_en or r.meeting.title
        texts = [r.statement, speaker]
        date, link = r.meeting.date, r.meeting_id
        yield _document(SearchKind.STATEMENT, r, title, texts, russian, date, r.public, shown=r.meeting, link=link)


def _officials(ids):
    records = Official.objects.filter(pk__in=ids).prefetch_related("positions__organization")
    for o in records:
        posts = [
            text
            for post in o.positions.all()
            for text in (*every_language(post, "title"), *every_language(post.organization, "name"))
        ]
        texts = [o.full_name, o.name_native, *(o.other_spellings or "").splitlines(), *o.name_key.splitlines(), *posts]
        russian = [p.title_ru for p in o.positions.all()]
        yield _document(SearchKind.OFFICIAL, o, o.full_name, texts, russian, link=o.slug)


def _organizations(ids):
    for o in Organization.objects.filter(pk__in=ids).select_related("economy"):
        texts = [*every_language(o, "name"), *every_language(o, "short_name"), o.economy.name]
        yield _document(SearchKind.ORGANIZATION, o, o.name_en or o.name, texts, [o.name_ru, o.short_name_ru])


def _sources(ids):
    for s in DataSource.objects.filter(pk__in=ids):
        yield _document(SearchKind.SOURCE, s, str(s), [s.title, s.publisher], date=s.published_on, link=s.pk)


BUILDERS = {
    SearchKind.PROPOSAL: _proposals,
    SearchKind.MEETING: _meetings,
    SearchKind.STATEMENT: _statements,
    SearchKind.OFFICIAL: _officials,
    SearchKind.ORGANIZATION: _organizations,
    SearchKind.SOURCE: _sources,
}


def reindex(kind, ids):
    """Re-read these records' documents: a record gone (or with nothing to find) has none."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        SearchDocument.objects.filter(kind=kind, object_id__in=chunk).delete()
        SearchDocument.objects.bulk_create(BUILDERS[kind](chunk), batch_size=500)
    return len(ids)


def refresh_pending():
    """Re-read the records queued since the last refresh; returns how many. Run before every search."""
    return change_queue.take(SearchQueue, ("kind", "object_id"), LOCK_KEY, _reindex_queued)


def _reindex_queued(queued):
    by_kind = {}
    for kind, object_id in queued:
        by_kind.setdefault(kind, set()).add(object_id)
    return sum(reindex(kind, ids) for kind, ids in by_kind.items() if kind in BUILDERS)


def rebuild():
    """Re-read every record's document; returns how many records were read."""
    with transaction.atomic():
        change_queue.one_at_a_time(LOCK_KEY)
        SearchQueue.objects.all().delete()
        SearchDocument.objects.all().delete()
        models = {
            SearchKind.PROPOSAL: Proposal,
            SearchKind.MEETING: Meeting,
            SearchKind.STATEMENT: Raising,
            SearchKind.OFFICIAL: Official,
            SearchKind.ORGANIZATION: Organization,
            SearchKind.SOURCE: DataSource,
        }
        return sum(reindex(kind, model.objects.values_list("pk", flat=True)) for kind, model in models.items())


# Searching ---------------------------------------------------------------------------------------


def _fts_match(words):
    """An FTS5 query: every word, each as the start of a word (the words are letters and digits only)."""
    return " AND ".join(f'"{word}"*' for word in words)


def _matching(documents, words, text, ranked=False):
    """The documents holding every word, read by one scan of the full-text index; `ranked` adds their rank
    (higher is better), which the database computes for every match.

    Only parameters reach the SQL: the folded words are letters and digits only, and the Russian
    query goes through `plainto_tsquery`, which reads any text as plain words.
    """
    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        query = "(to_tsquery('simple', %s) || plainto_tsquery('russian', %s))"
        russian = " ".join(WORD.findall(text.replace("\x00", "")[:MAX_QUERY])[:MAX_WORDS]).replace("_", " ")
        params = [" & ".join(f"{word}:*" for word in words), russian]
        rank = {"select": {"rank": f"ts_rank({table}.vector, {query})"}, "select_params": params} if ranked else {}
        return documents.extra(  # noqa: S610 - the stored vector is not a model field; the query is parameters
            where=[f"{table}.vector @@ {query}"], params=params, **rank
        )
    match = _fts_match(words)
    return documents.extra(  # noqa: S610 - FTS5 is read by a join with its virtual table; the match is a parameter
        select={"rank": "-search_fts.rank"} if ranked else None,
        tables=["search_fts"],
        where=[f"search_fts.rowid = {table}.id", "search_fts MATCH %s"],
        params=[match],
    )


def visible_documents(user):
    """The documents of records `user` may see: everything for staff, what a visitor may see for anyone else."""
    documents = SearchDocument.objects.all()
    return documents if sees_everything(user) else documents.filter(public=True)


class Results:
    """What a search found on PostgreSQL: officials found by their name in any spelling first, then the
    full-text matches.

    The matches are ranked by relevance when there are at most RANKED_AT_MOST of them; more, and they
    come newest first (a word that common ranks every record alike, and ranking costs a computation
    per match). Paginated like a queryset (`count()` and slices), each page read with one query.
    """

    def __init__(self, named, matched, ranked, total=None):
        self.named, self.matched, self.ranked, self.total = named, matched, ranked, total

    def count(self):
        if self.total is None:  # known when the counts by kind were read: one scan of the index fewer
            self.total = len(self.named) + self.matched.count()
        return self.total

    def __len__(self):
        return self.count()

    @property
    def by_relevance(self):
        return self.count() - len(self.named) <= RANKED_AT_MOST

    def __getitem__(self, index):
        """A page: the officials found by name first, then the matches from `_matches`."""
        start, stop = index.start or 0, index.stop
        stop = self.count() if stop is None else stop
        head = self.named[start:stop]
        rest_start, rest_stop = max(0, start - len(self.named)), stop - len(self.named)
        return head + self._matches(rest_start, rest_stop - rest_start) if rest_stop > rest_start else head

    def _matches(self, offset, limit):
        """The matches from `offset` (after the officials found by name), in the order they are listed."""
        if self.by_relevance:
            ordered = self.ranked.order_by("-rank", "kind", "-date", "id")
        else:
            ordered = self.matched.order_by(F("date").desc(nulls_last=True), "kind", "id")
        return list(ordered[offset : offset + limit])

    def counts_by_kind(self):
        """{kind: number of results}: one query."""
        counts = dict(self.matched.order_by().values_list("kind").annotate(n=Count("id")))
        if self.named:
            counts[SearchKind.OFFICIAL] = counts.get(SearchKind.OFFICIAL, 0) + len(self.named)
        return counts

    def of_kind(self, kind, total=None):
        named = self.named if kind == SearchKind.OFFICIAL else []
        return Results(named, self.matched.filter(kind=kind), self.ranked.filter(kind=kind), total)


class Hit(namedtuple("Hit", "id kind object_id title body date titles link")):
    """A document as a page of results shows it (`shown`), read without building a model instance."""

    @classmethod
    def read(cls, id, kind, object_id, title, body, date, titles, link):  # noqa: A002 - the column's name
        if isinstance(date, str):
            date = datetime.date.fromisoformat(date)
        return cls(id, kind, object_id, title, body, date, json.loads(titles), link)


class IndexResults(Results):
    """What a search found on SQLite, read from the full-text index alone: its rowids are the documents'
    ids, which hold each document's part (kind and visibility) and date (`SearchDocument.key`).

    So the counts by kind are FTS5 counts over a range of rowids each, with no document read, and a
    newest-first page is the newest rowids of each part the viewer may see, merged: a word in 20,000
    records costs what counting them in the index does, not a read and a sort of 20,000 documents.
    """

    def __init__(self, named, match, parts, total=None):
        self.named, self.match, self.parts, self.total = named, match, parts, total
        self.excluded = [document.id for document in named]  # listed first, not again among the matches
        self._counts = None

    @staticmethod
    def _range(parts):
        shift = SearchDocument.PART_SHIFT
        return min(parts) << shift, ((max(parts) + 1) << shift) - 1

    def _not_excluded(self):
        """The condition, and its parameters, that leaves out the officials already listed by name."""
        if not self.excluded:
            return "", []
        return f" AND rowid NOT IN ({', '.join(['%s'] * len(self.excluded))})", self.excluded

    def counts_by_kind(self):
        """{kind: number of results}: one statement, an index count per kind."""
        if self._counts is None:
            by_kind = {}
            for part in self.parts:
                by_kind.setdefault(SearchDocument.KINDS[part // 2], []).append(part)
            selects, params = [], []
            for kind, parts in by_kind.items():  # the parts of one kind are next to each other
                selects.append(
                    "SELECT %s, count(*) FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
                )
                params += [kind, self.match, *self._range(parts)]
            if self.excluded:  # officials found by name that the words also find: counted once
                selects.append(
                    "SELECT %s, -count(*) FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608 - placeholders
                    f"AND rowid IN ({', '.join(['%s'] * len(self.excluded))})"
                )
                params += [SearchKind.OFFICIAL, self.match, *self.excluded]
            counts = {}
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(selects), params)
                for kind, n in cursor.fetchall():
                    counts[kind] = counts.get(kind, 0) + n
            if self.named:
                counts[SearchKind.OFFICIAL] = counts.get(SearchKind.OFFICIAL, 0) + len(self.named)
            self._counts = {kind: n for kind, n in counts.items() if n}
        return self._counts

    def count(self):
        if self.total is None:
            self.total = sum(self.counts_by_kind().values())
        return self.total

    def _matches(self, offset, limit):
        """The matches from `offset` (after the officials found by name), in the order they are listed: one
        query."""
        shift, date_shift, days = SearchDocument.PART_SHIFT, SearchDocument.DATE_SHIFT, SearchDocument.DAYS
        not_excluded, excluded = self._not_excluded()
        if self.by_relevance:  # every match ranked (bm25, as FTS5's `rank`), then as the newest-first order
            order = f"{{score}}, {{id}} >> {shift + 1}, ({{id}} >> {date_shift}) & {days} DESC, {{id}}"
            page = (
                "SELECT rowid AS id, rank AS score FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
                f"AND (rowid >> {shift}) IN ({', '.join(str(int(part)) for part in self.parts)}){not_excluded} "
                f"ORDER BY {order.format(score='rank', id='rowid')} LIMIT %s OFFSET %s"
            )
            params = [self.match, *excluded]
        else:  # the newest of each part, merged: within a part, rowids are in date order
            order = f"({{id}} >> {date_shift}) & {days} DESC, {{id}} >> {shift}, {{id}} DESC"
            newest, params = [], []
            for part in self.parts:
                newest.append(
                    "SELECT * FROM (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608
                    f"AND rowid BETWEEN %s AND %s{not_excluded} ORDER BY rowid DESC LIMIT %s)"
                )
                params += [self.match, *self._range([part]), *excluded, offset + limit]
            page = (
                f"SELECT id, 0 AS score FROM ({' UNION ALL '.join(newest)}) "  # noqa: S608 - integers, placeholders
                f"ORDER BY {order.format(id='id')} LIMIT %s OFFSET %s"
            )
        table = SearchDocument._meta.db_table
        sql = (
            f"SELECT {', '.join(f'd.{field}' for field in Hit._fields)} FROM ({page}) AS page "  # noqa: S608
            f"JOIN {table} d ON d.id = page.id ORDER BY {order.format(score='page.score', id='page.id')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [Hit.read(*row) for row in cursor.fetchall()]

    def of_kind(self, kind, total=None):
        named = self.named if kind == SearchKind.OFFICIAL else []
        parts = [part for part in self.parts if SearchDocument.KINDS[part // 2] == kind]
        return IndexResults(named, self.match, parts, total)


def search(text, user):
    """Results of every kind `user` may see holding every word of `text`, best first; None when too short."""
    words = query_words(text)
    if not words or sum(len(w) for w in words) < MIN_LENGTH:
        return None
    refresh_pending()
    documents = visible_documents(user)
    named = []
    if len(words) <= NAME_WORDS and all(len(word) <= NAME_LENGTH for word in words):
        # Any spelling in any script: "Килыбай" finds Kilybay, "Mamedov" finds Mammadov.
        officials = official_ids_named(Official.objects.all(), text.replace("\x00", "")[:MAX_QUERY])
        if officials:
            named = list(documents.filter(kind=SearchKind.OFFICIAL, object_id__in=officials).order_by("title")[:NAMED])
    if connection.vendor == "sqlite":
        visible = (False, True) if sees_everything(user) else (True,)
        parts = [SearchDocument.part(kind, public) for kind in SearchDocument.KINDS for public in visible]
        return IndexResults(named, _fts_match(words), parts)
    matched, ranked = _matching(documents, words, text), _matching(documents, words, text, ranked=True)
    if named:
        found_by_name = [document.id for document in named]
        matched, ranked = matched.exclude(id__in=found_by_name), ranked.exclude(id__in=found_by_name)
    return Results(named, matched, ranked)


def matching_ids(text, kind):
    """The ids of the records of `kind` whose document holds every word of `text` (a subquery), or None.

    The lists' and the admin's search boxes add these to their own matches, so that a word in any
    language, accent or Russian form finds a record there as it does on the search page.
    """
    words = query_words(text)
    if not words or sum(len(w) for w in words) < MIN_LENGTH:
        return None
    refresh_pending()
    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        russian = " ".join(WORD.findall(text.replace("\x00", "")[:MAX_QUERY])[:MAX_WORDS]).replace("_", " ")
        sql = (
            f"SELECT object_id FROM {table} WHERE kind = %s AND vector @@ "  # noqa: S608 - parameters only
            "(to_tsquery('simple', %s) || plainto_tsquery('russian', %s))"
        )
        return RawSQL(sql, [kind, " & ".join(f"{word}:*" for word in words), russian])  # noqa: S611
    sql = (
        f"SELECT d.object_id FROM {table} d JOIN search_fts ON search_fts.rowid = d.id "  # noqa: S608
        "WHERE d.kind = %s AND search_fts MATCH %s"
    )
    return RawSQL(sql, [kind, _fts_match(words)])  # noqa: S611


def matching(text, kind):
    """The condition a record of `kind` is one `matching_ids` finds (an EXISTS on its own document), or None.

    For a filter ORed with other tests: asked row by row, only for the rows the other tests leave, by the
    document's (kind, object_id) key, it costs what the filtered rows do, not a list of every match first.
    """
    words = query_words(text)
    if not words or sum(len(w) for w in words) < MIN_LENGTH:
        return None
    refresh_pending()
    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        russian = " ".join(WORD.findall(text.replace("\x00", "")[:MAX_QUERY])[:MAX_WORDS]).replace("_", " ")
        found = RawSQL(  # noqa: S611 - parameters only
            f"SELECT id FROM {table} WHERE vector @@ "  # noqa: S608 - parameters only
            "(to_tsquery('simple', %s) || plainto_tsquery('russian', %s))",
            [" & ".join(f"{word}:*" for word in words), russian],
        )
    else:
        found = RawSQL(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
            [_fts_match(words)],
        )
    return Exists(SearchDocument.objects.filter(kind=kind, object_id=OuterRef("pk"), id__in=found))


# The page each kind of result links to, by its document's `link`; an organization's lists its people.
LINKS = {
    SearchKind.PROPOSAL: "cooperation:proposal",
    SearchKind.MEETING: "cooperation:meeting",
    SearchKind.STATEMENT: "cooperation:meeting",
    SearchKind.OFFICIAL: "cooperation:official",
    SearchKind.SOURCE: "trade:source",
}


@functools.lru_cache(maxsize=10_000)
def day(date, language):
    """A day as the pages write it, in `language` ("2 February 2020")."""
    with translation.override(language):
        return date_format(date, "j E Y")


def shown(documents, words):
    """Each document as a result lists it, read from the document alone: its kind, its title in the page's
    language, its link, a snippet with the words found marked, its date."""
    kinds = {kind: str(label) for kind, label in SearchKind.choices}  # each label translated once, not per result
    language = translation.get_language()
    results = []
    for document in documents:
        title = document.titles.get(language) or document.title
        if document.kind == SearchKind.ORGANIZATION:  # its people: the officials whose posts name it
            url = "?" + urlencode({"q": title, "kind": SearchKind.OFFICIAL})
        else:
            url = record_url(LINKS[document.kind], document.link)
        results.append(
            {
                "kind": kinds[document.kind],
                "title": title,
                "url": url,
                "snippet": snippet(document.body, words),
                "date": day(document.date, language) if document.date else "",
            }
        )
    return results


def snippet(body, words, width=90):
    """The part of `body` around the first word searched for, the words found marked."""
    tokens = list(WORD.finditer(body))
    stems = tuple(w if len(w) < 5 else w[: max(4, len(w) - 2)] for w in words)
    hits = [t for t in tokens if fold(t.group()).startswith(stems)]
    if hits:
        start = max(0, hits[0].start() - width // 3)
        end = min(len(body), start + width * 2)
    else:
        start, end = 0, min(len(body), width * 2)
    parts, cursor = [], start
    for token in hits:
        if token.start() < start or token.end() > end:
            continue
        parts += [escape(body[cursor : token.start()]), f"<mark>{escape(token.group())}</mark>"]
        cursor = token.end()
    parts.append(escape(body[cursor:end]))
    return mark_safe(("… " if start else "") + "".join(parts) + (" …" if end < len(body) else ""))  # noqa: S308
