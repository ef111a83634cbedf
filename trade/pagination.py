from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows, so a list over a million figures never counts them all.

    When more rows match, the first `cap` are paged through and `capped` says there are more; the
    page says so and points to the filters and search, which reach every row.
    """

    cap = 10_000

    @cached_property
    def matched(self):
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.matched, self.cap)

    @property
    def capped(self):
        return self.matched > self.cap
