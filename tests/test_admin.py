"""Staff data entry through the Django admin."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from cooperation.models import Meeting, Participation, Proposal, Raising, StatusChange
from tests.factories import (
    ClaimCheckFactory,
    DisputeAnswerFactory,
    EditorFactory,
    FollowUpFactory,
    InvitationFactory,
    ManagerFactory,
    MeetingFactory,
    NotificationFactory,
    OfficialFactory,
    PartnerAccountFactory,
    PositionFactory,
    ProposalFactory,
    RaisingFactory,
    SuperuserFactory,
    TradeImportFactory,
    WatchFactory,
)
from trade.models import Economy

pytestmark = pytest.mark.django_db
MODELS = list(admin.site._registry)
OURS = [m for m in MODELS if m._meta.app_label in ("trade", "cooperation", "notifications")]
# Flags on figures come from the checks, never by hand.
# The e-mail outbox is written by the planner alone; a partner's response by the partner.
READ_ONLY = {
    *("statuschange", "tradeimport", "claimcheck", "notification", "meetingresponse"),
    *("accessattempt", "accesslog", "accessfailurelog"),
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_renders(superuser_client, demo, model):
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_add_page_renders_or_is_refused(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    expected = 403 if model._meta.model_name in READ_ONLY else 200
    assert response.status_code == expected


@pytest.mark.parametrize("model", OURS, ids=lambda m: m._meta.label)
def test_every_change_page_of_the_demo_renders(superuser_client, demo, model):
    # The story names no follow-up, and nobody has uploaded a file yet.
    FollowUpFactory(proposal=Proposal.objects.first())
    TradeImportFactory()
    ClaimCheckFactory()  # the story's figures agree with each other: no flag of its own
    NotificationFactory(last_error="SMTPServerDisconnected: gone", attempts=2)
    WatchFactory()
    DisputeAnswerFactory()  # nobody has signed a record off yet, nor been invited
    InvitationFactory()
    PartnerAccountFactory()
    obj = model.objects.first()
    response = superuser_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


def test_seed_meeting_shows_participants_and_proposals(superuser_client, demo):
    meeting = Meeting.objects.get()
    response = superuser_client.get(admin_url(Meeting, "change", meeting.pk))
    content = response.content.decode()
    assert "Nurdaulet Kilybay" in content
    assert "Elchin Mammadov" in content
    assert "Stronger tourism ties between Azerbaijan and Mangystau" in content


def test_trade_figures_filter_by_pair(superuser_client, demo):
    kz, az = Economy.objects.get(code="KZ"), Economy.objects.get(code="AZ")
    response = superuser_client.get(
        reverse("admin:trade_tradefigure_changelist"),
        {"reporter__id__exact": kz.pk, "partner__id__exact": az.pk, "year": "2023"},
    )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


MEETING_TEXT = ("title", "place", "summary")
PROPOSAL_TEXT = ("title", "summary")


def in_english(data, *fields):
    """The admin edits each field kept per language as one field per language: the text goes to the English one."""
    for field in fields:
        if field in data:
            data[f"{field}_en"] = data.pop(field)
    return data


def meeting_post(**overrides):
    data = {
        "title": "Working group on fruit supply",
        "date": "2024-09-10",
        "place": "Baku",
        "kind": "meeting",
        "visibility": "public",
        "summary": "Follow-up talks.",
        "source_title": "",
        "source_url": "",
        **inline_management("participations", 2),
        **inline_management("raisings", 1),
    }
    data.update(overrides)
    return in_english(data, *MEETING_TEXT)


def test_adding_a_meeting_with_two_participants_and_a_proposal(client):
    editor = EditorFactory()
    client.force_login(editor)
    head = PositionFactory(title="Akim", start=datetime.date(2022, 1, 1))
    PositionFactory(
        official=head.official, title="Deputy akim", start=datetime.date(2019, 1, 1), end=datetime.date(2021, 12, 31)
    )
    consul = PositionFactory(title="Consul General", start=None)
    proposal = ProposalFactory()

    response = client.post(
        admin_url(Meeting, "add"),
        meeting_post(
            **{
                "participations-0-official": head.official.pk,
                "participations-0-side": "host",
                "participations-1-official": consul.official.pk,
                "participations-1-side": "partner",
                "raisings-0-proposal": proposal.pk,
                "raisings-0-raised_by": head.official.pk,
                "raisings-0-statement": "Let us start with apples.",
                "raisings-0-statement_language": "en",
            }
        ),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else response
    meeting = Meeting.objects.get(title="Working group on fruit supply")
    posts = {p.official_id: p.position for p in Participation.objects.filter(meeting=meeting)}
    assert posts == {head.official.pk: head, consul.official.pk: consul}
    assert Raising.objects.get(meeting=meeting).proposal == proposal


def test_a_post_not_held_on_the_meeting_day_is_refused(client):
    client.force_login(EditorFactory())
    old_post = PositionFactory(start=datetime.date(2015, 1, 1), end=datetime.date(2018, 1, 1))

    response = client.post(
        admin_url(Meeting, "add"),
        meeting_post(
            **{
                "participations-0-official": old_post.official.pk,
                "participations-0-position": old_post.pk,
                "participations-0-side": "host",
                **inline_management("participations", 1),
                **inline_management("raisings", 0),
            }
        ),
    )

    assert response.status_code == 200
    assert "did not hold this post" in response.content.decode()
    assert not Meeting.objects.exists()


def proposal_post(proposal, **overrides):
    data = {
        "title": proposal.title,
        "slug": proposal.slug,
        "summary": proposal.summary,
        "sector": proposal.sector.pk,
        "proposed_by": "",
        "visibility": proposal.visibility,
        "status": proposal.status,
        "status_note": "",
        "from_economy": proposal.from_economy.pk,
        "to_economy": proposal.to_economy.pk,
        "target_direction": proposal.target_direction,
        "baseline_year": proposal.baseline_year,
        "version": proposal.version,
        **inline_management("raisings", 0),
        **inline_management("follow_ups", 0),
        **inline_management("status_changes", 0),
        **inline_management("details", 0),
        **inline_management("corridor_targets", 0),
    }
    data.update(overrides)
    return in_english(data, *PROPOSAL_TEXT)


def status_post(proposal, **overrides):
    return {"to": "", "note": "", "meeting": "", "expected": proposal.status, **overrides}


def test_admin_status_change_goes_through_the_workflow_with_note_and_meeting(client):
    manager = ManagerFactory()
    client.force_login(manager)
    proposal = ProposalFactory(visibility="public")
    meeting = MeetingFactory(visibility="public")
    RaisingFactory(meeting=meeting, proposal=proposal)

    response = client.post(
        admin_url(Proposal, "status", proposal.pk),
        status_post(proposal, to="under_discussion", note="Agreed to talk", meeting=meeting.pk, note_is_public="on"),
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("under_discussion", 2)
    change = StatusChange.objects.get(proposal=proposal)
    assert (change.changed_by, change.from_status, change.to_status) == (manager, "proposed", "under_discussion")
    assert (change.note, change.note_is_public, change.meeting) == ("Agreed to talk", True, meeting)
    latest = proposal.history.latest()
    assert (latest.history_user, latest.status, latest.prev_record.status) == (manager, "under_discussion", "proposed")


def test_admin_status_change_refused_by_the_rule_saves_nothing(client):
    client.force_login(ManagerFactory())
    proposal = ProposalFactory(status="proposed")

    response = client.post(admin_url(Proposal, "status", proposal.pk), status_post(proposal, to="declined"))

    assert response.status_code == 400
    assert "Say why in a note: it is required for “Declined”." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("proposed", 1)
    assert not StatusChange.objects.exists()
    assert proposal.history.count() == 1


def test_admin_status_change_on_a_stale_page_is_refused(client):
    client.force_login(ManagerFactory())
    proposal = ProposalFactory(status="under_discussion")

    response = client.post(
        admin_url(Proposal, "status", proposal.pk), status_post(proposal, to="agreed", expected="proposed")
    )

    assert response.status_code == 400
    assert "by someone else since you opened this page" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "under_discussion"
    assert not StatusChange.objects.exists()


def test_status_is_read_only_in_the_admin_change_form(client):
    client.force_login(SuperuserFactory())
    proposal = ProposalFactory(status="proposed")

    page = client.get(admin_url(Proposal, "change", proposal.pk)).content.decode()
    response = client.post(
        admin_url(Proposal, "change", proposal.pk), proposal_post(proposal, title="Renamed", status="declined")
    )

    assert 'name="status"' not in page
    assert admin_url(Proposal, "status", proposal.pk) in page
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Renamed", "proposed")
    assert not StatusChange.objects.exists()


def test_only_those_who_decide_statuses_reach_the_admin_status_page(client):
    client.force_login(EditorFactory())
    proposal = ProposalFactory(status="proposed")

    assert client.get(admin_url(Proposal, "status", proposal.pk)).status_code == 403
    response = client.post(admin_url(Proposal, "status", proposal.pk), status_post(proposal, to="under_discussion"))

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_editor_edits_a_proposal_but_not_its_status(client):
    client.force_login(EditorFactory())
    proposal = ProposalFactory(status="proposed")

    response = client.post(
        admin_url(Proposal, "change", proposal.pk),
        proposal_post(proposal, title="Renamed", status="declined", status_note="sneaky"),
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Renamed", "proposed")
    assert not StatusChange.objects.exists()


def test_new_proposal_starts_its_history(client):
    editor = EditorFactory()
    client.force_login(editor)
    data = proposal_post(ProposalFactory(), slug="brand-new", title="Brand new", status="agreed")

    response = client.post(admin_url(Proposal, "add"), data)

    assert response.status_code == 302
    proposal = Proposal.objects.get(slug="brand-new")
    assert proposal.status == "proposed"
    assert proposal.status_changes.get().changed_by == editor


def test_status_history_cannot_be_edited_in_admin(superuser_client, demo):
    change = StatusChange.objects.first()
    response = superuser_client.post(admin_url(StatusChange, "change", change.pk), {"note": "rewritten"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.note != "rewritten"


def test_officials_are_found_by_autocomplete(superuser_client):
    OfficialFactory(full_name="Nurdaulet Kilybay")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cooperation", "model_name": "participation", "field_name": "official", "term": "Kilyb"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Nurdaulet Kilybay"]


@pytest.mark.parametrize("language", ["en", "kk", "ru", "az"])
def test_the_lists_action_checkboxes_are_djangos_own(superuser_client, demo, language):
    """Written directly for speed, each row's checkbox is what Django's widget writes, in every language."""
    model_admin = admin.site._registry[Proposal]
    proposal = ProposalFactory(title='Ships & "cargo" <fast>')
    with translation.override(language):
        assert model_admin.action_checkbox(proposal) == admin.ModelAdmin.action_checkbox(model_admin, proposal)
    assert model_admin.list_per_page == 50
    page = superuser_client.get(admin_url(Proposal, "changelist"), {"q": "cargo"}).content.decode()
    assert f'name="_selected_action" value="{proposal.pk}" class="action-select"' in page
