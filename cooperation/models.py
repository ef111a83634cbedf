import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedModel, VersionedQuerySet
from cooperation import names
from trade.models import Economy, ProductGroup, TradeFigure, validate_web_url

# The languages records are kept in, each named in its own language (the first is the original).
CONTENT_LANGUAGES = [("en", "English"), ("kk", "Қазақша"), ("ru", "Русский"), ("az", "Azərbaycanca")]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    DRAFT = "draft", _("Draft")


def sees_everything(user):
    """Drafts and internal items are for logged-in staff only (no user at all sees what a visitor sees)."""
    return user is not None and user.is_authenticated and user.is_staff


def days_in_status(changed_at, today=None):
    """Calendar days (local time) since a status change: 0 on the day itself, 1 the next day.

    Counted by date, not by 24-hour spans, so the figure changes only at midnight and a page shown
    during a day shows the same number all day.
    """
    return ((today or timezone.localdate()) - timezone.localdate(changed_at)).days


def visible_q(user, via=""):
    """The condition for rows a user may see, through a relation (`via="meeting__"`) or not.

    A join, not a subquery: `meeting__in=Meeting.objects.visible_to(user)` makes SQLite read every meeting.
    """
    return Q() if sees_everything(user) else Q(**{f"{via}visibility": Visibility.PUBLIC})


class VisibleQuerySet(models.QuerySet):
    """Rows a user may see: the one rule every read of a record with, or inheriting, visibility goes through.

    `visibility_via` names the relations whose visibility a row takes on ("" for its own field): a
    raising is shown only when both its meeting and its proposal are, a follow-up only when it and
    its proposal are.
    """

    visibility_via = ("",)

    def visible_to(self, user):
        return self.filter(self.visible_q(user))

    def visible_q(self, user):
        """The condition `visible_to` filters on, to filter or annotate with."""
        query = Q()
        for via in self.visibility_via:
            query &= visible_q(user, via)
        return query


class TranslatedQuerySet(models.QuerySet):
    """Rows of a model kept per language (cooperation/translation.py), ordered as Django orders them.

    modeltranslation would write each model's default order into every query as an explicit order,
    which would split counts grouped by a column (`values("status").annotate(n=Count("pk"))`) by
    the ordering column too. Kept implicit, the default order is used only where Django uses it, on
    the original (default-language) columns; an explicit `order_by("name")` still follows the
    active language.
    """

    def _post_init(self):
        self._rewrite = True
        self._populate = None


class OriginalInDefaultLanguage:
    """A record whose titles, summaries and names are kept per language (see cooperation/translation.py).

    Saved in the default language, so that the original column of each translated field (`title`,
    the one the indexes and the order of lists use) always holds the default-language text, whatever
    language the person saving reads the site in. Its audit history is kept alongside (registered
    with the language fields in cooperation/translation.py).
    """

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)

    # A form edits the language fields (`name_en` …), not the original (`name`): the unique checks on
    # the original are still made, on the default-language text, and reported on its field.
    def validate_unique(self, exclude=None):
        self._check_in_default_language(super().validate_unique, exclude)

    def validate_constraints(self, exclude=None):
        self._check_in_default_language(super().validate_constraints, exclude)

    def _check_in_default_language(self, check, exclude):
        from modeltranslation.translator import translator

        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        fields = {name: f"{name}_{default}" for name in translator.get_options_for_model(type(self)).fields}
        if exclude is not None:
            exclude = {name for name in exclude if not (name in fields and fields[name] not in exclude)}
        with translation.override(default):
            try:
                check(exclude)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    raise
                raise ValidationError(
                    {fields.get(name, name): errors for name, errors in error.error_dict.items()}
                ) from None


