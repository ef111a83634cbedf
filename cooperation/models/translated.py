"""Records whose titles, summaries and names are kept per language (registered in cooperation/translation.py).

The languages content is kept in, the queryset that keeps the default order implicit, and the
mixin that saves and checks a record in the default language.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

# The languages records are kept in, each named in its own language (the first is the original).
CONTENT_LANGUAGES = [("en", "English"), ("kk", "Қазақша"), ("ru", "Русский"), ("az", "Azərbaycanca")]


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
