"""Every admin change and add form runs a fixed number of queries, at most ten, whatever the data holds.

Each form is opened on a record with several related rows (inline rows, chosen records, what its
read-only fields read), then again with twice as many: the count is pinned and must not move. An
editor's page reads the user's permissions on top (two queries: their own and their groups').
A new admin must be added here: `test_every_admin_form_is_pinned` fails until it is.
"""

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from api.models import ApiToken
from cooperation.indicator_store import refresh_pending
from cooperation.models import (
    FollowUp,
    Invitation,
    Meeting,
    MeetingResponse,
    Official,
    Organization,
    PartnerAccount,
    Position,
    Proposal,
    ProposalDetail,
    Sector,
    StatusChange,
    Visibility,
)
from notifications.models import Notification, Watch
from notifications.services import reminder_problem, with_reminder_accounts
from tests.factories import (
    COUNTRIES,
    ApiTokenFactory,
    ClaimCheckFactory,
    CorridorFigureFactory,
    CorridorTargetFactory,
    DataSourceFactory,
    DisputeAnswerFactory,
    DisputeFactory,
    EconomyFactory,
    EditorFactory,
    FollowUpFactory,
    InvitationFactory,
    MeetingFactory,
    NotificationFactory,
    OfficialFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartnerAccountFactory,
    PlaceFactory,
    PositionFactory,
    ProfileFactory,
    ProposalDetailFactory,
    ProposalFactory,
    ProposalIndicatorFactory,
    RaisingFactory,
    RegionFactory,
    SectorFactory,
    StatusChangeFactory,
    SuperuserFactory,
    TradeFigureFactory,
    TradeImportFactory,
    UserFactory,
    WatchFactory,
)
from trade.claims import ClaimCheck
from trade.models import CorridorFigure, DataSource, Economy, Place, ProductGroup, TradeFigure, TradeImport

pytestmark = pytest.mark.django_db

User = get_user_model()
ROWS = 3  # related rows of each kind at first; the second look has twice as many
PERMISSIONS = 2  # an editor's permissions: their own, then their groups'
# Third-party admins (login attempts) are Django's and django-axes' own, not this project's forms.
NOT_OURS = {"axes"}


def chapters(n, start=0):
    """HS chapters the migrations load (several, for groups chosen in a form)."""
    return list(ProductGroup.objects.filter(level=ProductGroup.Level.CHAPTER).order_by("code")[start : start + n])


def account(official=None, **user):
    """A non-staff account with an e-mail address, linked to `official` for its reminders."""
    user = UserFactory(email=f"{UserFactory._meta.model.objects.count()}@example.org", **user)
    ProfileFactory(user=user, official=official)
    return user


# -- The records, and how each gets more related rows -------------------------------------------


def add_to_meeting(meeting, n):
    for i in range(n):
        ParticipationFactory(meeting=meeting)
        raising = RaisingFactory(meeting=meeting)
        if i % 2:
            ProposalIndicatorFactory(proposal=raising.proposal)


def add_to_proposal(proposal, n):
    have = proposal.target_product_groups.count()
    proposal.target_product_groups.add(*chapters(n, start=have))
    for kind in ProposalDetail.Kind.values:  # each kind once: a proposal holds at most one of each
        ProposalDetailFactory(proposal=proposal, kind=kind, private=kind != ProposalDetail.Kind.CONTACT)
    for i in range(n):
        RaisingFactory(proposal=proposal)
        StatusChangeFactory(proposal=proposal, meeting=MeetingFactory(), changed_by=UserFactory(), note="Agreed.")
        # Each way reminders can go, or not: an owner's account, an account of its own, none, one that may not see it.
        owner = OfficialFactory()
        account(official=owner)
        FollowUpFactory(proposal=proposal, owner=owner)
        FollowUpFactory(proposal=proposal, owner=OfficialFactory(), assignee=account())
        FollowUpFactory(proposal=proposal)
        FollowUpFactory(proposal=proposal, owner=owner, visibility=Visibility.INTERNAL)
        CorridorTargetFactory(proposal=proposal, counterpart=PlaceFactory(), direction="to")
        year = 2000 + have + i
        for group in [*chapters(1, start=have + i), ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)]:
            TradeFigureFactory(
                reporter=proposal.from_economy.parent, partner=proposal.to_economy, year=year, product_group=group
            )


def new_proposal():
    return ProposalFactory(proposed_by=OfficialFactory(), baseline_year=2000)


def add_to_official(official, n):
    for _ in range(n):
        position = PositionFactory(official=official)
        ParticipationFactory(official=official, position=position)


def add_to_organization(organization, n):
    PositionFactory.create_batch(n, organization=organization)


