"""Consistency checks over every stored series: published numbers that cannot all be true."""

from collections import defaultdict
from dataclasses import dataclass

from trade import indicators
from trade.models import Economy, ProductGroup, TradeFigure


@dataclass(frozen=True)
class Flag:
    reporter: Economy
    partner: Economy
    group: ProductGroup
    period: indicators.Period
    message: str

    def __str__(self):
        return f"{self.reporter.code}-{self.partner.code} {self.group.code} {self.period.label}: {self.message}"


def inconsistencies():
    """Every flag, pair by pair: a fixed number of queries per pair of economies."""
    combos = defaultdict(set)
    for reporter_id, partner_id, group_id in (
        TradeFigure.objects.values_list("reporter_id", "partner_id", "product_group_id").distinct().iterator()
    ):
        combos[frozenset((reporter_id, partner_id))].add(group_id)
    economies = Economy.objects.in_bulk({i for pair in combos for i in pair})
    groups = ProductGroup.objects.in_bulk()
    for pair, group_ids in sorted(combos.items(), key=lambda item: sorted(item[0])):
        first, second = sorted(pair)
        for reporter, partner in ((economies[first], economies[second]), (economies[second], economies[first])):
            # Each series is checked as stored: a region does not fall back to its country here.
            series = indicators.pair_series_many(
                reporter, partner, [groups[i] for i in sorted(group_ids)], fallback=False
            )
            for one in series.values():
                for period, message in one.flags:
                    yield Flag(reporter, partner, one.group, period, str(message))
