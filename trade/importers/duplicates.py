"""A figure met twice: twice in one file (an error, found while checking), or already stored.

A stored figure with the same key from the same source is the same figure: an import leaves it
unchanged when the values agree and updates it when they do not.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from trade.importers.validation import KEY_FIELDS, VALUE_FIELDS
from trade.models import TradeFigure


class SeenFigures:
    """The figures a file has given so far, to find one it gives twice (the same key from the same source).

    A hash of each key to its line: small enough for millions of rows.
    """

    def __init__(self):
        self.lines = {}

    def earlier_line(self, row):
        """The line that gave `row`'s figure before, or None (and `row`'s line is remembered)."""
        digest = hash((row.key, row.source))
        if digest in self.lines:
            return self.lines[digest]
        self.lines[digest] = row.line
        return None


def sort_chunk(chunk, sources, result):
    """Sort a chunk into new figures [(source id, ImportRow)] and changed ones {pk: values}, counting all three
    (unchanged ones too) in `result`; `sources` gives each row's source id (see writer.Sources)."""
    by_source = defaultdict(list)
    for row in chunk:
        by_source[sources.id(row.source)].append(row)
    to_create, to_update = [], {}
    for source_id, rows in by_source.items():
        existing = {}
        if source_id is not None and source_id not in sources.new:
            stored = TradeFigure.objects.filter(
                source_id=source_id,
                reporter_id__in={r.reporter_id for r in rows},
                partner_id__in={r.partner_id for r in rows},
                year__in={r.year for r in rows},
                product_group_id__in={r.product_group_id for r in rows},
            ).values_list("pk", *KEY_FIELDS, *VALUE_FIELDS)
            existing = {tuple(values[1:8]): (values[0], values[8:]) for values in stored}
        for row in rows:
            new_values = (row.value_usd, row.value_step, row.change_pct, row.change_pct_step)
            current = existing.get(row.key)
            if current is None:
                to_create.append((source_id, row))
            elif current[1] != new_values:
                if len(result.changes) < 1000:
                    result.changes.append((_label(row), current[1][0], row.value_usd))
                to_update[current[0]] = new_values
            else:
                result.unchanged += 1
    result.created += len(to_create)
    result.updated += len(to_update)
    return to_create, to_update


def _label(row):
    return _("line %(line)s (%(year)s, %(measure)s)") % {"line": row.line, "year": row.year, "measure": row.measure}