class Organization(OriginalInDefaultLanguage, models.Model):
    class Kind(models.TextChoices):
        AKIMAT = "akimat", _("Regional government (akimat)")
        CONSULATE = "consulate", _("Consulate")
        EMBASSY = "embassy", _("Embassy")
        MINISTRY = "ministry", _("Ministry")
        STATE_COMPANY = "state_company", _("State company")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    economy = models.ForeignKey(Economy, models.PROTECT, related_name="organizations", verbose_name=_("economy"))
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "economy"],
                name="organization_unique_name",
                violation_error_message=_("An organization with this name already exists in this economy."),
            )
        ]

    def __str__(self):
        return self.name


class Official(VersionedModel):
    class NameLanguage(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        AZERBAIJANI = "az", _("Azerbaijani")
        RUSSIAN = "ru", _("Russian")
        TURKISH = "tr", _("Turkish")
        TURKMEN = "tk", _("Turkmen")
        UZBEK = "uz", _("Uzbek")
        KYRGYZ = "ky", _("Kyrgyz")
        PERSIAN = "fa", _("Persian")
        GEORGIAN = "ka", _("Georgian")

    full_name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_("In Latin letters, as the site shows it (e.g. Elchin Mammadov)."),
    )
    name_native = models.CharField(
        _("name in own language"),
        max_length=200,
        blank=True,
        help_text=_("As the official writes it in their own language and script (e.g. Нұрдәулет Қилыбай)."),
    )
    name_native_language = models.CharField(
        _("language of that name"), max_length=8, choices=NameLanguage.choices, blank=True
    )
    other_spellings = models.TextField(
        _("other spellings"),
        blank=True,
        help_text=_("One per line, as found in news and documents (e.g. Эльчин Мамедов, Elchin Mamedov)."),
    )
    name_key = models.TextField(
        _("search key"),
        blank=True,
        editable=False,
        help_text=_("Every spelling of the name in plain Latin letters, for finding it in any script."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    economy = models.ForeignKey(Economy, models.PROTECT, related_name="officials", verbose_name=_("economy"))

    history = HistoricalRecords()
    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self):
        return self.full_name

    def clean(self):
        super().clean()
        if self.name_native and not self.name_native_language:
            raise ValidationError(
                {"name_native_language": _("Choose the language the name in own language is written in.")}
            )

    def spellings(self):
        """Every written form of the name: the Latin one first, then the own-language one and the others."""
        return names.all_names(self.full_name, self.name_native, self.other_spellings)

    def fill_name_key(self):
        """Set the search key from the current spellings, before a save that may change them.

        Called explicitly where names are written (the admin form, the demo loader, the factories), so
        that a save elsewhere that touches no name does not recompute it.
        """
        self.name_key = names.name_key(self.full_name, self.name_native, self.other_spellings)
        return self.name_key

    def get_absolute_url(self):
        return reverse("cooperation:official", args=[self.slug])


class PositionQuerySet(TranslatedQuerySet):
    def held_on(self, day):
        return self.filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Position(OriginalInDefaultLanguage, models.Model):
    """A post an official held; an unknown start or end is left empty."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="positions", verbose_name=_("official"))
    title = models.CharField(_("title"), max_length=200)
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="positions", verbose_name=_("organization")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["official", F("start").desc(nulls_last=True)]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="position_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["official", "title", "organization", "start"],
                name="position_unique_post",
                violation_error_message=_("This post is already recorded for this official."),
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organization}"

    def held_on(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)


class MeetingQuerySet(TranslatedQuerySet, VersionedQuerySet, VisibleQuerySet):
    def with_participants(self):
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("official", "position__organization"),
            )
        )


class Meeting(OriginalInDefaultLanguage, VersionedModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Official visit")
        FORUM = "forum", _("Forum or conference")
        VIDEO = "video", _("Video call")
        SIGNING = "signing", _("Signing ceremony")

    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    date_is_reported = models.BooleanField(
        _("date is when it was reported"),
        default=False,
        help_text=_("Tick when the source gives only its own date, not the meeting's."),
    )
    place = models.CharField(_("place"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MEETING)
    summary = models.TextField(_("summary"), blank=True)
    source_title = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True, validators=[validate_web_url])
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["visibility", "-date", "-id"], name="meeting_visible_by_date"),
            models.Index(fields=["-date", "-id"], name="meeting_by_date"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("cooperation:meeting", args=[self.pk])


class ParticipationQuerySet(VisibleQuerySet):
    visibility_via = ("meeting__",)


class Participation(models.Model):
    class Side(models.TextChoices):
        HOST = "host", _("Host side")
        PARTNER = "partner", _("Partner side")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="participations", verbose_name=_("meeting"))
    official = models.ForeignKey(Official, models.PROTECT, related_name="participations", verbose_name=_("official"))
    position = models.ForeignKey(
        Position,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("post held that day"),
        help_text=_("Left empty, it is filled with the post the official held on the meeting's date."),
    )
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["side", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "official"],
                name="participation_once_per_meeting",
                violation_error_message=_("This official is already listed at this meeting."),
            )
        ]

    def __str__(self):
        return f"{self.official} at {self.meeting}"

    def clean(self):
        if self.meeting_id is not None and self.official_id is not None:
            self.assign_post(self.meeting.date)

    def assign_post(self, day):
        """Fill in the post the official held on `day`, or check the one given."""
        if self.position_id is None:
            self.position = self.official.positions.held_on(day).order_by(F("start").desc(nulls_last=True)).first()
        elif self.position.official_id != self.official_id:
            raise ValidationError({"position": _("This post belongs to another official.")})
        elif not self.position.held_on(day):
            raise ValidationError({"position": _("The official did not hold this post on the meeting's date.")})


class SectorQuerySet(TranslatedQuerySet):
    def visible_to(self, user):
        """Sectors of proposals the user may see: a sector only drafts use is not named to others."""
        if sees_everything(user):
            return self
        return self.filter(pk__in=Proposal.objects.visible_to(user).order_by().values("sector"))


class Sector(OriginalInDefaultLanguage, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    product_groups = models.ManyToManyField(
        ProductGroup,
        blank=True,
        related_name="sectors",
        verbose_name=_("product groups"),
        help_text=_("The goods whose trade this sector should move. None for services such as tourism."),
    )

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    UNDER_DISCUSSION = "under_discussion", _("Under discussion")
    AGREED = "agreed", _("Agreed")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def open_values(cls):
        return [s for s in cls.values if s not in cls.closed_values()]

    @classmethod
    def closed_values(cls):
        return [cls.COMPLETED, cls.DECLINED, cls.WITHDRAWN]


# Lists are ordered by the original (default-language) title, kept in the indexed `title` column, in
# every language: one order the indexes serve. Named "title", the order would follow each language's
# own column, which has no index and leaves untranslated titles out of place.
ORIGINAL_TITLE_ORDER = {"title": lambda: F("title").asc(), "-title": lambda: F("title").desc()}


def indicator_value(field):
    """A proposal's stored indicator figure (`change_pct`, `latest_value`), to sort proposals by.

    On SQLite it is read by a subquery per proposal: joined, SQLite scans the proposals by an index
    without their titles and reads every row for the sort, four times slower at 20,000 proposals.
    PostgreSQL joins.
    """
    if connection.vendor == "sqlite":
        return Subquery(ProposalIndicator.objects.filter(proposal=OuterRef("pk")).values(field)[:1])
    return F(f"indicator__{field}")


class ProposalQuerySet(TranslatedQuerySet, VersionedQuerySet, VisibleQuerySet):
    def order_by(self, *field_names):
        return super().order_by(
            *(ORIGINAL_TITLE_ORDER[name]() if name in ORIGINAL_TITLE_ORDER else name for name in field_names)
        )

    def open(self):
        return self.filter(status__in=Proposal.Status.open_values())

    def for_list(self):
        return self.select_related("sector", "from_economy", "to_economy", "proposed_by")

    def with_indicator(self):
        """With each proposal's headline indicator (`proposal.indicator`), brought up to date first.

        Every reader of ProposalIndicator comes through here, so no list shows a figure older than
        the data (see cooperation.indicator_store).
        """
        from cooperation.indicator_store import refresh_pending

        refresh_pending()
        return self.select_related("indicator")

    def by_movement(self, movement):
        """Proposals whose indicator moved that way ("none": no indicator could be computed)."""
        if movement == Movement.NO_DATA:
            return self.filter(Q(indicator__isnull=True) | Q(indicator__movement=movement))
        return self.filter(indicator__movement=movement)

    def with_status_facts(self, user):
        """The facts a status list shows, from what `user` may see: last meeting raised, next open follow-up."""
        raisings = Raising.objects.visible_to(user).filter(proposal=OuterRef("pk")).order_by("-meeting__date")
        open_follow_ups = (
            FollowUp.objects.visible_to(user)
            .filter(proposal=OuterRef("pk"), done_on__isnull=True)
            .order_by("due_on", "pk")
        )
        return self.annotate(
            last_meeting_date=Subquery(raisings.values("meeting__date")[:1]),
            next_due=Subquery(open_follow_ups.values("due_on")[:1]),
            next_owner=Subquery(open_follow_ups.values("owner__full_name")[:1]),
        )

    def with_overdue_follow_up(self, user, today=None):
        return self.filter(pk__in=FollowUp.objects.visible_to(user).overdue(today).values("proposal"))

    def stale(self, days, today=None):
        """No status change in the last `days` calendar days: `days_in_status` is at least `days`."""
        first_fresh_day = (today or timezone.localdate()) - datetime.timedelta(days=days - 1)
        start = timezone.make_aware(datetime.datetime.combine(first_fresh_day, datetime.time.min))
        return self.filter(status_changed_at__lt=start)

    def raised_between(self, user, start=None, end=None):
        """Raised at a meeting `user` may see within the dates (either may be open)."""
        meetings = Raising.objects.visible_to(user)
        if start:
            meetings = meetings.filter(meeting__date__gte=start)
        if end:
            meetings = meetings.filter(meeting__date__lte=end)
        return self.filter(pk__in=meetings.values("proposal"))


STATUS_FACTS = ("last_meeting_date", "next_due", "next_owner")


def add_status_facts(proposals, user):
    """The same facts as with_status_facts(user), for a page of proposals already read: two queries.

    Sorting the whole table by a subquery costs a subquery per row; a page needs only its own.
    """
    proposals = list(proposals)
    ids = [p.pk for p in proposals]
    last = dict(
        Raising.objects.visible_to(user)
        .filter(proposal__in=ids)
        .values("proposal")
        .annotate(last=models.Max("meeting__date"))
        .values_list("proposal", "last")
    )
    upcoming = {}
    # The earliest of each proposal's open follow-ups, picked here: ordered in SQL, SQLite walks every
    # open follow-up by its due date instead of reading the page's own by proposal.
    for proposal_id, due_on, pk, owner in (
        FollowUp.objects.visible_to(user)
        .filter(proposal__in=ids, done_on__isnull=True)
        .order_by()
        .values_list("proposal", "due_on", "pk", "owner__full_name")
    ):
        if proposal_id not in upcoming or (due_on, pk) < upcoming[proposal_id][:2]:
            upcoming[proposal_id] = (due_on, pk, owner)
    for proposal in proposals:
        proposal.last_meeting_date = last.get(proposal.pk)
        proposal.next_due, _pk, proposal.next_owner = upcoming.get(proposal.pk, (None, None, None))
    return proposals


class Proposal(OriginalInDefaultLanguage, VersionedModel):
    Status = ProposalStatus

    # The workflow: forward along the main line; on hold, declined or withdrawn
    # from any open state; from hold back to any open state of the main line.
    MAIN_LINE = [
        ProposalStatus.PROPOSED,
        ProposalStatus.UNDER_DISCUSSION,
        ProposalStatus.AGREED,
        ProposalStatus.IN_IMPLEMENTATION,
        ProposalStatus.COMPLETED,
    ]
    NOTE_REQUIRED = {
        ProposalStatus.ON_HOLD,
        ProposalStatus.DECLINED,
        ProposalStatus.WITHDRAWN,
        ProposalStatus.COMPLETED,
    }

    class Direction(models.TextChoices):
        EXPORT = TradeFigure.Measure.EXPORT, _("Exports of the first economy to the second")
        IMPORT = TradeFigure.Measure.IMPORT, _("Imports of the first economy from the second")
        TURNOVER = TradeFigure.Measure.TURNOVER, _("Trade both ways (turnover)")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    sector = models.ForeignKey(Sector, models.PROTECT, related_name="proposals", verbose_name=_("sector"))
    proposed_by = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposed by"),
        help_text=_("Who first put it forward. Everyone who raised it is listed with the meetings."),
    )
    meetings = models.ManyToManyField(
        Meeting, through="Raising", related_name="proposals", blank=True, verbose_name=_("raised at")
    )
    from_economy = models.ForeignKey(
        Economy,
        models.PROTECT,
        related_name="+",
        verbose_name=_("first economy"),
        help_text=_("Whose trade it is meant to move: the reporter of its indicators."),
    )
    to_economy = models.ForeignKey(Economy, models.PROTECT, related_name="+", verbose_name=_("partner economy"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year the change is measured from."),
    )
    target_direction = models.CharField(
        _("trade flow to move"), max_length=8, choices=Direction.choices, default=Direction.TURNOVER
    )
    target_product_groups = models.ManyToManyField(
        ProductGroup,
        blank=True,
        related_name="+",
        verbose_name=_("product groups to move"),
        help_text=_("Empty: the sector's product groups."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        permissions = [("change_proposal_status", _("Can move a proposal through its workflow"))]
        indexes = [
            models.Index(fields=["visibility", "status", "sector"], name="proposal_visible_status"),
            # The key last: a page of titles, even a deep one, is read from the index alone.
            models.Index(fields=["visibility", "title", "id"], name="proposal_visible_title_id"),
            models.Index(fields=["title", "id"], name="proposal_title_id"),
            models.Index(fields=["status_changed_at"], name="proposal_status_since"),
            models.Index(fields=["visibility", "-status_changed_at"], name="proposal_visible_recent"),
            # Staff's summary counts by sector and status from the index alone.
            models.Index(fields=["sector", "status"], name="proposal_sector_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_economy=F("to_economy")),
                name="proposal_economies_differ",
                violation_error_message=_("The partner economy must differ from the first one."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__gte=1990, baseline_year__lte=2100),
                name="proposal_baseline_year_plausible",
                violation_error_message=_("The baseline year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposal_status_known",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:proposal", args=[self.slug])

    @classmethod
    def allowed_transitions(cls, status):
        """The statuses a proposal in `status` may move to, in workflow order."""
        if status in cls.Status.closed_values():
            return []
        if status == cls.Status.ON_HOLD:
            targets = [s for s in cls.MAIN_LINE if s != cls.Status.COMPLETED]
        else:
            index = cls.MAIN_LINE.index(status)
            targets = [cls.MAIN_LINE[index + 1], cls.Status.ON_HOLD]
        return [*targets, cls.Status.DECLINED, cls.Status.WITHDRAWN]


class RaisingQuerySet(VisibleQuerySet):
    visibility_via = ("meeting__", "proposal__")


class Raising(models.Model):
    """A proposal put forward at a meeting, by whom and in what words."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="raisings", verbose_name=_("meeting"))
    proposal = models.ForeignKey(Proposal, models.PROTECT, related_name="raisings", verbose_name=_("proposal"))
    raised_by = models.ForeignKey(
        Official, models.PROTECT, null=True, blank=True, related_name="raisings", verbose_name=_("raised by")
    )
    statement = models.TextField(_("what was said"), blank=True)
    statement_language = models.CharField(
        _("language of what was said"),
        max_length=2,
        choices=CONTENT_LANGUAGES,
        default="en",
        help_text=_("The language the words were reported in; they are shown as reported, never translated."),
    )

    history = HistoricalRecords()
    objects = RaisingQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__date", "pk"]
        verbose_name = _("proposal raised")
        verbose_name_plural = _("proposals raised")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "proposal", "raised_by"],
                name="raising_once_per_speaker",
                violation_error_message=_(
                    "This official's raising of this proposal at this meeting is already recorded."
                ),
            )
        ]

    def __str__(self):
        return f"{self.proposal} at {self.meeting}"


