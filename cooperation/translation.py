"""The fields kept per language (English, Kazakh, Russian, Azerbaijani), with their audit history.

Each field listed here gets one column per language (`title_en`, `title_kk`, `title_ru`,
`title_az`); the original column (`title`) keeps the English text (see
`models.OriginalInDefaultLanguage`). Read through the original name, a field gives the active
language's text, or the English one where there is none (`templatetags/content.py` marks that).

The audit history of these models is registered here, after their language fields exist, so the
history tables keep every language too.
"""

import copy

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from cooperation.models import Meeting, Organization, Position, Proposal, Sector


class ContentOptions(TranslationOptions):
    # A text not given in a language is empty (NULL) however the record was saved, from a form or
    # not, so the history records no change from nothing to "" (and a sector's name, unique in each
    # language, may be missing in several).
    empty_values = None


class OrganizationOptions(ContentOptions):
    fields = ("name", "short_name")


class PositionOptions(ContentOptions):
    fields = ("title",)


class MeetingOptions(ContentOptions):
    fields = ("title", "summary", "place")


class SectorOptions(ContentOptions):
    fields = ("name", "description")


class ProposalOptions(ContentOptions):
    fields = ("title", "summary")


TRANSLATED = {
    Organization: OrganizationOptions,
    Position: PositionOptions,
    Meeting: MeetingOptions,
    Sector: SectorOptions,
    Proposal: ProposalOptions,
}

for model, options in TRANSLATED.items():
    # The indexes and unique constraints stay on the original (English) column alone: lists are ordered
    # by it, and a copy per language would count two names not yet translated as the same name.
    indexes, constraints = list(model._meta.indexes), tuple(model._meta.constraints)
    translator.register(model, options)
    model._meta.indexes, model._meta.constraints = indexes, constraints
    simple_history.register(model, app="cooperation")
    # The history may hold the same name many times: its copy of a unique language field (a sector's
    # name_en) is only indexed. Its definition comes from the original field, so that is what is copied.
    for field in model.history.model._meta.fields:
        original = getattr(field, "translated_field", None)
        if original is not None and original.unique:
            field.translated_field = copy.copy(original)
            field.translated_field.unique = field.translated_field._unique = False
            field.translated_field.db_index = True
