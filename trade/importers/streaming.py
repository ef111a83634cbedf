"""The two passes over a file, row by row, so that memory stays flat however long it is.

The first pass checks every row and writes nothing (every problem names its line and column); the
second yields the checked rows in chunks for the writer.
"""

from django.utils.translation import gettext as _

from trade.importers.duplicates import SeenFigures
from trade.importers.formats import detect_format
from trade.importers.reading import Unreadable, csv_rows, open_csv
from trade.importers.validation import RowError, Skip

MAX_ERRORS = 1000


def check_file(path, encoding, lookups, defaults, result, progress):
    """First pass: every row parsed and checked. Returns the format, or None if the header is bad."""
    try:
        raw, reader, header = open_csv(path, encoding, progress)
    except Unreadable as exc:
        result.errors.append((exc.line, "", str(exc)))
        return None
    try:
        fmt, keys = detect_format(header, lookups, defaults)
    except RowError as exc:
        raw.close()
        result.errors.append((1, exc.column, str(exc)))
        return None
    result.format = fmt.name
    try:
        _check_rows(fmt, csv_rows(raw, reader, keys), result)
    except Unreadable as exc:
        result.errors.append((exc.line, "", str(exc)))
    return fmt


def _check_rows(fmt, rows, result):
    seen = SeenFigures()
    for line, row in rows:
        result.rows += 1
        try:
            parsed = fmt.parse(line, row)
        except Skip as skip:
            result.skipped[str(skip)] = result.skipped.get(str(skip), 0) + 1
            continue
        except RowError as exc:
            if len(result.errors) < MAX_ERRORS:
                result.errors.append((line, exc.column, str(exc)))
            continue
        earlier = seen.earlier_line(parsed)
        if earlier is not None:
            result.errors.append((line, "", _("the same figure as line %(line)s.") % {"line": earlier}))


def parsed_rows(path, encoding, lookups, defaults):
    raw, reader, header = open_csv(path, encoding)
    fmt, keys = detect_format(header, lookups, defaults)
    for line, row in csv_rows(raw, reader, keys):
        try:
            yield fmt.parse(line, row)
        except Skip:
            continue


def chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