class StatusChangeQuerySet(VisibleQuerySet):
    visibility_via = ("proposal__",)

    def visible_to(self, user):
        """Changes of proposals `user` may see, each with only what they may see of it.

        The meeting it was decided at is attached only when `user` may see that meeting (otherwise
        `meeting` is None), and `shown_note` is the note when it was published or `user` is staff.
        """
        shown_note = (
            F("note")
            if sees_everything(user)
            else Case(When(note_is_public=True, then=F("note")), default=Value(""), output_field=models.TextField())
        )
        return (
            super()
            .visible_to(user)
            .annotate(shown_note=shown_note)
            .prefetch_related(Prefetch("meeting", queryset=Meeting.objects.visible_to(user)))
        )


class StatusChange(models.Model):
    """Append-only history of a proposal's status; written by services.change_status."""

    proposal = models.ForeignKey(Proposal, models.PROTECT, related_name="status_changes", verbose_name=_("proposal"))
    from_status = models.CharField(_("from"), max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    note = models.TextField(_("note"), blank=True)
    note_is_public = models.BooleanField(
        _("publish the note"),
        default=False,
        help_text=_("Ticked, the note is shown word for word on the public proposal page; otherwise staff only."),
    )
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided at")
    )

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="statuschange_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return f"{self.proposal}: {self.from_status or '—'} → {self.to_status}"


