"""Reading trade statistics files into TradeFigure rows.

Two formats, told apart by their header: this project's own CSV and the CSV
that UN Comtrade's data portal and API export. Files are streamed twice:
the first pass checks every row (nothing is written if any row is bad,
and every problem names its line and column), the second writes in chunks
inside one transaction. Memory stays flat however long the file is.

- reading: the CSV stream, its header and rows, and lines that cannot be read
- formats: the two formats, header recognition, and the source a file does not name
- validation: one row's fields checked, into an ImportRow or a RowError
- duplicates: a figure given twice in a file, or already stored
- streaming: the checking pass and the chunks of the writing pass
- writer: sources, new and changed figures, and their audit history
- pipeline: `import_file`, the whole import, and its ImportResult
"""

from trade.importers.formats import (
    COMTRADE_FLOWS,
    COMTRADE_HEADER,
    COMTRADE_REQUIRED,
    COMTRADE_SOURCE,
    MEASURES,
    NATIVE_REQUIRED,
    UNITS,
    WORLD,
    ComtradeFormat,
    NativeFormat,
    SourceDefaults,
)
from trade.importers.pipeline import ImportResult, import_file
from trade.importers.reading import Unreadable
from trade.importers.streaming import MAX_ERRORS
from trade.importers.validation import KEY_FIELDS, VALUE_FIELDS, ImportRow, Lookups, RowError, Skip, step_of
from trade.importers.writer import CHUNK, HISTORY_COLUMNS

__all__ = [
    "CHUNK",
    "COMTRADE_FLOWS",
    "COMTRADE_HEADER",
    "COMTRADE_REQUIRED",
    "COMTRADE_SOURCE",
    "HISTORY_COLUMNS",
    "KEY_FIELDS",
    "MAX_ERRORS",
    "MEASURES",
    "NATIVE_REQUIRED",
    "UNITS",
    "VALUE_FIELDS",
    "WORLD",
    "ComtradeFormat",
    "ImportResult",
    "ImportRow",
    "Lookups",
    "NativeFormat",
    "RowError",
    "Skip",
    "SourceDefaults",
    "Unreadable",
    "import_file",
    "step_of",
]
