"""The public page of a port or route: its figures by measure with their sources, and the proposals to move them."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cooperation.models import Proposal
from pagecache.views import cached_page
from trade import corridor_series
from trade.corridor_charts import series_chart
from trade.models import Place


@cached_page
def place_detail(request, code):
    place = Place.objects.prefetch_related("economies").filter(code=code.upper()).first()
    if place is None:  # the page says which code it does not know
        message = _("No port or route with the code “%(code)s”.") % {"code": code[:20]}
        return render(request, "404.html", {"message": message}, status=404)
    if code != place.code:
        return redirect(place, permanent=True)
    series = corridor_series.place_series(place)
    context = {
        "place": place,
        "series": [(one, series_chart(one)) for one in series],
        "rule": corridor_series.RULE,
        "proposals": Proposal.objects.visible_to(request.user).moving_place(place).for_list().order_by("title"),
    }
    return render(request, "cooperation/corridor.html", context)