class FollowUpQuerySet(VisibleQuerySet):
    visibility_via = ("", "proposal__")

    def overdue(self, today=None):
        return self.filter(done_on__isnull=True, due_on__lt=today or timezone.localdate())

    def order_by_urgency(self, today=None):
        """Overdue first, then open ones by due date, then those done."""
        today = today or timezone.localdate()
        return self.annotate(
            urgency=Case(When(done_on__isnull=False, then=2), When(due_on__lt=today, then=0), default=1)
        ).order_by("urgency", "due_on", "pk")


class FollowUp(models.Model):
    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="follow_ups", verbose_name=_("proposal"))
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Official, models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("owner")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("owner's account"),
        help_text=_("The account reminded of it. Left empty, the account linked to the owner official is."),
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["done_on", "due_on"], name="followup_open_by_due"),
            models.Index(fields=["proposal", "done_on", "due_on"], name="followup_proposal_open"),
        ]

    def __str__(self):
        return self.action

    def mark_done(self, day=None):
        """Record the action as done on `day` (today); an action already done keeps its date."""
        if self.done_on is None:
            self.done_on = day or timezone.localdate()
            self.save(update_fields=["done_on"])
        return self.done_on

    def is_overdue(self, today=None):
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class Movement(models.TextChoices):
    """Which way a proposal's indicator went since its baseline, rounding allowed for."""

    UP = "up", _("Moved up")
    DOWN = "down", _("Moved down")
    FLAT = "flat", _("No change beyond rounding")
    NO_DATA = "none", _("No data")


