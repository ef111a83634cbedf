"""Trade records whose name is kept per language (product groups, ports and routes; see trade/translation.py).

The original column (`name`) keeps the English name: records are created and saved in the default
language whatever language the person saving reads the site in.
"""

from django.conf import settings
from django.db import models
from django.utils import translation


class TranslatedNameQuerySet(models.QuerySet):
    """Ordered as Django orders them: modeltranslation would write the default order into every query as an
    explicit order (which would also group counts by it); kept implicit, it is used only where Django uses it."""

    def _post_init(self):
        self._rewrite = True
        self._populate = None

    def create(self, **kwargs):
        # A name given on creation is the English (original) one, whatever the active language.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return super().create(**kwargs)


class NameInDefaultLanguage(models.Model):
    """Saved in the default language, so the original column keeps the English name."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)
