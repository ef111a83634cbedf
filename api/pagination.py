from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages that cost the same however deep: each page starts after the last row of the one before."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "pk"