class ProposalIndicator(models.Model):
    """A proposal's headline indicator, as cooperation.proposal_indicators computes it, kept so lists can sort by it.

    Derived data: written only by cooperation.indicator_store, which recomputes a proposal's row
    whenever a figure, source, economy or target it depends on changes (database triggers queue
    the change; every read of the rows refreshes the queue first). Any measure fits: USD for trade
    in goods, tonnes or TEU for a corridor.
    """

    proposal = models.OneToOneField(
        Proposal, models.CASCADE, primary_key=True, related_name="indicator", verbose_name=_("proposal")
    )
    measure = models.CharField(_("measure"), max_length=32)
    unit = models.CharField(_("unit"), max_length=8)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=24, decimal_places=4, null=True)
    baseline_how = models.CharField(_("baseline: how obtained"), max_length=10)
    latest_year = models.PositiveSmallIntegerField(_("latest year"), null=True)
    latest_value = models.DecimalField(_("latest value"), max_digits=24, decimal_places=4, null=True)
    latest_how = models.CharField(_("latest: how obtained"), max_length=10)
    change_pct = models.DecimalField(_("change since baseline, %"), max_digits=32, decimal_places=4, null=True)
    change_low = models.DecimalField(max_digits=32, decimal_places=4, null=True)
    change_high = models.DecimalField(max_digits=32, decimal_places=4, null=True)
    movement = models.CharField(_("movement"), max_length=4, choices=Movement.choices, default=Movement.NO_DATA)
    contradicted = models.BooleanField(_("contradicted"), default=False)
    sources = models.JSONField(_("sources"), default=dict)  # {"baseline": [source ids], "latest": [...]}
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("proposal indicator")
        verbose_name_plural = _("proposal indicators")
        indexes = [
            models.Index(fields=["change_pct"], name="indicator_change"),
            models.Index(fields=["latest_value"], name="indicator_latest"),
            models.Index(fields=["movement"], name="indicator_movement"),
            # The summary's movements per sector: each proposal's movement read from the index alone.
            models.Index(fields=["proposal", "movement"], name="indicator_proposal_movement"),
        ]

    def __str__(self):
        return str(self.proposal_id)

    def amount_text(self, which):
        """The baseline or latest value in its unit, in the reader's language: "529.4 USD million"."""
        from cooperation.proposal_indicators import amount_text

        return amount_text(getattr(self, f"{which}_value"), self.unit)

    @property
    def change_text(self):
        from trade.templatetags.figures import pct

        return pct(self.change_pct)


