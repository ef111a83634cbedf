"""Every role on every URL the URLconf has: who gets the page, who is sent to log in, who is refused.

The URLs are walked from the URLconf with the leak walk's values, so a new page is covered without anyone
adding it here. Each area has one rule:

- the admin: staff accounts only; everyone else is sent to the admin's login;
- /manage/: those holding the managers' or editors' view permission; others are refused (403), visitors
  are sent to log in;
- /partner/: partner users only (the invitation link excepted: it is for the invited, logged out);
- /accounts/two-factor/: any logged-in account;
- everything else is public: nobody is refused, each sees what `visible_to` gives them.
"""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import EditorFactory, ManagerFactory, SuperuserFactory, UserFactory
from tests.test_leaks import candidate_urls, hidden, patterns  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
User = get_user_model()

ROLES = {
    "anonymous": lambda: None,
    "stakeholder account": UserFactory,
    "partner user of this organization": lambda: User.objects.get(username="leak-consulate"),
    "partner user of another organization": lambda: User.objects.get(username="leak-embassy"),
    "editor": EditorFactory,
    "manager": ManagerFactory,
    "superuser": SuperuserFactory,
}
STAFF = {"editor", "manager", "superuser"}
PARTNERS = {"partner user of this organization", "partner user of another organization"}
OPEN_ADMIN = ("admin/login/", "admin/logout/", "admin/jsi18n/")


def area(route):
    if route.startswith("admin/"):
        return "open" if route.startswith(OPEN_ADMIN) else "admin"
    if route.startswith("manage/"):
        return "manage"
    if route.startswith("partner/invitation/"):
        return "open"
    if route.startswith("partner/"):
        return "partner"
    if route.startswith("accounts/two-factor/"):
        return "account"
    return "open"


def expected(role, where, response):
    """Whether `response` is what `role` must meet in area `where`; returns a reason when it is not."""
    code = response.status_code
    to_login = code == 302 and "/login/" in response.get("Location", "")
    if code >= 500:
        return "a server error"
    if code == 405:  # a GET to a form's POST-only target: refused to everyone alike
        return None
    if where == "admin":
        if role in STAFF:
            return None if not (to_login and "/admin/login/" in response["Location"]) else "staff sent to log in"
        return None if to_login else "the admin let a non-staff account in"
    if where == "manage":
        if role == "anonymous":
            return None if to_login else "a visitor was not sent to log in"
        if role in STAFF:
            return None if code != 403 and not to_login else "staff refused"
        return None if code == 403 else "a manage page let a non-manager in"
    if where == "partner":
        if role == "anonymous":
            return None if to_login else "a visitor was not sent to log in"
        if role in PARTNERS:
            return None if code in (200, 302, 404, 405) and not to_login else "a partner refused"
        return None if code == 403 else "a partner page let a non-partner in"
    if where == "account":
        if role == "anonymous":
            return None if to_login else "a visitor was not sent to log in"
        return None if code != 403 and not to_login else "an account refused"
    return None if code != 403 else "a public page refused"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_url(client, hidden, role):  # noqa: F811
    user = ROLES[role]()
    if user is not None:
        client.force_login(user)
    checked = dict.fromkeys(("admin", "manage", "partner", "account", "open"), 0)
    for route, _pattern in patterns():
        where = area(route)
        urls = candidate_urls(route, hidden)
        if route.startswith("admin/") and role not in STAFF:
            urls = urls[:3]
        for url in urls:
            response = client.get(url)
            problem = expected(role, where, response)
            assert problem is None, f"{role} at {url}: {problem} ({response.status_code})"
            checked[where] += 1
    assert all(checked.values()), checked


def test_posting_to_the_partner_and_dispute_pages_by_role(client, hidden):  # noqa: F811
    from cooperation.models import Meeting, MeetingResponse

    meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    dispute = MeetingResponse.objects.get(kind="dispute")
    before = MeetingResponse.objects.count()
    for role, factory in ROLES.items():
        user = factory()
        client.logout()
        if user is not None:
            client.force_login(user)
        confirm = client.post(f"/partner/meetings/{meeting.pk}/", {"action": "confirm"})
        answer = client.post(f"/manage/disputes/{dispute.pk}/answer/", {f"answer-{dispute.pk}-text": "An answer"})
        if role == "partner user of this organization":
            assert confirm.status_code == 302
        elif role == "partner user of another organization":
            assert confirm.status_code == 404
        elif role == "anonymous":
            assert confirm.status_code == 302
            assert "/login/" in confirm["Location"]
        else:
            assert confirm.status_code == 403
        assert answer.status_code == (302 if role in ("editor", "superuser") else 403 if user else 302), role
    assert MeetingResponse.objects.count() == before + 1
    assert dispute.answers.count() == 3  # the fixture's, the editor's and the superuser's
