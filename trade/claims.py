"""Flags on published figures their values contradict, and the sentences that quote their numbers.

The flags are found by the rule in trade.indicators and kept in step by trade.consistency.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.numbers import localized_number


class ClaimCheck(models.Model):
    """A published figure its values contradict, rounding allowed for; staff may explain why it stands.

    Kept in step with the figures by trade.consistency.check_claims: a flag that no longer
    holds is removed, one that still holds keeps its explanation.
    """

    class Kind(models.TextChoices):
        CHANGE = "change", _("Published change its values cannot give")
        TOTAL = "total", _("Turnover that is not exports + imports")

    figure = models.ForeignKey(
        "trade.TradeFigure", models.CASCADE, related_name="claim_checks", verbose_name=_("figure"), editable=False
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, editable=False)
    params = models.JSONField(_("details"), default=dict, editable=False)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_(
            "Why the figure stands anyway, e.g. “the ministry revised 2022 in March”; "
            "shown with the flag on the public pages."
        ),
    )
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("explained by"),
        editable=False,
    )
    explained_at = models.DateTimeField(_("explained"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        app_label = "trade"
        ordering = ["figure_id", "kind"]
        verbose_name = _("contradicted figure")
        verbose_name_plural = _("contradicted figures")
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "kind"],
                name="claimcheck_one_per_figure_kind",
                violation_error_message=_("This figure is already flagged for this check."),
            ),
            models.CheckConstraint(
                condition=Q(explanation="", explained_at__isnull=True)
                | (~Q(explanation="") & Q(explained_at__isnull=False)),
                name="claimcheck_explanation_dated",
                violation_error_message=_("An explanation needs its date, and a date its explanation."),
            ),
        ]

    def __str__(self):
        return f"{self.figure_id}: {self.get_kind_display()}"

    @property
    def explained(self):
        return bool(self.explanation)

    @property
    def message(self):
        return claim_message(self.kind, self.params)


# The numbers a flag's sentence quotes; they are stored plain, and printed in the reader's language.
NUMBER_PARAMS = ("turnover", "sum", "published", "current", "value", "low", "high")


def claim_message(kind, params):
    """The sentence for a flag, from its kind and the numbers stored with it (printed in the active language)."""
    from trade.models import TradeFigure

    params = {key: localized_number(value) if key in NUMBER_PARAMS else value for key, value in params.items()}

    if kind == ClaimCheck.Kind.TOTAL:
        return _(
            "Reported turnover %(turnover)s does not match exports + imports %(sum)s (USD million), "
            "even allowing for rounding."
        ) % {"turnover": params.get("turnover"), "sum": params.get("sum")}
    if params.get("base") == "own":
        against = _("its own %(period)s value, %(value)s") % params
    else:
        against = _("the %(period)s value that counts, %(value)s") % params
    return _(
        "%(measure)s: published %(published)s %%, but %(current)s against %(against)s (USD million) "
        "gives %(low)s %% to %(high)s %%."
    ) % {**params, "measure": TradeFigure.Measure(params["measure"]).label, "against": against}
