from django.utils.functional import SimpleLazyObject

from trade.models import DataSource


def data_sources(request):
    """The publishers the figures come from, for the footer; read only if a page shows them."""
    return {
        "footer_publishers": SimpleLazyObject(
            lambda: list(DataSource.objects.order_by("publisher").values_list("publisher", flat=True).distinct()[:8])
        )
    }
