"""Keep the stored flags (ClaimCheck) in step when a figure or a source is saved or deleted one at a time.

Imports write in bulk and recheck the series they touched themselves (trade.consistency.check_sources).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from trade import consistency
from trade.models import DataSource, TradeFigure


@receiver(pre_save, sender=TradeFigure)
def remember_series(sender, instance, raw=False, **kwargs):
    """The series the figure was in before this save: moving it out may change what its old neighbours show."""
    instance._series_before = None
    if not raw and instance.pk and not instance._state.adding:
        instance._series_before = TradeFigure.objects.filter(pk=instance.pk).values_list(*consistency.COMBO).first()


@receiver(post_save, sender=TradeFigure)
def figure_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= {"version"}):
        return
    combos = {tuple(getattr(instance, name) for name in consistency.COMBO)}
    before = getattr(instance, "_series_before", None)
    if before:
        combos.add(before)
    consistency.check_claims(combos)


@receiver(post_delete, sender=TradeFigure)
def figure_deleted(sender, instance, **kwargs):
    consistency.check_figure(instance)


@receiver(post_save, sender=DataSource)
def source_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (created or raw):  # which value counts depends on the source's kind, economy and date
        consistency.check_sources([instance.pk])
