from django.conf import settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages that cost the same however deep: each page starts after the last row of the one before."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "pk"

    def _get_position_from_instance(self, instance, ordering):
        """The position in the column the list is ordered by: for a text kept per language, the original
        (default-language) text, not the reader's translation, which the attribute would give."""
        field = ordering[0].lstrip("-")
        try:
            translated = field in translator.get_options_for_model(type(instance)).all_fields
        except NotRegistered:
            translated = False
        if translated:
            return str(getattr(instance, build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)))
        return super()._get_position_from_instance(instance, ordering)
