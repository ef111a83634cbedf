"""A public proposal's commercial details: each private (staff only) or public, on every page, the API,
search, exports and the open-data files."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperation.models import ProposalDetail
from tests.factories import (
    ApiTokenFactory,
    EditorFactory,
    ManagerFactory,
    ProposalDetailFactory,
    ProposalFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_admin import admin_url, inline_management, proposal_post

pytestmark = pytest.mark.django_db
PRIVATE, PUBLIC = "PRIVATE-Caspian Cargo LLP", "PUBLIC-press office, +7 7292 00 00 00"


@pytest.fixture
def proposal():
    proposal = ProposalFactory(title="Maritime cargo", slug="maritime-cargo")
    ProposalDetailFactory(proposal=proposal, kind=ProposalDetail.Kind.COMPANIES, value=PRIVATE)
    ProposalDetailFactory(proposal=proposal, kind=ProposalDetail.Kind.CONTACT, value=PUBLIC, private=False)
    return proposal


def page(client, proposal):
    return client.get(proposal.get_absolute_url()).content.decode()


def test_visitors_see_only_the_public_details(client, proposal):
    html = page(client, proposal)
    assert PUBLIC in html
    assert "Commercial details" in html
    assert PRIVATE not in html
    assert "Companies involved" not in html  # not even the label of what is hidden


def test_staff_see_every_detail_marked(client, proposal):
    client.force_login(StaffFactory())
    html = page(client, proposal)
    assert PRIVATE in html
    assert PUBLIC in html
    assert "Private</span>" in html


def test_a_manager_without_staff_rights_sees_what_visitors_see(client, proposal):
    client.force_login(ManagerFactory(is_staff=False))
    manage = client.get(reverse("cooperation:manage-proposal", args=[proposal.slug])).content.decode()
    assert PUBLIC in manage
    assert PRIVATE not in manage
    for export in ("csv", "xlsx"):
        assert PRIVATE.encode() not in client.get(f"/manage/proposals/?_export={export}").content


def test_the_api_gives_each_caller_what_the_page_does(client, proposal):
    url = f"/api/v1/proposals/{proposal.slug}/"
    details = json.loads(client.get(url).content)["commercial_details"]
    assert details == [{"kind": "contact", "label": "Contact person", "value": PUBLIC, "private": False}]
    token = ApiTokenFactory(user=StaffFactory())
    details = json.loads(client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").content)["commercial_details"]
    assert {d["value"] for d in details} == {PRIVATE, PUBLIC}


def test_search_and_open_data_never_hold_a_private_detail(client, proposal):
    assert PRIVATE not in client.get("/search/?q=Caspian+Cargo").content.decode()
    assert PRIVATE not in client.get("/proposals/?q=Caspian+Cargo").content.decode()
    for extension in ("csv", "json"):
        assert PRIVATE.encode() not in client.get(f"/open-data/proposals.{extension}").getvalue()


def test_a_proposal_holds_each_kind_once(proposal):
    again = ProposalDetail(proposal=proposal, kind=ProposalDetail.Kind.COMPANIES, value="another")
    with pytest.raises(ValidationError) as raised:
        again.full_clean()
    assert "A proposal has each kind of detail once." in str(raised.value)
    assert ProposalDetail.objects.filter(proposal=proposal).count() == 2


def test_details_are_private_unless_told_and_keep_their_history(proposal):
    detail = ProposalDetail.objects.create(proposal=proposal, kind=ProposalDetail.Kind.CONTRACT_VALUE, value="USD 2m")
    assert detail.private
    detail.private = False
    detail.save()
    assert [h.private for h in detail.history.order_by("history_date")] == [True, False]


def test_the_admin_edits_them_on_the_proposal(client, proposal):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:cooperation_proposal_change", args=[proposal.pk])).content.decode()
    assert 'name="details-0-value"' in html
    assert PRIVATE in html


def test_queries_are_bounded(client, django_assert_num_queries, proposal):
    bare = ProposalFactory()
    client.get(bare.get_absolute_url())  # warm what a first request warms
    # No detail and no corridor measure: the page reads neither (the proposal's own query says so).
    with django_assert_num_queries(8):
        client.get(bare.get_absolute_url())
    with django_assert_num_queries(9):  # with details: one read for all of them
        client.get(proposal.get_absolute_url())
    ProposalDetailFactory(proposal=proposal, kind=ProposalDetail.Kind.CONTRACT_VALUE, private=False)
    with django_assert_num_queries(9):
        client.get(proposal.get_absolute_url())


def test_an_editor_adds_details_in_the_admin_and_bad_input_changes_nothing(client):
    editor = EditorFactory()
    client.force_login(editor)
    proposal = ProposalFactory()
    rows = {
        **inline_management("details", 2),
        "details-0-kind": "companies",
        "details-0-value": "KTZ Express; ASCO",
        "details-0-private": "on",
        "details-1-kind": "companies",  # the same kind twice
        "details-1-value": "Another",
    }
    response = client.post(admin_url(type(proposal), "change", proposal.pk), proposal_post(proposal, **rows))
    assert response.status_code == 200
    assert not ProposalDetail.objects.exists()

    rows["details-1-kind"] = "contact"
    rows["details-1-value"] = "Port press office"
    response = client.post(admin_url(type(proposal), "change", proposal.pk), proposal_post(proposal, **rows))
    assert response.status_code == 302
    saved = dict(ProposalDetail.objects.values_list("kind", "private"))
    assert saved == {"companies": True, "contact": False}
    assert ProposalDetail.history.filter(history_user=editor).count() == 2