def add_to_position(position, n):
    for _ in range(n):
        ParticipationFactory(official=position.official, position=position)


def add_to_sector(sector, n):
    sector.product_groups.add(*chapters(n, start=sector.product_groups.count()))
    ProposalFactory.create_batch(n, sector=sector)
    CorridorTargetFactory.create_batch(n, proposal=None, sector=sector)


def add_to_place(place, n):
    start = place.economies.count()
    place.economies.add(*(EconomyFactory(code=COUNTRIES[start + i]) for i in range(n)))
    add_corridor_figures(CorridorFigureFactory(place=place, year=1990 + start), n)


def add_corridor_figures(figure, n):
    start = CorridorFigure.objects.filter(place=figure.place).count()
    for year in range(2000 + start, 2000 + start + n):
        CorridorFigureFactory(place=figure.place, source=figure.source, year=year)


def new_follow_up():
    owner = OfficialFactory()
    account(official=owner)
    return FollowUpFactory(owner=owner, assignee=account())


def add_to_follow_up(follow_up, n):
    for _ in range(n):
        NotificationFactory(follow_up=follow_up, user=follow_up.assignee)


def add_to_status_change(change, n):
    NotificationFactory.create_batch(n, status_change=change, follow_up=None)


def add_figures(figure, n):
    start = TradeFigure.objects.filter(reporter=figure.reporter, partner=figure.partner).count()
    for year in range(2000 + start, 2000 + start + n):
        TradeFigureFactory(reporter=figure.reporter, partner=figure.partner, source=figure.source, year=year)


def add_claims(claim, n):
    # Flags of other pairs: a figure saved rechecks its own series, which would clear this made-up flag.
    for _ in range(n):
        partner = EconomyFactory(code=COUNTRIES[ClaimCheck.objects.count()])
        ClaimCheckFactory(figure=TradeFigureFactory(partner=partner), explained_by=UserFactory())


def add_to_source(source, n):
    start = source.figures.count()
    for year in range(2000 + start, 2000 + start + n):
        TradeFigureFactory(source=source, year=year)


def add_regions(economy, n):
    start = Economy.objects.filter(parent=economy).count()
    for i in range(start, start + n):
        Economy.objects.create(code=f"KZ-{i + 50}", name=f"Region {i}", kind=Economy.Kind.REGION,
                               parent=economy)  # fmt: skip


def add_subgroups(group, n):
    for i in range(n):
        code = f"X{ProductGroup.objects.filter(parent=group).count() + i:03d}"
        ProductGroup.objects.create(code=code, name=f"Goods {code}", level=ProductGroup.Level.CHAPTER, parent=group)


def new_product_group():
    return ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)


def new_import():
    return TradeImportFactory()


def add_imported_figures(trade_import, n):
    start = TradeFigure.objects.count()
    for year in range(2000 + start, 2000 + start + n):
        TradeFigureFactory(trade_import=trade_import, year=year)


def new_user():
    user = UserFactory(email="someone@example.org")
    ProfileFactory(user=user, official=OfficialFactory())
    return user


def add_to_user(user, n):
    start = user.groups.count()
    for i in range(start, start + n):
        user.groups.add(Group.objects.create(name=f"Group {i}"))
    user.user_permissions.add(*Permission.objects.order_by("pk")[start : start + n])
    user.profile.sectors.add(*SectorFactory.create_batch(n))
    WatchFactory.create_batch(n, user=user)


def add_to_group(group, n):
    start = group.permissions.count()
    group.permissions.add(*Permission.objects.order_by("pk")[start : start + n])
    group.user_set.add(*UserFactory.create_batch(n))


def add_watchers(watch, n):
    WatchFactory.create_batch(n, proposal=watch.proposal)


def add_notifications(notification, n):
    NotificationFactory.create_batch(n, user=notification.user)


def add_answers(response, n):
    DisputeAnswerFactory.create_batch(n, response=response)


def add_tokens(token, n):
    ApiTokenFactory.create_batch(n, user=token.user)


@dataclass
class Form:
    create: object  # () -> the record
    add_rows: object  # (record, n) -> None: n more of each kind of related row
    queries: int | None  # a superuser's change page
    add_queries: int | None = None  # a superuser's add page; None: nobody may add one
    editors: bool = True  # editors may open it


