from django.urls import include, path

from cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("proposals/", views.ProposalListView.as_view(), name="proposals"),
    path("proposals/<slug:slug>/", views.proposal_detail, name="proposal"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("search/", views.search_page, name="search"),
    path("manage/", include("cooperation.manage_urls")),
]
