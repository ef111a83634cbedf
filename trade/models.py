from decimal import Decimal

from django.conf import settings
from django.core.validators import URLValidator
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedQuerySet
from common.links import record_url
from trade.codes import UnknownCode, canonical_code, reference
from trade.economy_names import economy_name
from trade.published import (  # noqa: F401 - period_label: imported from here too
    PublishedFigure,
    change_fields,
    import_field,
    month_fields,
    period_label,
    pinned_field,
    published_constraints,
    year_field,
)
from trade.translated import NameInDefaultLanguage, TranslatedNameQuerySet

# Every stored link is shown on public pages: web addresses only, never javascript: or data: links.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
    code="not_web_address",  # its own code, so that forms show this message rather than their generic one
)


class EconomyQuerySet(models.QuerySet):
    def get_by_code(self, code):
        """The economy for any code a source may use: KZ, KAZ, KZ-47 or KZ-MAN."""
        try:
            return self.get(code=canonical_code(code))
        except UnknownCode:
            raise self.model.DoesNotExist(f"No economy with code {code!r}.") from None

    def ensure(self, code):
        """The economy for an ISO code, created from pycountry's reference data if new."""
        ref = reference(code)
        parent = self.ensure(ref["parent"]) if ref["parent"] else None
        economy, _created = self.get_or_create(
            code=ref["code"],
            defaults={"name": ref["name"], "kind": ref["kind"], "parent": parent, "alpha3": ref["alpha3"]},
        )
        return economy


class Economy(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")

    code = models.CharField(_("ISO code"), max_length=6, unique=True, help_text=_("ISO 3166-1 alpha-2 or 3166-2."))
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="regions", verbose_name=_("country")
    )

    history = HistoricalRecords()
    objects = EconomyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("economy")
        verbose_name_plural = _("economies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="country", parent__isnull=True) | Q(kind="region", parent__isnull=False),
                name="economy_region_has_country",
                violation_error_message=_("A region needs its country; a country has none."),
            ),
            models.CheckConstraint(
                condition=Q(code=models.functions.Upper("code")),
                name="economy_code_upper",
                violation_error_message=_("ISO codes are written in capitals."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The economy's name in the active language (ISO data; the stored English name otherwise)."""
        return economy_name(self.code, self.name)


class ProductGroupQuerySet(TranslatedNameQuerySet):
    """Product groups, their names kept per language (trade/translation.py)."""


class ProductGroup(NameInDefaultLanguage):
    """TOTAL, or a Harmonized System section or 2-digit chapter.

    Its name is kept per language (`name_en`, `name_kk`, `name_ru`, `name_az`, see
    trade/translation.py); `name` reads in the active language, or in English where there is none.
    """

    class Level(models.TextChoices):
        TOTAL = "total", _("All goods")
        SECTION = "section", _("HS section")
        CHAPTER = "chapter", _("HS chapter")

    TOTAL_CODE = "TOTAL"

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=300)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ProductGroupQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self):
        if self.level == self.Level.TOTAL:
            return str(self.name)
        return f"{self.code} {self.name}"