# Each count, for a superuser: 1 the session, 2 the user, then the record with its related records, each inline's rows.
FORMS = {
    # 3 the meeting, 4 whether indicators wait for a refresh, 5 participants with officials and posts,
    # 6 raised proposals with indicators and speakers
    Meeting: Form(MeetingFactory, add_to_meeting, queries=6, add_queries=2),
    # 3 the proposal with sector, proposer and economies, 4 its target groups, 5 raisings with meetings
    # and speakers, 6 its commercial details, 7 follow-ups with owners, accounts and profiles, 8 the status
    # history with who and where, 9 its corridor measures with their places, 10 the TOTAL group, 11 the
    # pair's figures (the indicator panel)
    Proposal: Form(new_proposal, add_to_proposal, queries=11, add_queries=2),
    # 3 the official with economy, 4 posts with organizations
    Official: Form(OfficialFactory, add_to_official, queries=4, add_queries=2),
    # 3 the organization, 4 its economy
    Organization: Form(OrganizationFactory, add_to_organization, queries=4, add_queries=2),
    # 3 the post with official and organization
    Position: Form(PositionFactory, add_to_position, queries=3, add_queries=2),
    # 3 the sector, 4 its product groups, 5 its corridor measures with their places
    Sector: Form(SectorFactory, add_to_sector, queries=5, add_queries=2),
    # 3 the follow-up with proposal, owner, accounts and profiles
    FollowUp: Form(new_follow_up, add_to_follow_up, queries=3, add_queries=2),
    # 3 the change, 4 its proposal, 5 who made it, 6 where (read-only)
    StatusChange: Form(StatusChangeFactory, add_to_status_change, queries=4),
    # 3 the figure with economies, group and source
    TradeFigure: Form(TradeFigureFactory, add_figures, queries=3, add_queries=2),
    # 3 the place, 4 its economies
    Place: Form(PlaceFactory, add_to_place, queries=4, add_queries=2),
    # 3 the figure with its place, the place it names and its source
    CorridorFigure: Form(
        lambda: CorridorFigureFactory(counterpart=PlaceFactory(), direction="to"),
        add_corridor_figures,
        queries=3,
        add_queries=2,
    ),  # fmt: skip
    # 3 the flag with its figure's economies, group and source
    ClaimCheck: Form(lambda: ClaimCheckFactory(explained_by=UserFactory()), add_claims, queries=3),
    # 3 the source, 4 its economy
    DataSource: Form(
        lambda: DataSourceFactory(economy=EconomyFactory(code="KZ")), add_to_source, queries=4, add_queries=2
    ),
    # 3 the economy, 4 its parent
    Economy: Form(RegionFactory, add_regions, queries=4, add_queries=2),
    # 3 the group, 4 the groups it may be part of (a select: the HS groups are a fixed set)
    ProductGroup: Form(new_product_group, add_subgroups, queries=4, add_queries=3),
    # 3 the import, 4 who uploaded it
    TradeImport: Form(new_import, add_imported_figures, queries=4),
    # 3 the user, 4 their groups, 5 their permissions, 6 their profile with its official, 7 every group,
    # 8 every permission, 9 every sector, 10 the profile's sectors
    User: Form(new_user, add_to_user, queries=10, add_queries=3, editors=False),
    # 3 the group, 4 its permissions, 5 every permission
    Group: Form(lambda: Group.objects.create(name="Readers"), add_to_group, queries=5, add_queries=3, editors=False),
    # 3 the watch with user and proposal
    Watch: Form(WatchFactory, add_watchers, queries=3, add_queries=2, editors=False),
    # 3 the e-mail with user, follow-up and status change
    Notification: Form(NotificationFactory, add_notifications, queries=3, editors=False),
    # 3 the token with its user
    ApiToken: Form(ApiTokenFactory, add_tokens, queries=3, add_queries=2, editors=False),
    # 3 the account with its user and organization
    PartnerAccount: Form(PartnerAccountFactory, lambda account, n: None, queries=3, add_queries=2),
    # 3 the invitation with its organization, who sent it and the account made (read-only); its add page
    # (the invitation form) reads 3 the organizations to choose from
    Invitation: Form(InvitationFactory, lambda invitation, n: None, queries=3, add_queries=3),
    # 3 the response with its meeting, organization and who responded, 4 the answers with who answered
    MeetingResponse: Form(DisputeFactory, add_answers, queries=4),
}
# The one form over ten: a proposal's. Eleven for a superuser, and an editor's two permission queries come
# on top; what is left is a query for each thing the page shows (the indicator panel's total group and
# figures, five inlines), none of which another query could bring.
OVER_TEN = {(Proposal, "superuser"): 11, (Proposal, "editor"): 13}
ROLES = {"superuser": (SuperuserFactory, 0), "editor": (EditorFactory, PERMISSIONS)}
CASES = [(model, role) for model, form in FORMS.items() for role in ROLES if form.editors or role == "superuser"]


def case_id(case):
    return case._meta.label if hasattr(case, "_meta") else case


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_form_is_pinned():
    ours = {model for model in admin.site._registry if model._meta.app_label not in NOT_OURS}
    assert ours == set(FORMS)


