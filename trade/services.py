"""Writes on trade figures that staff make by hand."""

import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from trade.importers import SourceDefaults, import_file
from trade.models import TradeFigure, TradeImport

KEY = ("reporter_id", "partner_id", "year", "month_from", "month_to", "measure", "product_group_id")


def _set_pin(figure, pinned):
    figure.pinned = pinned
    figure.version += 1
    figure.save(update_fields=["pinned", "version"])  # a save, so the history records it


@transaction.atomic
def pin(figure):
    """Make `figure` the value that counts for its key, whatever the rule says; unpins any other."""
    same_key = TradeFigure.objects.select_for_update().filter(**{name: getattr(figure, name) for name in KEY})
    for other in same_key.exclude(pk=figure.pk).filter(pinned=True):
        _set_pin(other, False)
    figure.refresh_from_db(fields=["version"])
    _set_pin(figure, True)


def unpin(figure):
    figure.refresh_from_db(fields=["version"])
    _set_pin(figure, False)


def _run(trade_import, *, dry_run):
    defaults = SourceDefaults(
        publisher=trade_import.source_publisher,
        title=trade_import.source_title,
        url=trade_import.source_url,
        kind=trade_import.source_kind,
        published_on=trade_import.source_published_on,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(bytes(trade_import.content))
        return import_file(path, defaults=defaults, dry_run=dry_run)


def preview_import(*, filename, content, by, source):
    """Store an uploaded file and check it without writing a figure; returns (TradeImport, ImportResult)."""
    trade_import = TradeImport(filename=filename[:255], content=content, uploaded_by=by, **source)
    trade_import.full_clean(exclude=["content"])
    result = _run(trade_import, dry_run=True)
    trade_import.status = TradeImport.Status.PREVIEWED if result.ok else TradeImport.Status.REFUSED
    trade_import.summary = result.summary() if result.ok else f"{len(result.errors)} problem(s)."
    trade_import.save()
    return trade_import, result


@transaction.atomic
def confirm_import(trade_import):
    """Import a previewed file for real. Refused unless it was checked and not imported yet."""
    locked = TradeImport.objects.select_for_update().get(pk=trade_import.pk)
    if locked.status != TradeImport.Status.PREVIEWED:
        raise ValueError(f"This upload is “{locked.get_status_display()}”; it cannot be imported.")
    result = _run(locked, dry_run=False)
    if not result.ok:  # the database changed since the preview, e.g. an economy was removed
        raise ValueError(f"{len(result.errors)} problem(s) found; nothing was written.")
    locked.status = TradeImport.Status.IMPORTED
    locked.summary = result.summary()
    locked.imported_at = timezone.now()
    locked.save(update_fields=["status", "summary", "imported_at"])
    return result
