"""An import from start to end: the check, then the writes in one transaction, and what it reports."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from trade.importers.corridor_format import CorridorFormat
from trade.importers.corridor_writer import CorridorWriter, write_corridor_chunk
from trade.importers.formats import SourceDefaults
from trade.importers.streaming import check_file, chunks, parsed_rows
from trade.importers.validation import Lookups
from trade.importers.writer import CHUNK, Sources, Writer, write_chunk


@dataclass
class ImportResult:
    format: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict = field(default_factory=dict)  # reason -> count
    errors: list = field(default_factory=list)  # (line, column, message)
    changes: list = field(default_factory=list)  # (figure label, old value, new value), the first 1000
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        skipped = "".join(
            _(", %(count)s skipped (%(reason)s)") % {"count": n, "reason": reason} for reason, n in self.skipped.items()
        )
        return _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged%(skipped)s.") % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": skipped,
        }


def import_file(path, *, defaults=None, dry_run=False, progress=None, record=None, by=None):
    """Import a trade CSV file; writes nothing unless every row is good.

    `record` is the TradeImport this run is kept as (saved here, in the same transaction as the
    figures, if it is new), `by` the user the history names. Every figure created or changed
    gets a history record naming them both.
    `progress(phase, n)` is called with bytes read while checking and with rows
    written while importing, for a progress bar.
    """
    defaults = defaults or SourceDefaults()
    result = ImportResult(dry_run=dry_run)
    lookups = Lookups()
    encoding = "utf-8-sig"
    check_progress = (lambda n: progress("check", n)) if progress else None
    try:
        fmt = check_file(path, encoding, lookups, defaults, result, check_progress)
    except UnicodeDecodeError:  # not UTF-8: the other encoding statistics offices use
        encoding = "latin-1"
        result = ImportResult(dry_run=dry_run)
        fmt = check_file(path, encoding, lookups, defaults, result, check_progress)
    if result.errors or fmt is None:
        return result
    sources = Sources(dry_run)
    # A corridor file writes corridor figures; their flags are worked out when read, none is stored.
    corridor = isinstance(fmt, CorridorFormat)
    with transaction.atomic():
        writer = None
        if not dry_run:
            if record is not None and record.pk is None:
                record.save()
            writer = CorridorWriter(record, by) if corridor else Writer(record, by)
        for chunk in chunks(parsed_rows(path, encoding, lookups, defaults), CHUNK):
            (write_corridor_chunk if corridor else write_chunk)(chunk, sources, result, writer)
            if progress:
                progress("write", len(chunk))
        if writer is not None:
            writer.finish()

        # Published claims: recheck the series this file touched, in the same transaction.
        if not dry_run and not corridor:
            from trade.consistency import check_sources

            check_sources(sources.ids.values())
        if record is not None and not dry_run:
            record.record_result(result)
    return result
