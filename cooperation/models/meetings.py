"""Meetings and who took part in them, each with the post they held that day."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedModel, VersionedQuerySet
from common.links import record_url
from cooperation.models.reference import Official, Position
from cooperation.models.translated import OriginalInDefaultLanguage, TranslatedQuerySet
from cooperation.models.visibility import Visibility, VisibleQuerySet
from trade.models import validate_web_url


class MeetingQuerySet(TranslatedQuerySet, VersionedQuerySet, VisibleQuerySet):
    scope_ids = "meetings"

    def with_participants(self, signoff=False):
        """Meetings with their participants; `signoff=True` also reads what the pages show of their sign-off."""
        participations = Participation.objects.select_related("official", "position__organization")
        if signoff:
            from cooperation.models.partners import signoff_fields

            participations = participations.annotate(**signoff_fields())
        return self.prefetch_related(Prefetch("participations", queryset=participations))


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
            # The open-data page's "last changed": walked from the newest change to the first public one.
            # Not (visibility, ...): SQLite's planner, with no statistics, would take it for every list
            # filtered by visibility and sort those lists apart from their own indexes.
            models.Index(fields=["updated_at", "visibility"], name="meeting_updated_visible"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return record_url("cooperation:meeting", self.pk)


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