@pytest.mark.parametrize(("model", "role"), CASES, ids=lambda case: case_id(case))
def test_a_change_form_runs_the_same_few_queries_whatever_its_rows(client, django_assert_num_queries, model, role):
    form = FORMS[model]
    make_user, permissions = ROLES[role]
    client.force_login(make_user())
    ContentType.objects.get_for_model(model)  # a server process reads it once (the page links the model's type)
    record = form.create()
    expected = form.queries + permissions
    assert expected <= OVER_TEN.get((model, role), 10)
    for rows in (ROWS, ROWS):  # then twice as many
        form.add_rows(record, rows)
        refresh_pending()  # a write's first reader refreshes the indicators it moved; then it is a check
        with django_assert_num_queries(expected):
            response = client.get(url(model, "change", record.pk))
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "role"), [(m, r) for m, r in CASES if FORMS[m].add_queries is not None], ids=lambda case: case_id(case)
)
def test_an_add_form_runs_the_same_few_queries_whatever_the_data(client, django_assert_num_queries, model, role):
    form = FORMS[model]
    make_user, permissions = ROLES[role]
    client.force_login(make_user())
    ContentType.objects.get_for_model(model)
    record = form.create()
    for rows in (ROWS, ROWS):
        form.add_rows(record, rows)
        with django_assert_num_queries(form.add_queries + permissions):
            response = client.get(url(model, "add"))
        assert response.status_code == 200


def test_the_forms_show_what_their_rows_hold(client):
    """What the counts rest on is on the page: each row's chosen records, the reminders' accounts."""
    client.force_login(SuperuserFactory())
    proposal = new_proposal()
    add_to_proposal(proposal, 2)
    content = client.get(url(Proposal, "change", proposal.pk)).content.decode()
    for raising in proposal.raisings.select_related("meeting", "raised_by"):
        assert f'<option value="{raising.meeting_id}" selected>{raising.meeting}</option>' in content
        assert f'<option value="{raising.raised_by_id}" selected>{raising.raised_by}</option>' in content
    for group in proposal.target_product_groups.all():
        assert f'<option value="{group.pk}" selected>{group}</option>' in content
    follow_ups = FollowUp.objects.filter(proposal=proposal)
    for follow_up in follow_ups.filter(assignee__isnull=False):
        assert f"Reminders go to {follow_up.assignee.username}" in content
    assert content.count("It has no owner.") == follow_ups.filter(owner__isnull=True, assignee__isnull=True).count()
    assert "The owner&#x27;s account may not see this follow-up." in content

    meeting = MeetingFactory()
    add_to_meeting(meeting, 2)
    content = client.get(url(Meeting, "change", meeting.pk)).content.decode()
    for participation in meeting.participations.select_related("official", "position__organization"):
        assert f'<option value="{participation.official_id}" selected>{participation.official}</option>' in content
        assert f'<option value="{participation.position_id}" selected>{participation.position}</option>' in content


def test_a_posted_form_with_errors_shows_the_records_posted(client):
    """A bound form shows the record posted, not the one its row holds (read as Django reads it)."""
    client.force_login(SuperuserFactory())
    figure = TradeFigureFactory()
    other = DataSourceFactory(title="Another release")
    data = {
        "reporter": figure.reporter_id,
        "partner": figure.partner_id,
        "year": "",  # missing: the form is shown again
        "measure": figure.measure,
        "product_group": figure.product_group_id,
        "value_usd": "1",
        "value_step": "1",
        "source": other.pk,
        "version": figure.version,
    }
    response = client.post(url(TradeFigure, "change", figure.pk), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<option value="{other.pk}" selected>{other}</option>' in content
    assert f'<option value="{figure.source_id}" selected>{figure.source}</option>' not in content


def test_follow_ups_read_with_their_reminder_accounts_get_the_same_answers():
    owner = OfficialFactory()
    account(official=owner)
    public = FollowUpFactory(owner=owner)
    internal = FollowUpFactory(owner=owner, visibility=Visibility.INTERNAL)
    draft = FollowUpFactory(owner=owner, proposal=ProposalFactory(visibility=Visibility.DRAFT))
    read = {f.pk: f for f in with_reminder_accounts(FollowUp.objects.all())}
    plain = {f.pk: f for f in FollowUp.objects.all()}
    for follow_up in (public, internal, draft):
        assert reminder_problem(read[follow_up.pk]) == reminder_problem(plain[follow_up.pk])
    assert reminder_problem(read[public.pk]) is None
    assert reminder_problem(read[internal.pk]) is not None
    assert reminder_problem(read[draft.pk]) is not None
