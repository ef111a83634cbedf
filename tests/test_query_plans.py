"""The hottest lists read through the index made for them (SQLite, whose planner has no statistics).

SQLite picks an index by its shape alone, so a new index can quietly take over a list's query and
make it sort every matching row: these plans are pinned.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count

from cooperation.models import Meeting, Proposal

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans from its statistics"),
]
VISITOR = AnonymousUser()


def plan(queryset):
    return queryset.explain()


def test_the_home_pages_recent_proposals_walk_the_recent_first_index():
    text = plan(Proposal.objects.visible_to(VISITOR).open().order_by("-status_changed_at")[:12])
    assert "proposal_visible_recent" in text
    assert "TEMP B-TREE" not in text


def test_the_home_pages_counts_by_sector_read_an_index_alone():
    counts = Proposal.objects.visible_to(VISITOR).open().order_by().values("sector").annotate(n=Count("pk"))
    assert "COVERING INDEX" in plan(counts)


def test_the_meeting_list_walks_the_by_date_index():
    text = plan(Meeting.objects.visible_to(VISITOR).order_by("-date", "-pk")[:20])
    assert "meeting_visible_by_date" in text
    assert "TEMP B-TREE" not in text


def test_the_proposal_list_walks_the_by_title_index():
    text = plan(Proposal.objects.visible_to(VISITOR).order_by("title", "pk").values("pk")[:20])
    assert "proposal_visible_title_id" in text
    assert "TEMP B-TREE" not in text
