from django.urls import path

from cooperation import corridor_views

app_name = "corridors"

urlpatterns = [
    path("<str:code>/", corridor_views.place_detail, name="place"),
]