class IndicatorQueue(models.Model):
    """What changed since proposal indicators were last computed; filled by database triggers only.

    A row names a pair of economies whose figures changed, an economy whose place in the regions
    changed (`economy_b` empty), or a proposal whose targets changed.
    """

    economy_a = models.IntegerField(null=True)
    economy_b = models.IntegerField(null=True)
    proposal_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["economy_a", "economy_b"], name="indicator_queue_pair")]

    def __str__(self):
        return f"{self.economy_a}-{self.economy_b} {self.proposal_id}"


class SearchKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposals")
    MEETING = "meeting", _("Meetings")
    STATEMENT = "statement", _("Statements at meetings")
    OFFICIAL = "official", _("Officials")
    ORGANIZATION = "organization", _("Organizations")
    SOURCE = "source", _("Data sources")


class SearchDocument(models.Model):
    """One record's own words, in every language it holds, as the search index reads them.

    Derived data: written only by cooperation.search_index from the record (triggers queue every
    change; the search page takes the queue first). A document holds only its record's own fields,
    so a hidden record's words are never found through a visible one. The full-text index over
    `text` (and `text_ru`, stemmed as Russian on PostgreSQL) is created by migration 0018.
    """

    kind = models.CharField(max_length=12, choices=SearchKind.choices)
    object_id = models.IntegerField()
    title = models.TextField()  # as written, for the result's heading when the record is gone
    body = models.TextField()  # the words as written, every language, for snippets
    text = models.TextField()  # the words folded: case, accents, İ/ı; names also in plain Latin
    text_ru = models.TextField(blank=True)  # the Russian words as written, for Russian stemming
    date = models.DateField(null=True)
    # Whether a visitor may see the record (its `visible_to` rule, read when the document is): the
    # search filters on this one column instead of joining every record's visibility.
    public = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchQueue(models.Model):
    """Records whose search documents are out of date; filled by database triggers only."""

    kind = models.CharField(max_length=12)
    object_id = models.IntegerField()

    def __str__(self):
        return f"{self.kind} {self.object_id}"