class DataSource(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official statistics")
        CUSTOMS = "customs", _("Customs statistics")
        INTERNATIONAL = "international", _("International database")
        NEWS = "news", _("News report")
        OTHER = "other", _("Other")

    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    economy = models.ForeignKey(
        Economy,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statistics of"),
        help_text=_("The economy whose own statistics these figures are, if any."),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True, validators=[validate_web_url])
    published_on = models.DateField(_("published"))
    retrieved_on = models.DateField(_("retrieved"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "publisher"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "title", "published_on"],
                name="datasource_unique_release",
                violation_error_message=_("This publication is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(retrieved_on__isnull=True) | Q(retrieved_on__gte=F("published_on")),
                name="datasource_retrieved_after_published",
                violation_error_message=_("A source cannot be retrieved before it was published."),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title} ({self.published_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return record_url("trade:source", self.pk)


class TradeFigureQuerySet(VersionedQuerySet):
    def for_pair(self, reporter, partner):
        return self.filter(reporter=reporter, partner=partner).select_related("source", "product_group")


class TradeFigure(PublishedFigure):
    """One value as one source published it."""

    class Measure(models.TextChoices):
        EXPORT = "export", _("Exports")
        IMPORT = "import", _("Imports")
        TURNOVER = "turnover", _("Turnover")

    reporter = models.ForeignKey(Economy, models.PROTECT, related_name="reported_figures", verbose_name=_("reporter"))
    partner = models.ForeignKey(Economy, models.PROTECT, related_name="partner_figures", verbose_name=_("partner"))
    year = year_field()
    month_from, month_to = month_fields()
    measure = models.CharField(_("measure"), max_length=8, choices=Measure.choices)
    product_group = models.ForeignKey(ProductGroup, models.PROTECT, related_name="+", verbose_name=_("product group"))
    value_usd = models.DecimalField(_("value (USD)"), max_digits=18, decimal_places=2)
    value_step = models.DecimalField(
        _("published precision (USD)"),
        max_digits=18,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("The unit of the last digit as published: 100000 for “529.4 million”."),
    )
    change_pct, change_pct_step = change_fields()
    source = models.ForeignKey(DataSource, models.PROTECT, related_name="figures", verbose_name=_("source"))
    pinned = pinned_field()
    trade_import = import_field("figures")

    history = HistoricalRecords()
    objects = TradeFigureQuerySet.as_manager()

    VALUE_FIELDS = ("value_usd", "value_step", "change_pct", "change_pct_step")

    class Meta:
        ordering = ["reporter_id", "partner_id", "year", "month_to", "measure"]
        verbose_name = _("trade figure")
        verbose_name_plural = _("trade figures")
        indexes = [
            models.Index(fields=["reporter", "partner", "product_group", "year"], name="tradefigure_pair_series"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "partner", "year", "month_from", "month_to", "measure", "product_group", "source"],
                name="tradefigure_one_value_per_source",
                violation_error_message=_("This source already has a value for this figure."),
            ),
            models.UniqueConstraint(
                fields=["reporter", "partner", "year", "month_from", "month_to", "measure", "product_group"],
                condition=Q(pinned=True),
                name="tradefigure_one_pin_per_key",
                violation_error_message=_("Another source's value is already pinned for this figure; unpin it first."),
            ),
            *published_constraints("tradefigure", "value_usd", _("Trade values are never below zero.")),
            models.CheckConstraint(
                condition=~Q(reporter=F("partner")),
                name="tradefigure_partner_differs",
                violation_error_message=_("The partner must differ from the reporter."),
            ),
        ]

    def __str__(self):
        return f"{self.reporter.code}-{self.partner.code} {self.period_label} {self.get_measure_display()}"

    @property
    def amount(self):
        """The value as the indicator engine reads every published figure (corridor figures too)."""
        return self.value_usd

    @property
    def interval(self):
        """The values the published rounding allows: 529.4 million stands for 529.35 to 529.45 million."""
        half = self.value_step / 2
        return self.value_usd - half, self.value_usd + half


class TradeImport(models.Model):
    """One import of a trade file, from the admin or the command line: the record of who brought in what.

    An admin upload keeps its content for the preview and the confirmation; a command-line
    import keeps only the file's size and SHA-256 checksum (its files run to hundreds of MB).
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, not imported")
        REFUSED = "refused", _("Refused: problems found")
        IMPORTED = "imported", _("Imported")

    class Origin(models.TextChoices):
        ADMIN = "admin", _("Admin upload")
        COMMAND = "command", _("Command line")

    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("content"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    origin = models.CharField(_("imported from"), max_length=8, choices=Origin.choices, default=Origin.ADMIN)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        help_text=_("Who uploaded the file in the admin, or whom a command-line import named with --user."),
    )
    system_user = models.CharField(
        _("system account"),
        max_length=150,
        blank=True,
        help_text=_("The server account that ran a command-line import."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True, validators=[validate_web_url])
    source_kind = models.CharField(_("source kind"), max_length=16, choices=DataSource.Kind.choices, blank=True)
    source_published_on = models.DateField(_("published"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.TextField(_("summary"), blank=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("figures created"), default=0)
    updated_count = models.PositiveIntegerField(_("figures updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("figures unchanged"), default=0)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("trade import")
        verbose_name_plural = _("trade imports")

    def __str__(self):
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def change_reason(self):
        """What the audit history says of each figure this import wrote (the history keeps 100 characters)."""
        return (gettext("Import #%(pk)s: %(file)s") % {"pk": self.pk, "file": self.filename})[:100]

    def record_result(self, result):
        """Mark the import done, with its counts; saved in the transaction that wrote the figures."""
        self.status = self.Status.IMPORTED
        self.summary = result.summary()
        self.created_count, self.updated_count = result.created, result.updated
        self.unchanged_count = result.unchanged
        self.imported_at = timezone.now()
        self.save()


def figure_pairs():
    """Every (reporter code, reporter name, partner code, partner name) with figures, by the names.

    A million figures hold a few hundred pairs: each next pair is found by one step along the
    (reporter, partner, ...) index from the one before, instead of reading every figure for a
    DISTINCT.
    """
    figure, economy = (connection.ops.quote_name(m._meta.db_table) for m in (TradeFigure, Economy))
    # The next pair: a later partner of the same reporter, else the next reporter's first partner.
    # Each is one seek in the (reporter, partner, ...) index, ordered as the index is, so neither
    # SQLite nor PostgreSQL reads a reporter's figures one by one.
    first = "ORDER BY f.reporter_id, f.partner_id LIMIT 1"
    same = f"FROM {figure} f WHERE f.reporter_id = pairs.r AND f.partner_id > pairs.p {first}"
    next_reporter = f"(SELECT f.reporter_id FROM {figure} f WHERE f.reporter_id > pairs.r {first})"  # noqa: S608
    sql = f"""
        WITH RECURSIVE pairs(r, p) AS (
            SELECT r, p FROM (
                SELECT reporter_id AS r, partner_id AS p FROM {figure} ORDER BY 1, 2 LIMIT 1
            ) AS first
            UNION ALL
            SELECT
                COALESCE((SELECT f.reporter_id {same}), {next_reporter}),
                COALESCE(
                    (SELECT f.partner_id {same}),
                    (SELECT f.partner_id FROM {figure} f WHERE f.reporter_id = {next_reporter} {first})
                )
            FROM pairs WHERE pairs.r IS NOT NULL
        )
        SELECT re.code, re.name, pe.code, pe.name FROM pairs
        JOIN {economy} re ON re.id = pairs.r JOIN {economy} pe ON pe.id = pairs.p
        ORDER BY re.name, pe.name
    """  # noqa: S608 - table names from the models, no input
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


# Flags on published figures and the corridor statistics live in their own modules; imported here so
# Django finds the models.
from trade.claims import ClaimCheck, claim_message  # noqa: E402, F401
from trade.corridors import CorridorFigure, Place  # noqa: E402, F401
