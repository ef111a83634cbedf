"""One factory per model; subclasses for the states tests ask for."""

import datetime
from decimal import Decimal

import factory
import pycountry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import ApiToken
from cooperation import names
from cooperation.models import (
    CorridorIndicator,
    CorridorTarget,
    FollowUp,
    IndicatorQueue,
    Meeting,
    Movement,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    ProposalDetail,
    ProposalIndicator,
    Raising,
    Sector,
    StatusChange,
    Visibility,
)
from cooperation.models.partners import DisputeAnswer, Invitation, MeetingResponse, PartnerAccount, invitation_digest
from notifications.models import Kind, Notification, Profile, Watch
from trade.claims import ClaimCheck
from trade.models import CorridorFigure, DataSource, Economy, Place, ProductGroup, TradeFigure, TradeImport
from twofactor.models import SecondFactorEvent

COUNTRIES = sorted(c.alpha_2 for c in pycountry.countries)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


def _in_group(name):
    return factory.PostGeneration(
        lambda user, create, extracted, **kwargs: user.groups.add(Group.objects.get(name=name))
    )


class StaffFactory(UserFactory):
    """Staff with no group: may log in, may see drafts, holds no permission."""

    is_staff = True


class EditorFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    groups = _in_group("Editors")


class ManagerFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"manager{n}")
    groups = _in_group("Managers")


class SuperuserFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_superuser = True


class EconomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Economy
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: COUNTRIES[n % len(COUNTRIES)])
    name = factory.LazyAttribute(lambda o: pycountry.countries.get(alpha_2=o.code).name)
    alpha3 = factory.LazyAttribute(lambda o: pycountry.countries.get(alpha_2=o.code).alpha_3)
    kind = Economy.Kind.COUNTRY


class RegionFactory(EconomyFactory):
    code = "KZ-47"
    name = "Mangystau Region"
    alpha3 = ""
    kind = Economy.Kind.REGION
    parent = factory.SubFactory(EconomyFactory, code="KZ")


class ProductGroupFactory(factory.django.DjangoModelFactory):
    """The HS groups come with the migrations; this finds them by code."""

    class Meta:
        model = ProductGroup
        django_get_or_create = ["code"]

    code = ProductGroup.TOTAL_CODE
    name = "All goods"
    level = ProductGroup.Level.TOTAL


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSource

    publisher = "Bureau of National Statistics"
    title = factory.Sequence(lambda n: f"Foreign trade release {n}")
    kind = DataSource.Kind.OFFICIAL
    published_on = datetime.date(2024, 2, 15)


class TradeFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeFigure

    reporter = factory.SubFactory(EconomyFactory, code="KZ")
    partner = factory.SubFactory(EconomyFactory, code="AZ")
    year = 2023
    measure = TradeFigure.Measure.TURNOVER
    product_group = factory.SubFactory(ProductGroupFactory)
    value_usd = Decimal("529400000.00")
    value_step = Decimal("100000")
    source = factory.SubFactory(DataSourceFactory)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PORT{n}")
    name = factory.LazyAttribute(lambda o: f"Port {o.code.title()}")
    kind = Place.Kind.PORT

    @factory.post_generation
    def economies(self, create, extracted, **kwargs):
        if create:
            self.economies.set(extracted if extracted is not None else [EconomyFactory(code="KZ")])


class RouteFactory(PlaceFactory):
    code = factory.Sequence(lambda n: f"ROUTE{n}")
    kind = Place.Kind.ROUTE


class CorridorFigureFactory(factory.django.DjangoModelFactory):
    """3.8 million tonnes in 2022, as printed to a tenth of a million."""

    class Meta:
        model = CorridorFigure

    place = factory.SubFactory(PlaceFactory)
    year = 2022
    measure = CorridorFigure.Measure.CARGO
    value = Decimal("3800000")
    unit = CorridorFigure.Unit.MILLION_TONNES
    value_step = Decimal("100000")
    source = factory.SubFactory(DataSourceFactory, publisher="Port authority", kind=DataSource.Kind.OFFICIAL)


class CorridorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorridorTarget

    proposal = factory.SubFactory("tests.factories.ProposalFactory")
    place = factory.SubFactory(PlaceFactory)
    measure = CorridorFigure.Measure.CARGO


class ClaimCheckFactory(factory.django.DjangoModelFactory):
    """A stored flag; the checks make the real ones (trade.consistency.check_claims)."""

    class Meta:
        model = ClaimCheck
        django_get_or_create = ["figure", "kind"]  # the checks may have flagged the figure already

    figure = factory.SubFactory(TradeFigureFactory, change_pct=Decimal("14.4"), change_pct_step=Decimal("0.1"))
    kind = ClaimCheck.Kind.CHANGE
    params = factory.LazyFunction(
        lambda: {
            "measure": "turnover",
            "published": "+14.4",
            "current": "529.4",
            "base": "counting",
            "period": "2022",
            "value": "463.3",
            "low": "14.24",
            "high": "14.29",
        }
    )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.AKIMAT
    economy = factory.SubFactory(EconomyFactory, code="KZ")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Official Person {n}")
    name_native = ""
    other_spellings = ""
    name_key = factory.LazyAttribute(lambda o: names.name_key(o.full_name, o.name_native, o.other_spellings))
    slug = factory.Sequence(lambda n: f"official-person-{n}")
    economy = factory.SubFactory(EconomyFactory, code="KZ")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    title = "Head of the region"
    organization = factory.SubFactory(OrganizationFactory)
    start = datetime.date(2022, 1, 1)
    end = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Meeting {n}")
    date = datetime.date(2024, 6, 7)
    place = "Aktau"
    summary = "Talks on trade."
    visibility = Visibility.PUBLIC


class InternalMeetingFactory(MeetingFactory):
    visibility = Visibility.INTERNAL


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.SubFactory(PositionFactory)
    official = factory.SelfAttribute("position.official")
    side = Participation.Side.HOST


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    slug = factory.Sequence(lambda n: f"proposal-{n}")
    summary = "A proposal."
    sector = factory.SubFactory(SectorFactory)
    from_economy = factory.SubFactory(RegionFactory)
    to_economy = factory.SubFactory(EconomyFactory, code="AZ")
    visibility = Visibility.PUBLIC
    baseline_year = 2023


class DraftProposalFactory(ProposalFactory):
    visibility = Visibility.DRAFT


class RaisingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Raising

    meeting = factory.SubFactory(MeetingFactory)
    proposal = factory.SubFactory(ProposalFactory)
    raised_by = factory.SubFactory(OfficialFactory)
    statement = "We propose it."


class ProposalDetailFactory(factory.django.DjangoModelFactory):
    """A commercial detail of a proposal; private unless told."""

    class Meta:
        model = ProposalDetail
        django_get_or_create = ["proposal", "kind"]

    proposal = factory.SubFactory(ProposalFactory)
    kind = ProposalDetail.Kind.COMPANIES
    value = factory.Sequence(lambda n: f"Caspian Shipping Company {n} LLP")
    private = True


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    proposal = factory.SubFactory(ProposalFactory)
    from_status = Proposal.Status.PROPOSED
    to_status = Proposal.Status.UNDER_DISCUSSION


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    proposal = factory.SubFactory(ProposalFactory)
    action = factory.Sequence(lambda n: f"Send draft agreement {n}")
    due_on = datetime.date(2024, 9, 1)
    visibility = Visibility.PUBLIC


class OverdueFollowUpFactory(FollowUpFactory):
    due_on = datetime.date(2020, 1, 1)


class TradeImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeImport

    filename = "figures.csv"
    content = b"reporter,partner,year,months,measure,product,value,unit\n"
    uploaded_by = factory.SubFactory(StaffFactory)


