"""Partner sign-off: what a partner user sees, confirming and disputing a record, staff's answers, the public
badges, and invitations."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cooperation import signoff
from cooperation.models import FollowUp, Meeting, PartnerAccount, partner_scope
from cooperation.models.partners import DisputeAnswer, Invitation, MeetingResponse
from tests.factories import (
    DisputeAnswerFactory,
    DisputeFactory,
    EditorFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    InvitationFactory,
    ManagerFactory,
    MeetingFactory,
    MeetingResponseFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnerAccountFactory,
    PositionFactory,
    ProposalDetailFactory,
    ProposalFactory,
    RaisingFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two partner organizations, each with its own internal meeting, and a public meeting with the first."""
    consulate = OrganizationFactory(name="Consulate General of Azerbaijan in Aktau", kind="consulate")
    embassy = OrganizationFactory(name="Embassy of Elsewhere", kind="embassy")
    akimat = OrganizationFactory(name="Akimat of Mangystau", kind="akimat")
    consul = PositionFactory(organization=consulate, title="Consul General", official__full_name="Elchin Mammadov")
    ambassador = PositionFactory(organization=embassy, title="Ambassador", official__full_name="Other Envoy")
    akim = PositionFactory(organization=akimat, title="Akim", official__full_name="Nurdaulet Kilybay")

    ours = InternalMeetingFactory(title="Closed talks with the consulate")
    theirs = InternalMeetingFactory(title="Closed talks with the embassy")
    public = MeetingFactory(title="Public meeting with the consul", visibility="public")
    draft = MeetingFactory(title="Draft meeting with the consul", visibility="draft")
    for meeting, partner in ((ours, consul), (theirs, ambassador), (public, consul), (draft, consul)):
        ParticipationFactory(meeting=meeting, position=akim)
        ParticipationFactory(meeting=meeting, position=partner, side="partner")

    our_proposal = ProposalFactory(title="Joint ferry line", visibility="internal")
    their_proposal = ProposalFactory(title="Embassy's secret plan", visibility="internal")
    public_proposal = ProposalFactory(title="Fruit supply", visibility="public")
    RaisingFactory(meeting=ours, proposal=our_proposal, raised_by=consul.official, statement="We will run the ferry.")
    RaisingFactory(meeting=theirs, proposal=their_proposal, raised_by=ambassador.official, statement="Hush.")
    said = RaisingFactory(
        meeting=public, proposal=public_proposal, raised_by=consul.official, statement="We will supply fruit."
    )
    RaisingFactory(meeting=public, proposal=public_proposal, raised_by=akim.official, statement="We welcome it.")

    FollowUpFactory(proposal=our_proposal, action="Shared action", visibility="internal", shared_with_partners=True)
    FollowUpFactory(proposal=our_proposal, action="Unshared action", visibility="internal")
    FollowUpFactory(
        proposal=their_proposal, action="Embassy shared action", visibility="internal", shared_with_partners=True
    )
    ProposalDetailFactory(proposal=public_proposal, kind="companies", value="Private fruit company")
    ProposalDetailFactory(proposal=their_proposal, kind="companies", value="Embassy private company")

    partner = PartnerAccountFactory(organization=consulate, user__username="consul-user").user
    other = PartnerAccountFactory(organization=embassy, user__username="embassy-user").user
    return {
        "partner": partner,
        "other": other,
        "ours": ours,
        "theirs": theirs,
        "public": public,
        "draft": draft,
        "our_proposal": our_proposal,
        "their_proposal": their_proposal,
        "public_proposal": public_proposal,
        "said": said,
        "consulate": consulate,
    }


def test_the_scope_is_the_meetings_taken_part_in_their_proposals_and_no_draft(world):
    scope = partner_scope(world["partner"])
    assert scope.meetings == {world["ours"].pk, world["public"].pk}
    assert scope.proposals == {world["our_proposal"].pk, world["public_proposal"].pk}
    assert partner_scope(UserFactory()) is None
    assert partner_scope(StaffFactory()) is None


