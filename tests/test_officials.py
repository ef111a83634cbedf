import datetime

import pytest
from django.urls import reverse

from cooperation.models import Official
from tests.factories import (
    DraftProposalFactory,
    InternalMeetingFactory,
    ParticipationFactory,
    PositionFactory,
    RaisingFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def url(official):
    return reverse("cooperation:official", args=[official.slug])


def test_shows_posts_meetings_and_proposals(client, demo):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    content = client.get(url(head)).content.decode()
    assert "Akim (head) of Mangystau Region, Akimat of Mangystau Region" in content
    assert "Head of Mangystau Region meets Azerbaijan&#x27;s Consul General in Aktau" in content
    assert "More food and consumer goods, above all fruit and vegetables, from Azerbaijan" in content
    assert "Mutual investment and joint production" not in content  # the consul's


def test_posts_over_time(client, db):
    post = PositionFactory(title="Deputy minister", start=datetime.date(2018, 1, 1), end=datetime.date(2021, 12, 31))
    PositionFactory(official=post.official, title="Governor", start=datetime.date(2022, 1, 1))
    content = client.get(url(post.official)).content.decode()
    assert content.index("Governor") < content.index("Deputy minister")
    assert "31 December 2021" in content


def test_internal_meetings_and_drafts_are_hidden(client, demo):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    ParticipationFactory(
        official=head, position=head.positions.get(), meeting=InternalMeetingFactory(title="SECRET-INTERNAL-MEETING")
    )
    RaisingFactory(raised_by=head, proposal=DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL"))
    content = client.get(url(head)).content.decode()
    assert "SECRET-INTERNAL-MEETING" not in content
    assert "SECRET-DRAFT-PROPOSAL" not in content
    client.force_login(StaffFactory())
    content = client.get(url(head)).content.decode()
    assert "SECRET-INTERNAL-MEETING" in content
    assert "SECRET-DRAFT-PROPOSAL" in content


def test_unknown_official_is_404(client, db):
    assert client.get("/officials/nobody/").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    for _ in range(rows):
        ParticipationFactory(official=head, position=PositionFactory(official=head))
        RaisingFactory(raised_by=head)
    # 1 the official with economy, 2 posts with organizations, 3 meetings attended, 4 proposals, 5 footer
    with django_assert_num_queries(5):
        assert client.get(url(head)).status_code == 200
