from django.urls import include, path

from cooperation import partner_views, views

app_name = "cooperation"

urlpatterns = [
    path("", views.home, name="home"),
    path("proposals/", views.ProposalListView.as_view(), name="proposals"),
    path("proposals/<slug:slug>/", views.proposal_detail, name="proposal"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("officials/<slug:slug>/", views.official_detail, name="official"),
    path("search/", views.search_page, name="search"),
    path("partner/", partner_views.partner_home, name="partner"),
    path("partner/meetings/<int:pk>/", partner_views.partner_meeting, name="partner-meeting"),
    path("partner/invitation/<str:token>/", partner_views.invitation, name="partner-invitation"),
    path("manage/", include("cooperation.manage_urls")),
]
