"""Proposals and their workflow: statuses, the meetings they were raised at, and every status change.

`ProposalQuerySet` holds the reads lists are made of (open, stale, overdue, raised between dates,
with the facts a status list shows); `Proposal.allowed_transitions` is the workflow.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedModel, VersionedQuerySet
from common.links import record_url
from cooperation.models.followups import FollowUp
from cooperation.models.indicators import INDICATOR_MODELS, IndicatorKind, Movement
from cooperation.models.meetings import Meeting
from cooperation.models.reference import Official, Sector
from cooperation.models.translated import CONTENT_LANGUAGES, OriginalInDefaultLanguage, TranslatedQuerySet
from cooperation.models.visibility import Visibility, VisibleQuerySet, sees_everything
from trade.models import Economy, ProductGroup, TradeFigure


def days_in_status(changed_at, today=None):
    """Calendar days (local time) since a status change: 0 on the day itself, 1 the next day.

    Counted by date, not by 24-hour spans, so the figure changes only at midnight and a page shown
    during a day shows the same number all day.
    """
    return ((today or timezone.localdate()) - timezone.localdate(changed_at)).days


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


# A corridor headline is shown with what it measures: the place and the other place of a part of its traffic.
CORRIDOR_INDICATOR = ("corridor_indicator__place", "corridor_indicator__counterpart")

# Lists are ordered by the original (default-language) title, kept in the indexed `title` column, in
# every language: one order the indexes serve. Named "title", the order would follow each language's
# own column, which has no index and leaves untranslated titles out of place.
ORIGINAL_TITLE_ORDER = {"title": lambda: F("title").asc(), "-title": lambda: F("title").desc()}


class ProposalQuerySet(TranslatedQuerySet, VersionedQuerySet, VisibleQuerySet):
    scope_ids = "proposals"

    def order_by(self, *field_names):
        return super().order_by(
            *(ORIGINAL_TITLE_ORDER[name]() if name in ORIGINAL_TITLE_ORDER else name for name in field_names)
        )

    def open(self):
        return self.filter(status__in=Proposal.Status.open_values())

    def for_list(self):
        return self.select_related("sector", "from_economy", "to_economy", "proposed_by")

    def with_indicator(self):
        """With each proposal's headline indicators (`proposal.indicator`, `proposal.corridor_indicator` with what
        it measures), brought up to date first.

        Every reader of ProposalIndicator comes through here, so no list shows a figure older than
        the data (see cooperation.indicator_store).
        """
        from cooperation.indicator_store import refresh_pending

        refresh_pending()
        return self.select_related("indicator", *CORRIDOR_INDICATOR)

    def moving_place(self, place):
        """Proposals meant to move a measure of `place`: their own corridor measures, else their sector's."""
        from cooperation.models.corridor_targets import CorridorTarget

        own = CorridorTarget.objects.filter(proposal=OuterRef("pk"))
        by_sector = CorridorTarget.objects.filter(sector=OuterRef("sector_id"), place=place)
        return self.filter(Exists(own.filter(place=place)) | (~Exists(own) & Exists(by_sector)))

    def by_movement(self, movement, kind=IndicatorKind.TRADE):
        """Proposals whose headline of that kind moved that way.

        "none" (no data): for trade, also a proposal without a computed row; for corridors, only the
        proposals that name a corridor measure (or whose sector does) without a change to show.
        """
        related = INDICATOR_MODELS[kind].RELATED_NAME
        if movement == Movement.NO_DATA and kind == IndicatorKind.TRADE:
            return self.filter(Q(indicator__isnull=True) | Q(indicator__movement=movement))
        return self.filter(**{f"{related}__movement": movement})

    def contradicted(self):
        """Proposals whose trade or corridor headline rests on published figures that contradict each other."""
        return self.filter(Q(indicator__contradicted=True) | Q(corridor_indicator__contradicted=True))

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
            # The open-data page's "last changed": walked from the newest change to the first public one.
            # Not (visibility, ...): SQLite's planner, with no statistics, would take it for every list
            # filtered by visibility and sort those lists apart from their own indexes.
            models.Index(fields=["updated_at", "visibility"], name="proposal_updated_visible"),
            # Counts by sector and status from the index alone: staff's summary, and the home page's counts
            # of what visitors may see (which, without the visibility here, read every proposal's row).
            models.Index(fields=["sector", "status", "visibility"], name="proposal_sector_status_vis"),
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
        return record_url("cooperation:proposal", self.slug)

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