def test_a_partner_sees_their_internal_records_and_nothing_of_another_partner(client, world):
    client.force_login(world["partner"])
    assert client.get(world["ours"].get_absolute_url()).status_code == 200
    assert client.get(world["theirs"].get_absolute_url()).status_code == 404
    assert client.get(world["draft"].get_absolute_url()).status_code == 404
    ours = client.get(world["our_proposal"].get_absolute_url()).content.decode()
    assert "Shared action" in ours
    assert "Unshared action" not in ours
    assert client.get(world["their_proposal"].get_absolute_url()).status_code == 404
    listing = client.get("/meetings/").content.decode()
    assert "Closed talks with the consulate" in listing
    assert "Closed talks with the embassy" not in listing
    assert "Private fruit company" in client.get(world["public_proposal"].get_absolute_url()).content.decode()


def test_another_partner_and_the_public_see_none_of_it(client, world):
    client.force_login(world["other"])
    assert client.get(world["ours"].get_absolute_url()).status_code == 404
    assert client.get(world["our_proposal"].get_absolute_url()).status_code == 404
    page = client.get(world["public_proposal"].get_absolute_url()).content.decode()
    assert "Fruit supply" in page
    assert "Private fruit company" not in page
    assert "Embassy private company" in client.get(world["their_proposal"].get_absolute_url()).content.decode()
    client.logout()
    assert client.get(world["ours"].get_absolute_url()).status_code == 404
    assert "Private fruit company" not in client.get(world["public_proposal"].get_absolute_url()).content.decode()


def test_shared_follow_ups_reach_only_the_partners_of_their_proposal(world):
    assert set(FollowUp.objects.visible_to(world["partner"]).values_list("action", flat=True)) == {"Shared action"}
    assert set(FollowUp.objects.visible_to(world["other"]).values_list("action", flat=True)) == {
        "Embassy shared action"
    }
    assert not FollowUp.objects.visible_to(UserFactory()).exists()


