from django.urls import path

from cooperation import manage_views, partner_views

urlpatterns = [
    path("", manage_views.summary, name="manage"),
    path("proposals/", manage_views.ProposalStatusListView.as_view(), name="manage-proposals"),
    path("proposals/<slug:slug>/", manage_views.proposal_manage, name="manage-proposal"),
    path("follow-ups/", manage_views.FollowUpListView.as_view(), name="manage-follow-ups"),
    path("follow-ups/<int:pk>/done/", manage_views.follow_up_done, name="manage-follow-up-done"),
    path("meetings/", manage_views.MeetingListView.as_view(), name="manage-meetings"),
    path("disputes/", partner_views.disputes, name="manage-disputes"),
    path("disputes/<int:pk>/answer/", partner_views.answer_dispute, name="manage-dispute-answer"),
]
