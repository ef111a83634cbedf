"""Paginators for long lists: counts that stop at a cap, and deep pages that cost about what the first does."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows


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


def late_rows(queryset, page):
    """The rows of `page`, a slice of `queryset`, fetched by key first.

    The offset is walked over the keys alone (an index, usually), and only the page's own rows are then
    joined and loaded, so a deep page costs about what the first does. One query more than plain slicing.
    """
    keys = list(page.prefetch_related(None).values_list("pk", flat=True))
    by_key = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)} if keys else {}
    return [by_key[key] for key in keys if key in by_key]


class LateRowPaginator(Paginator):
    """A paginator over a queryset whose deep pages do not join and load every row they skip."""

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(late_rows(self.object_list, object_list), number, paginator)


class LateRowTablePaginator(Paginator):
    """django-tables2's paging with deep pages fetched by key first (see `late_rows`)."""

    def _get_page(self, object_list, number, paginator):
        if isinstance(object_list.data, QuerySet):
            rows = late_rows(self.object_list.data.data, object_list.data)  # the table's queryset, the page's slice
            object_list = BoundRows(rows, object_list.table, object_list.pinned_data)
        return super()._get_page(object_list, number, paginator)
