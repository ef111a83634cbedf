from django.urls import path

from trade import views

app_name = "trade"

urlpatterns = [
    path("", views.index, name="index"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("<str:reporter>/<str:partner>/", views.pair, name="pair"),
]
