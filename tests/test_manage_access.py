"""Who may see and do what under /manage/."""

import pytest
from django.urls import reverse

from cooperation.models import FollowUp, Proposal
from tests.factories import (
    EditorFactory,
    FollowUpFactory,
    ManagerFactory,
    ProposalFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("cooperation:manage", []),
    ("cooperation:manage-proposals", []),
    ("cooperation:manage-proposal", ["p-slug"]),
    ("cooperation:manage-follow-ups", []),
    ("cooperation:manage-meetings", []),
]
ROLES = {
    "no-group user": UserFactory,
    "staff without group": StaffFactory,
    "editor": EditorFactory,
    "manager": ManagerFactory,
    "superuser": SuperuserFactory,
}
MAY_VIEW = {"editor", "manager", "superuser"}
MAY_CHANGE_STATUS = {"manager", "superuser"}
MAY_MARK_DONE = {"editor", "manager", "superuser"}


@pytest.fixture
def proposal():
    return ProposalFactory(slug="p-slug")


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_is_sent_to_login_and_back(client, proposal, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_by_role(client, proposal, role, name, args):
    client.force_login(ROLES[role]())
    response = client.get(reverse(name, args=args))
    assert response.status_code == (200 if role in MAY_VIEW else 403)


@pytest.mark.parametrize("role", ROLES)
def test_status_change_by_role(client, proposal, role):
    client.force_login(ROLES[role]())
    response = client.post(
        reverse("cooperation:manage-proposal", args=[proposal.slug]),
        {"to": "under_discussion", "expected": "proposed", "note": ""},
    )
    proposal.refresh_from_db()
    if role in MAY_CHANGE_STATUS:
        assert response.status_code == 302
        assert proposal.status == "under_discussion"
    else:
        assert response.status_code == 403
        assert proposal.status == "proposed"


def test_anonymous_status_change_is_sent_to_login(client, proposal):
    response = client.post(
        reverse("cooperation:manage-proposal", args=[proposal.slug]), {"to": "under_discussion", "expected": "proposed"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


@pytest.mark.parametrize("role", ROLES)
def test_mark_done_by_role(client, proposal, role):
    follow_up = FollowUpFactory(proposal=proposal)
    client.force_login(ROLES[role]())
    response = client.post(reverse("cooperation:manage-follow-up-done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    if role in MAY_MARK_DONE:
        assert response.status_code == 302
        assert follow_up.done_on is not None
    else:
        assert response.status_code == 403
        assert follow_up.done_on is None


def test_mark_done_needs_post(client, proposal):
    follow_up = FollowUpFactory(proposal=proposal)
    client.force_login(ManagerFactory())
    assert client.get(reverse("cooperation:manage-follow-up-done", args=[follow_up.pk])).status_code == 405
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None


def test_manage_link_only_for_those_allowed(client, proposal):
    assert "/manage/" not in client.get("/").content.decode()
    client.force_login(StaffFactory())
    assert 'href="/manage/"' not in client.get("/").content.decode()
    client.force_login(EditorFactory())
    assert 'href="/manage/"' in client.get("/").content.decode()


def test_unknown_proposal_is_404(client, proposal):
    client.force_login(ManagerFactory())
    assert client.get(reverse("cooperation:manage-proposal", args=["nope"])).status_code == 404
    assert Proposal.objects.count() == 1