def test_a_partner_never_reaches_the_admin(client, world):
    client.force_login(world["partner"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/cooperation/meeting/").status_code == 302


def test_a_staff_account_cannot_speak_for_a_partner(world):
    from django.core.exceptions import ValidationError

    account = PartnerAccount(user=StaffFactory(), organization=world["consulate"])
    with pytest.raises(ValidationError):
        account.full_clean()


def test_the_partner_home_lists_their_meetings(client, world, django_assert_num_queries):
    client.force_login(world["partner"])
    client.get("/partner/")  # the session is read once
    with django_assert_num_queries(11):
        page = client.get("/partner/").content.decode()
    assert "Closed talks with the consulate" in page
    assert "Public meeting with the consul" in page
    assert "Closed talks with the embassy" not in page
    assert "Draft meeting" not in page
    assert "Joint ferry line" in page
    for _ in range(5):
        meeting = InternalMeetingFactory()
        ParticipationFactory(meeting=meeting, position=world["said"].raised_by.positions.first(), side="partner")
    with django_assert_num_queries(11):
        client.get("/partner/")


def test_partner_pages_by_who_asks(client, world):
    url = f"/partner/meetings/{world['ours'].pk}/"
    assert client.get("/partner/").status_code == 302  # anonymous: to the login page
    assert client.get(url).status_code == 302
    for user in (UserFactory(), EditorFactory(), ManagerFactory(), SuperuserFactory()):
        client.force_login(user)
        assert client.get("/partner/").status_code == 403
        assert client.get(url).status_code == 403
    client.force_login(world["other"])
    assert client.get(url).status_code == 404
    client.force_login(world["partner"])
    assert client.get(url).status_code == 200
    assert client.get(f"/partner/meetings/{world['theirs'].pk}/").status_code == 404
    assert client.get(f"/partner/meetings/{world['draft'].pk}/").status_code == 404


def test_the_partner_meeting_page_costs_the_same_whatever_its_size(client, world, django_assert_num_queries):
    client.force_login(world["partner"])
    url = f"/partner/meetings/{world['public'].pk}/"
    MeetingResponseFactory(meeting=world["public"], organization=world["consulate"])
    client.get(url)
    with django_assert_num_queries(14):
        client.get(url)
    for _ in range(4):
        RaisingFactory(meeting=world["public"], proposal=ProposalFactory(visibility="public"))
        ParticipationFactory(meeting=world["public"])
        DisputeAnswerFactory(response__meeting=world["public"], response__organization=world["consulate"])
    with django_assert_num_queries(14):
        client.get(url)


def test_confirming_shows_confirmed_by_both_sides_until_the_record_changes(client, world):
    client.force_login(world["partner"])
    url = f"/partner/meetings/{world['public'].pk}/"
    response = client.post(url, {"action": "confirm", "confirm-comment": ""})
    assert response.status_code == 302
    response = MeetingResponse.objects.get()
    assert (response.kind, response.organization, response.responded_by) == (
        "confirm",
        world["consulate"],
        world["partner"],
    )
    client.logout()
    page = client.get(world["public"].get_absolute_url()).content.decode()
    assert "Confirmed by both sides" in page
    assert "Consulate General of Azerbaijan in Aktau" in page
    assert timezone.localdate().strftime("%Y") in page
    assert "Confirmed by the speaker&#x27;s side" in page or "Confirmed by the speaker's side" in page
    proposal_page = client.get(world["public_proposal"].get_absolute_url()).content.decode()
    assert "Confirmed by both sides" in proposal_page

    meeting = Meeting.objects.get(pk=world["public"].pk)
    meeting.summary = "Corrected afterwards."
    meeting.save()
    page = client.get(world["public"].get_absolute_url()).content.decode()
    assert "Awaiting confirmation" in page
    assert "Confirmed by both sides" not in page


def test_a_meeting_nobody_was_asked_about_has_no_badge(client, world):
    meeting = MeetingFactory(visibility="public")
    ParticipationFactory(meeting=meeting)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Awaiting confirmation" not in page
    assert "Confirmed by both sides" not in page
    assert "Awaiting confirmation" in client.get(world["public"].get_absolute_url()).content.decode()


def test_a_dispute_of_a_statement_marks_it(client, world):
    client.force_login(world["partner"])
    url = f"/partner/meetings/{world['public'].pk}/"
    client.post(
        url,
        {
            "action": "dispute",
            "dispute-part": "statement",
            "dispute-raising": world["said"].pk,
            "dispute-comment": "The consul spoke of dried fruit only.",
        },
    )
    dispute = MeetingResponse.objects.get()
    assert (dispute.kind, dispute.part, dispute.raising) == ("dispute", "statement", world["said"])
    client.logout()
    page = client.get(world["public"].get_absolute_url()).content.decode()
    assert "Disputed" in page
    assert "Disputed by the speaker" in page
    assert "dried fruit" not in page  # the comment is for staff, not the public


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"dispute-part": "posts", "dispute-comment": ""}, "comment"),
        ({"dispute-part": "nonsense", "dispute-comment": "Wrong"}, "part"),
        ({"dispute-part": "posts", "dispute-raising": "999999", "dispute-comment": "Wrong"}, "raising"),
        ({"dispute-part": "posts", "dispute-raising": "SAID", "dispute-comment": "Wrong"}, "raising"),
    ],
)
def test_a_bad_dispute_says_why_and_writes_nothing(client, world, data, field):
    client.force_login(world["partner"])
    data = {k: (str(world["said"].pk) if v == "SAID" else v) for k, v in data.items()}
    response = client.post(f"/partner/meetings/{world['public'].pk}/", {"action": "dispute", **data})
    assert response.status_code == 200
    assert response.context["dispute_form"].errors[field]
    assert not MeetingResponse.objects.exists()


def test_a_statement_of_another_meeting_cannot_be_disputed(client, world):
    other = RaisingFactory(meeting=world["ours"], proposal=world["our_proposal"])
    client.force_login(world["partner"])
    response = client.post(
        f"/partner/meetings/{world['public'].pk}/",
        {"action": "dispute", "dispute-part": "statement", "dispute-raising": other.pk, "dispute-comment": "No"},
    )
    assert response.context["dispute_form"].errors["raising"]
    assert not MeetingResponse.objects.exists()


def test_an_unknown_action_changes_nothing(client, world):
    client.force_login(world["partner"])
    response = client.post(f"/partner/meetings/{world['public'].pk}/", {"action": "delete"}, follow=True)
    assert "Choose whether you confirm" in response.content.decode()
    assert not MeetingResponse.objects.exists()


