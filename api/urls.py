from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from api import corridors, errors, views

app_name = "api"

router = SimpleRouter()
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("economies", views.EconomyViewSet, basename="economy")
router.register("sources", views.DataSourceViewSet, basename="datasource")
router.register("places", corridors.PlaceViewSet, basename="place")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("trade/<str:reporter>/<str:partner>/", views.TradeSeriesView.as_view(), name="trade"),
    path("corridors/<str:code>/", corridors.CorridorSeriesView.as_view(), name="corridor"),
    *router.urls,
    re_path(r"^.*$", errors.not_found),
]
