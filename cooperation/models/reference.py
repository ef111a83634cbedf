"""The people and bodies the records name: organizations, officials and the posts they held, and sectors.

Reference data that meetings and proposals point to; a sector also names the product groups whose
trade it should move.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedModel, VersionedQuerySet
from common.links import record_url
from cooperation import names
from cooperation.models.translated import OriginalInDefaultLanguage, TranslatedQuerySet
from cooperation.models.visibility import sees_everything
from trade.models import Economy, ProductGroup, validate_web_url


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
        return record_url("cooperation:official", self.slug)


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


class SectorQuerySet(TranslatedQuerySet):
    def visible_to(self, user):
        """Sectors of proposals the user may see: a sector only drafts use is not named to others."""
        from cooperation.models.proposals import Proposal

        if sees_everything(user):
            return self
        # EXISTS, not `pk__in`: SQLite stops at each sector's first visible proposal instead of listing
        # every visible proposal's sector first.
        return self.filter(Exists(Proposal.objects.visible_to(user).filter(sector=OuterRef("pk"))))


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