class ProposalIndicatorFactory(factory.django.DjangoModelFactory):
    """A stored headline as cooperation.indicator_store writes it (tests of what reads the rows)."""

    class Meta:
        model = ProposalIndicator
        django_get_or_create = ["proposal"]

    proposal = factory.SubFactory(ProposalFactory)
    measure = TradeFigure.Measure.TURNOVER
    unit = "USD"
    baseline_year = 2019
    baseline_value = Decimal("400000000")
    baseline_how = "reported"
    latest_year = 2023
    latest_value = Decimal("529400000")
    latest_how = "reported"
    change_pct = Decimal("32.35")
    change_low = Decimal("32.30")
    change_high = Decimal("32.40")
    movement = Movement.UP
    contradicted = False
    sources = factory.LazyFunction(lambda: {"baseline": [], "latest": []})
    computed_at = factory.LazyFunction(timezone.now)


class CorridorIndicatorFactory(ProposalIndicatorFactory):
    """A stored corridor headline: 3.8 million tonnes through a port in 2023, in its base unit."""

    class Meta:
        model = CorridorIndicator
        django_get_or_create = ["proposal"]

    place = factory.SubFactory(PlaceFactory)
    measure = CorridorFigure.Measure.CARGO
    unit = CorridorFigure.Unit.TONNES
    baseline_value = Decimal("3000000")
    latest_value = Decimal("3800000")
    latest_month_from = 1
    latest_month_to = 12
    change_pct = Decimal("26.67")
    change_low = Decimal("22.95")
    change_high = Decimal("30.51")


class IndicatorQueueFactory(factory.django.DjangoModelFactory):
    """A queued change, as the database triggers write one."""

    class Meta:
        model = IndicatorQueue

    economy_a = None
    economy_b = None
    proposal_id = None
    place_id = None


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory, email=factory.LazyAttribute(lambda u: f"{u.username}@example.org"))


class WatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Watch

    user = factory.SubFactory(UserFactory, email=factory.LazyAttribute(lambda u: f"{u.username}@example.org"))
    proposal = factory.SubFactory(ProposalFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    key = factory.Sequence(lambda n: f"test:{n}")
    user = factory.SubFactory(UserFactory, email=factory.LazyAttribute(lambda u: f"{u.username}@example.org"))
    kind = Kind.REMINDER
    follow_up = factory.SubFactory(FollowUpFactory)
    stage = "due"
    next_attempt_at = factory.LazyFunction(timezone.now)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token; its one-time key is on `token.key` (only the hash is stored)."""

    class Meta:
        model = ApiToken
        skip_postgeneration_save = True

    user = factory.SubFactory(StaffFactory)
    name = "Ministry report"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = model_class(*args, **kwargs)
        key = token.issue()
        token.save()
        token.key = key
        return token


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (django-otp's TOTP device) of an account."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(StaffFactory)
    name = "Authenticator app"
    confirmed = True


class SecondFactorEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecondFactorEvent

    user = factory.SubFactory(StaffFactory)
    action = SecondFactorEvent.Action.ENROLLED
    by = factory.SelfAttribute("user")


class PartnerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAccount

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"partner{n}@consulate.example"))
    organization = factory.SubFactory(OrganizationFactory, kind="consulate")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation
        exclude = ["token"]

    token = factory.Sequence(lambda n: f"invitation-token-{n}")
    email = factory.Sequence(lambda n: f"invited{n}@consulate.example")
    organization = factory.SubFactory(OrganizationFactory, kind="consulate")
    token_digest = factory.LazyAttribute(lambda o: invitation_digest(o.token))
    invited_by = factory.SubFactory(EditorFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class MeetingResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingResponse

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SubFactory(OrganizationFactory, kind="consulate")
    kind = MeetingResponse.Kind.CONFIRM
    meeting_version = factory.LazyAttribute(lambda o: o.meeting.version)
    responded_by = factory.SubFactory(UserFactory)


class DisputeFactory(MeetingResponseFactory):
    kind = MeetingResponse.Kind.DISPUTE
    part = MeetingResponse.Part.POSTS
    comment = "The Consul General's post is recorded wrongly."


class DisputeAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisputeAnswer

    response = factory.SubFactory(DisputeFactory)
    text = "Corrected: the post is now as you wrote."
    corrected = True
    answered_by = factory.SubFactory(EditorFactory)
