"""Writing checked corridor rows: new and changed figures with their audit history, as the trade writer does.

Corridor files are small (a port authority's releases, a few hundred rows a year), so each chunk's
figures are compared with the stored ones and written through simple-history's bulk functions.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from trade.corridors import CorridorFigure
from trade.importers.writer import CHUNK


class CorridorWriter:
    """Creates and updates corridor figures, each with a history record naming the user and the import."""

    def __init__(self, record, by):
        self.record, self.by = record, by
        self.when = timezone.now()
        self.reason = record.change_reason if record is not None else None

    def create(self, new):
        figures = [
            CorridorFigure(
                source_id=source_id,
                trade_import=self.record,
                **dict(zip(CorridorFigure.KEY, row.key, strict=True)),
                **dict(zip(CorridorFigure.VALUE_FIELDS, row.values, strict=True)),
            )
            for source_id, row in new
        ]
        bulk_create_with_history(
            figures, CorridorFigure, batch_size=CHUNK, default_user=self.by, default_change_reason=self.reason,
            default_date=self.when,
        )  # fmt: skip

    def update(self, new_values):
        figures = CorridorFigure.objects.select_for_update().in_bulk(list(new_values))
        for pk, figure in figures.items():
            for name, value in zip(CorridorFigure.VALUE_FIELDS, new_values[pk], strict=True):
                setattr(figure, name, value)
            figure.trade_import = self.record
        # The queryset raises each version in its bulk_update, as for every save.
        bulk_update_with_history(
            list(figures.values()), CorridorFigure, [*CorridorFigure.VALUE_FIELDS, "trade_import"], batch_size=CHUNK,
            default_user=self.by, default_change_reason=self.reason, default_date=self.when,
        )  # fmt: skip

    def finish(self):
        """Nothing left to write: the history went with each chunk."""


def write_corridor_chunk(chunk, sources, result, writer):
    """Sort a chunk into new, changed and unchanged figures (counted in `result`); `writer` writes them."""
    source_ids = {row: sources.id(row.source) for row in chunk}
    known = [i for i in set(source_ids.values()) if i is not None and i not in sources.new]
    stored = CorridorFigure.objects.filter(
        source_id__in=known, place_id__in={row.place_id for row in chunk}, counterpart__isnull=True
    ).values_list("pk", "source_id", *CorridorFigure.KEY, *CorridorFigure.VALUE_FIELDS)
    width = len(CorridorFigure.KEY)
    existing = {(values[1], tuple(values[2 : 2 + width])): (values[0], values[2 + width :]) for values in stored}
    to_create, to_update = [], {}
    for row, source_id in source_ids.items():
        current = existing.get((source_id, row.key))
        if current is None:
            to_create.append((source_id, row))
        elif tuple(current[1]) != row.values:
            if len(result.changes) < 1000:
                label = _("line %(line)s (%(year)s, %(measure)s)") % {
                    "line": row.line,
                    "year": row.year,
                    "measure": row.measure,
                }
                result.changes.append((label, current[1][0], row.value))
            to_update[current[0]] = row.values
        else:
            result.unchanged += 1
    result.created += len(to_create)
    result.updated += len(to_update)
    if writer is not None:
        if to_create:
            writer.create(to_create)
        if to_update:
            writer.update(to_update)
