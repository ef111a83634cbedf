"""The search index: one document per record, in every language it holds, and the queue of records to index again."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposals")
    MEETING = "meeting", _("Meetings")
    STATEMENT = "statement", _("Statements at meetings")
    OFFICIAL = "official", _("Officials")
    ORGANIZATION = "organization", _("Organizations")
    SOURCE = "source", _("Data sources")


class SearchDocument(models.Model):
    """One record's own words, in every language it holds, as the search index reads them.

    Derived data: written only by cooperation.search_index from the record (triggers queue every
    change; the search page takes the queue first). A document holds only its record's own fields,
    so a hidden record's words are never found through a visible one. The full-text index over
    `text` (and `text_ru`, stemmed as Russian on PostgreSQL) is created by migration 0018.
    """

    kind = models.CharField(max_length=12, choices=SearchKind.choices)
    object_id = models.IntegerField()
    title = models.TextField()  # as written, for the result's heading when the record is gone
    body = models.TextField()  # the words as written, every language, for snippets
    text = models.TextField()  # the words folded: case, accents, İ/ı; names also in plain Latin
    text_ru = models.TextField(blank=True)  # the Russian words as written, for Russian stemming
    date = models.DateField(null=True)
    # What a result shows: the record's name as each language's page shows it, and what its address is made
    # of (a slug or an id), so that a page of results reads no record.
    titles = models.JSONField(default=dict)
    link = models.CharField(max_length=200, blank=True)
    # Whether a visitor may see the record (its `visible_to` rule, read when the document is): the
    # search filters on this one column instead of joining every record's visibility.
    public = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    # A document's id says where it is listed, so that SQLite's full-text index alone (its rowids) answers a
    # search's counts and its newest-first pages, without reading a document per match. From the high bits
    # down: its part (its kind, in alphabetical order, and whether a visitor may see it), its date in days
    # since EPOCH (none: 0), its record's id. The part has 4 bits: at most 8 kinds, and a new kind renumbers
    # the parts, so it needs a migration that reads every document again (as 0030 does).
    KINDS = tuple(sorted(SearchKind.values))
    PART_SHIFT, DATE_SHIFT = 59, 42
    EPOCH = datetime.date(1900, 1, 1)
    DAYS = (1 << (PART_SHIFT - DATE_SHIFT)) - 1

    @classmethod
    def part(cls, kind, public):
        return cls.KINDS.index(kind) * 2 + bool(public)

    @classmethod
    def key(cls, kind, public, date, object_id):
        if not 0 <= object_id < 1 << cls.DATE_SHIFT:
            raise ValueError(f"a {kind} id out of the search index's range: {object_id}")
        days = min(max((date - cls.EPOCH).days, 0), cls.DAYS) if date else 0
        return cls.part(kind, public) << cls.PART_SHIFT | days << cls.DATE_SHIFT | object_id


class SearchQueue(models.Model):
    """Records whose search documents are out of date; filled by database triggers only."""

    kind = models.CharField(max_length=12)
    object_id = models.IntegerField()

    def __str__(self):
        return f"{self.kind} {self.object_id}"
