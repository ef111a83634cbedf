"""Writing checked rows: their sources, new figures (COPY on PostgreSQL), changed ones, and the audit history."""

import functools

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from trade.importers.duplicates import sort_chunk
from trade.importers.validation import KEY_FIELDS, VALUE_FIELDS
from trade.models import DataSource, TradeFigure

CHUNK = 2000


class Sources:
    """DataSource rows for the source tuples rows name; created on first use unless in a dry run."""

    def __init__(self, dry_run):
        self.dry_run, self.ids = dry_run, {}
        self.new = set()  # sources this import created: none of their figures can be stored yet

    def id(self, spec):
        if spec not in self.ids:
            publisher, title, published_on, url, kind, economy_id = spec
            source = DataSource.objects.filter(publisher=publisher, title=title, published_on=published_on).first()
            if source is None and not self.dry_run:
                source = DataSource.objects.create(
                    publisher=publisher, title=title, published_on=published_on, url=url, kind=kind,
                    economy_id=economy_id,
                )  # fmt: skip
                self.new.add(source.pk)
            self.ids[spec] = source.pk if source else None
        return self.ids[spec]


HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


@functools.cache
def _history_copy_sql():
    """INSERT … SELECT that writes the creation records of an import's new figures from the stored rows.

    The new figures are those the import wrote that have no history yet (a figure it changed has
    its record already). The columns come from simple-history's own model, so the copy follows
    the fields; if that model holds anything this statement does not fill, None, and
    simple-history's bulk_create_with_history writes the records instead.
    """
    history, figures = TradeFigure.history.model, TradeFigure._meta.db_table
    tracked = [f.column for f in history.tracked_fields]
    if {f.column for f in history._meta.concrete_fields} != {*tracked, *HISTORY_COLUMNS, "history_id"}:
        return None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [*tracked, *HISTORY_COLUMNS])
    values = ", ".join(f"f.{quote(c)}" for c in tracked)
    table = quote(history._meta.db_table)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {values}, %s, %s, '+', %s FROM {quote(figures)} f "  # noqa: S608
        f"WHERE f.{quote('trade_import_id')} = %s AND NOT EXISTS (SELECT 1 FROM {table} h WHERE h.{quote('id')} = f.id)"
    )


class Writer:
    """Writes figures with their audit history: when, by whom, and which import.

    Every figure created or changed gets a history record, all with the same time, the user
    and the import's name as the reason; the figure itself points to the import that last
    wrote its value. Changed figures go through simple-history's bulk_update_with_history.

    New figures, a million in a large file, go in as plain rows (COPY on PostgreSQL), and their
    creation records are copied from the stored rows by the database in one statement at the
    end: the same records bulk_create_with_history writes, without building and compiling two
    million objects in Python. Without an import record to name them by (the demo data), or
    should the history model hold a column that copy does not fill, bulk_create_with_history
    writes them.
    """

    def __init__(self, record, by):
        self.record, self.by = record, by
        self.when = timezone.now()
        self.reason = record.change_reason if record is not None else None
        self.history_sql = _history_copy_sql() if record is not None else None
        self.columns = [f for f in TradeFigure._meta.concrete_fields if not f.primary_key]
        # The model's own defaults fill the columns a file does not give (pinned, version, …).
        self.base = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in self.columns}
        self.base["trade_import_id"] = record.pk if record is not None else None

    def create(self, new):
        """`new`: [(source id, ImportRow)]."""
        if self.history_sql is None:
            figures = [
                TradeFigure(source_id=source_id, trade_import=self.record, **_fields(row)) for source_id, row in new
            ]
            bulk_create_with_history(
                figures, TradeFigure, batch_size=CHUNK, default_user=self.by, default_change_reason=self.reason,
                default_date=self.when,
            )  # fmt: skip
            return
        rows = []
        for source_id, row in new:
            values = {**self.base, **_fields(row), "source_id": source_id, "measure": str(row.measure)}
            rows.append(tuple(values[f.attname] for f in self.columns))
        quote = connection.ops.quote_name
        table = quote(TradeFigure._meta.db_table)
        names = ", ".join(quote(f.column) for f in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for values in rows:
                        copy.write_row(values)
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608

    def finish(self):
        """The creation records of the figures this import added."""
        if self.history_sql is not None:
            user_id = self.by.pk if self.by is not None else None
            when = connection.ops.adapt_datetimefield_value(self.when)
            with connection.cursor() as cursor:
                cursor.execute(self.history_sql, [when, self.reason, user_id, self.record.pk])

    def update(self, new_values):
        """`new_values`: {pk: values}. The rows are locked and read whole, so that the history holds
        the complete record and the version is raised from the one stored."""
        figures = TradeFigure.objects.select_for_update().in_bulk(list(new_values))
        for pk, figure in figures.items():
            for name, value in zip(VALUE_FIELDS, new_values[pk], strict=True):
                setattr(figure, name, value)
            figure.trade_import = self.record
        # TradeFigure's queryset raises each version in its bulk_update, as for every save.
        bulk_update_with_history(
            list(figures.values()), TradeFigure, [*VALUE_FIELDS, "trade_import"], batch_size=CHUNK,
            default_user=self.by, default_change_reason=self.reason, default_date=self.when,
        )  # fmt: skip


def write_chunk(chunk, sources, result, writer):
    """Sort a chunk into new, changed and unchanged figures; `writer` writes them (None in a dry run)."""
    to_create, to_update = sort_chunk(chunk, sources, result)
    if writer is not None:
        if to_create:
            writer.create(to_create)
        if to_update:
            writer.update(to_update)


def _fields(row):
    return {
        name: getattr(row, name) for name in (*KEY_FIELDS, "value_usd", "value_step", "change_pct", "change_pct_step")
    }