def test_a_partner_cannot_respond_for_a_meeting_outside_their_scope(client, world):
    client.force_login(world["other"])
    response = client.post(f"/partner/meetings/{world['public'].pk}/", {"action": "confirm"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        signoff.confirm(world["public"], world["other"])
    assert not MeetingResponse.objects.exists()


def test_staff_answer_disputes_and_the_partner_reads_the_answer(client, world):
    dispute = DisputeFactory(meeting=world["public"], organization=world["consulate"], responded_by=world["partner"])
    editor = EditorFactory()
    client.force_login(editor)
    page = client.get("/manage/disputes/").content.decode()
    assert "The Consul General&#x27;s post is recorded wrongly." in page
    response = client.post(
        f"/manage/disputes/{dispute.pk}/answer/",
        {f"answer-{dispute.pk}-text": "Corrected to Consul General.", f"answer-{dispute.pk}-corrected": "on"},
    )
    assert response.status_code == 302
    answer = DisputeAnswer.objects.get()
    assert (answer.response, answer.answered_by, answer.corrected) == (dispute, editor, True)
    client.force_login(world["partner"])
    page = client.get(f"/partner/meetings/{world['public'].pk}/").content.decode()
    assert "Corrected to Consul General." in page
    assert "the record was corrected" in page
    # The dispute stands until the partner confirms the corrected record.
    assert signoff.signoffs([world["public"]])[world["public"].pk].state == signoff.DISPUTED
    client.post(f"/partner/meetings/{world['public'].pk}/", {"action": "confirm"})
    assert signoff.signoffs([Meeting.objects.get(pk=world["public"].pk)])[world["public"].pk].state == signoff.CONFIRMED
    client.force_login(editor)
    assert "No record is disputed." in client.get("/manage/disputes/").content.decode()


def test_an_empty_answer_is_refused(client, world):
    dispute = DisputeFactory(meeting=world["public"], organization=world["consulate"])
    client.force_login(EditorFactory())
    response = client.post(f"/manage/disputes/{dispute.pk}/answer/", {f"answer-{dispute.pk}-text": " "}, follow=True)
    assert "The answer was not recorded" in response.content.decode()
    assert not DisputeAnswer.objects.exists()


def test_a_confirmation_cannot_be_answered(world):
    confirmation = MeetingResponseFactory(meeting=world["public"], organization=world["consulate"])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        signoff.answer(confirmation, EditorFactory(), "Thanks")


def test_who_may_see_and_answer_disputes(client, world):
    dispute = DisputeFactory(meeting=world["public"], organization=world["consulate"])
    answer_url = f"/manage/disputes/{dispute.pk}/answer/"
    data = {f"answer-{dispute.pk}-text": "An answer"}
    assert client.get("/manage/disputes/").status_code == 302
    for user, sees, answers in [
        (UserFactory(), False, False),
        (world["partner"], False, False),
        (StaffFactory(), False, False),
        (ManagerFactory(), True, False),
        (EditorFactory(), True, True),
        (SuperuserFactory(), True, True),
    ]:
        client.force_login(user)
        assert client.get("/manage/disputes/").status_code == (200 if sees else 403), user
        assert client.post(answer_url, data).status_code == (302 if answers else 403), user
    assert DisputeAnswer.objects.count() == 2


def test_the_disputes_page_costs_the_same_whatever_its_length(client, world, django_assert_num_queries):
    client.force_login(EditorFactory())
    DisputeAnswerFactory(response__meeting=world["public"], response__organization=world["consulate"])
    client.get("/manage/disputes/")
    with django_assert_num_queries(7):
        client.get("/manage/disputes/")
    for _ in range(3):
        DisputeAnswerFactory()
    with django_assert_num_queries(7):
        client.get("/manage/disputes/")


def test_only_the_latest_dispute_of_an_organization_stands(world):
    DisputeFactory(meeting=world["public"], organization=world["consulate"])
    MeetingResponseFactory(meeting=world["public"], organization=world["consulate"])
    later = DisputeFactory(meeting=world["ours"], organization=world["consulate"])
    assert list(signoff.open_disputes()) == [later]


def test_the_history_keeps_every_step(world):
    DisputeAnswerFactory(response__meeting=world["public"], response__organization=world["consulate"])
    MeetingResponseFactory(meeting=world["public"], organization=world["consulate"])
    steps = list(signoff.history(world["public"]))
    assert [s.kind for s in steps] == ["confirm", "dispute"]
    assert steps[1].answers.count() == 1


# --- Invitations ------------------------------------------------------------------------------------------


def invite(client, email="new.partner@consulate.example", language="ru"):
    organization = OrganizationFactory(name="Consulate General in Aktau", kind="consulate")
    client.force_login(EditorFactory(username="inviter"))
    response = client.post(
        "/admin/cooperation/invitation/add/",
        {"email": email, "organization": organization.pk, "language": language},
    )
    return response, organization


def link_path(message):
    return re.search(r"https?://[^/\s]+(/\S*partner/invitation/[^/\s]+/)", message.body).group(1)


def test_staff_invite_by_e_mail_in_the_chosen_language(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response, organization = invite(client)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organization) == ("new.partner@consulate.example", organization)
    (message,) = mail.outbox
    assert message.to == ["new.partner@consulate.example"]
    assert "Cooperation Tracker" in message.subject
    assert "ссылк" in message.body.lower()  # written in Russian
    token = link_path(message).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_digest  # only a digest is kept
    assert len(invitation.token_digest) == 64


def test_the_link_makes_one_account_that_meets_the_password_rules(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client)
    path = link_path(mail.outbox[0])
    client.logout()
    assert client.get(path).status_code == 200
    weak = client.post(path, {"username": "elchin", "password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    assert weak.context["form"].errors["password2"]
    assert not PartnerAccount.objects.exists()
    strong = {"username": "elchin", "password1": "Caspian-ferry-2025!", "password2": "Caspian-ferry-2025!"}
    response = client.post(path, strong)
    assert response.status_code == 302
    assert response["Location"].endswith("/partner/")
    account = PartnerAccount.objects.get()
    assert (account.user.username, account.user.email, account.user.is_staff) == (
        "elchin",
        "new.partner@consulate.example",
        False,
    )
    assert client.get("/partner/").status_code == 200  # logged in
    client.logout()
    again = client.post(path, {**strong, "username": "someone-else"})
    assert again.status_code == 404
    assert "expired or has already been used" in again.content.decode()
    assert PartnerAccount.objects.count() == 1


def test_an_expired_or_unknown_link_opens_nothing(client):
    InvitationFactory(token="stale", expires_at=timezone.now() - datetime.timedelta(minutes=1))
    for token in ("stale", "never-made"):
        response = client.get(f"/partner/invitation/{token}/")
        assert response.status_code == 404
        assert "expired or has already been used" in response.content.decode()
        response = client.post(
            f"/partner/invitation/{token}/",
            {"username": "x", "password1": "Caspian-ferry-2025!", "password2": "Caspian-ferry-2025!"},
        )
        assert response.status_code == 404
    assert not PartnerAccount.objects.exists()


def test_an_address_that_already_has_an_account_is_not_invited_again(client, world):
    world["partner"].email = "taken@consulate.example"
    world["partner"].save()
    response, _organization = invite(client, email="taken@consulate.example")
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_bad_invitation_form_says_why(client):
    response, _organization = invite(client, email="not an address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_only_those_who_may_add_invitations_invite(client):
    organization = OrganizationFactory()
    for user in (ManagerFactory(), StaffFactory()):
        client.force_login(user)
        response = client.post(
            "/admin/cooperation/invitation/add/", {"email": "a@b.example", "organization": organization.pk}
        )
        assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_statement_changed_on_a_proposal_form_unsettles_the_confirmation(world):
    """The admin's proposal form edits raisings without saving their meeting: it raises the meeting's version."""
    from cooperation.admin import save_raisings

    MeetingResponseFactory(meeting=world["public"], organization=world["consulate"])
    assert signoff.signoffs([Meeting.objects.get(pk=world["public"].pk)])[world["public"].pk].state == signoff.CONFIRMED

    class Formset:
        deleted_objects = []

        def save(self):
            world["said"].statement = "We will supply dried fruit."
            world["said"].save()
            return [world["said"]]

    saves = world["public"].history.count()
    save_raisings(Formset())
    meeting = Meeting.objects.get(pk=world["public"].pk)
    assert meeting.version == world["public"].version + 1
    assert meeting.history.count() == saves + 1  # the audit history has the save
    assert signoff.signoffs([meeting])[meeting.pk].state == signoff.AWAITING


def test_the_menu_links_a_partner_to_their_meetings(client, world):
    client.force_login(world["partner"])
    assert 'href="/partner/"' in client.get("/proposals/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/partner/"' not in client.get("/proposals/").content.decode()
    client.logout()
    assert 'href="/partner/"' not in client.get("/proposals/").content.decode()


def test_a_partner_can_turn_on_two_factor_sign_in(client, world):
    client.force_login(world["partner"])
    assert client.get("/accounts/two-factor/").status_code == 200
