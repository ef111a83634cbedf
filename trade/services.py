"""Writes on trade figures that staff make by hand."""

import hashlib
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from trade.importers import SourceDefaults, import_file
from trade.models import TradeImport

KEY = ("reporter_id", "partner_id", "year", "month_from", "month_to", "measure", "product_group_id")


def _set_pin(figure, pinned):
    figure.pinned = pinned
    figure.save(update_fields=["pinned"])  # a save, so the history records it (and the version is raised)


@transaction.atomic
def pin(figure, *, key=KEY):
    """Make `figure` (a trade or corridor figure) the value that counts for its key, whatever the rule says;
    unpins any other. `key`: the fields that make two sources' values the same figure."""
    same_key = type(figure).objects.select_for_update().filter(**{name: getattr(figure, name) for name in key})
    for other in same_key.exclude(pk=figure.pk).filter(pinned=True):
        _set_pin(other, False)
    figure.refresh_from_db(fields=["version"])
    _set_pin(figure, True)


def unpin(figure):
    figure.refresh_from_db(fields=["version"])
    _set_pin(figure, False)


def _run(trade_import, *, dry_run, by=None):
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
        return import_file(path, defaults=defaults, dry_run=dry_run, record=trade_import, by=by)


def preview_import(*, filename, content, by, source):
    """Store an uploaded file and check it without writing a figure; returns (TradeImport, ImportResult)."""
    trade_import = TradeImport(
        filename=filename[:255],
        content=content,
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        origin=TradeImport.Origin.ADMIN,
        uploaded_by=by,
        **source,
    )
    trade_import.full_clean(exclude=["content"])
    result = _run(trade_import, dry_run=True)
    trade_import.status = TradeImport.Status.PREVIEWED if result.ok else TradeImport.Status.REFUSED
    trade_import.summary = result.summary() if result.ok else _("%(count)s problem(s).") % {"count": len(result.errors)}
    trade_import.save()
    return trade_import, result


@transaction.atomic
def confirm_import(trade_import, by=None):
    """Import a previewed file for real. Refused unless it was checked and not imported yet.

    The history names `by` (who confirmed; the uploader if not given) and this import.
    """
    locked = TradeImport.objects.select_for_update().get(pk=trade_import.pk)
    if locked.status != TradeImport.Status.PREVIEWED:
        raise ValueError(
            _("This upload is “%(status)s”; it cannot be imported.") % {"status": locked.get_status_display()}
        )
    result = _run(locked, dry_run=False, by=by or locked.uploaded_by)
    if not result.ok:  # the database changed since the preview, e.g. an economy was removed
        raise ValueError(_("%(count)s problem(s) found; nothing was written.") % {"count": len(result.errors)})
    return result


def file_checksum(path):
    """The SHA-256 of a file, read in blocks: command-line files run to hundreds of MB."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def import_path(path, *, defaults, by=None, system_user="", dry_run=False, progress=None):
    """Import a file on the server (`manage.py import_trade`), kept as a TradeImport like an upload.

    Only the file's name, size and checksum are kept, not its content. The record is written with
    the figures, so a refused file or a dry run leaves none. Returns (TradeImport or None, ImportResult).
    """
    path = Path(path)
    record = None
    if not dry_run:
        record = TradeImport(
            filename=path.name[:255],
            content=None,
            size=path.stat().st_size,
            checksum=file_checksum(path),
            origin=TradeImport.Origin.COMMAND,
            uploaded_by=by,
            system_user=system_user[:150],
            source_publisher=defaults.publisher[:200],
            source_title=defaults.title[:300],
            source_url=defaults.url,
            source_kind=defaults.kind,
            source_published_on=defaults.published_on,
        )
        record.full_clean(exclude=["content"])
    result = import_file(path, defaults=defaults, dry_run=dry_run, progress=progress, record=record, by=by)
    return (record if record is not None and record.pk else None), result
