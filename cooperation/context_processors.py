from django.utils.functional import SimpleLazyObject

from cooperation.models.partners import partner_scope
from trade.models import DataSource


def data_sources(request):
    """The publishers the figures come from, for the footer; read only if a page shows them."""
    return {
        "footer_publishers": SimpleLazyObject(
            lambda: list(DataSource.objects.order_by("publisher").values_list("publisher", flat=True).distinct()[:8])
        )
    }


def partner(request):
    """Whether the user speaks for a partner organization (the menu links their meetings); read only if asked."""
    user = getattr(request, "user", None)
    return {"is_partner": SimpleLazyObject(lambda: user is not None and partner_scope(user) is not None)}
