"""Reading a CSV file as a stream: bytes counted for the progress bar, the header, and each row as a dict.

Never read whole, so memory stays flat however long the file is. A line the csv module cannot read
(e.g. a field over its size limit) stops the reading with that line's number, as `Unreadable`.
"""

import csv
import io

from django.utils.translation import gettext as _


class Unreadable(Exception):  # noqa: N818 - the CSV reader cannot go on past this line
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


def _unreadable(reader, exc):
    if "field limit" in str(exc):
        message = _(
            "a field is longer than %(limit)s characters, more than any trade file holds; the file is not read "
            "past this line."
        ) % {"limit": f"{csv.field_size_limit():,}"}
    else:
        message = _("this line cannot be read as CSV (%(problem)s); the file is not read past it.") % {"problem": exc}
    return Unreadable(max(reader.line_num, 1), message)


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read, for the progress bar."""

    def __init__(self, raw, progress):
        self.raw, self.progress = raw, progress

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.raw.readinto(buffer)
        if n and self.progress:
            self.progress(n)
        return n


def open_csv(path, encoding, progress=None):
    """The open file, a CSV reader over it, and its header; streamed, never read whole."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by csv_rows
    text = io.TextIOWrapper(io.BufferedReader(_CountingReader(raw, progress)), encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    except csv.Error as exc:
        raw.close()
        raise _unreadable(reader, exc) from None
    return raw, reader, header


def csv_rows(raw, reader, keys):
    try:
        for values in reader:
            if any(value.strip() for value in values):
                yield reader.line_num, dict(zip(keys, values, strict=False))
    except csv.Error as exc:  # e.g. a field over the csv module's limit: a row error, not a crash
        raise _unreadable(reader, exc) from None
    finally:
        raw.close()
