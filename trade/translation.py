"""The names kept per language (English, Kazakh, Russian, Azerbaijani): product groups', ports' and routes'.

`ProductGroup.name` gets one column per language (`name_en`, `name_kk`, `name_ru`, `name_az`),
filled from trade/data/hs_groups.csv by migration 0009_product_group_names; the original column
(`name`) keeps the English name. Read through `name`, a group gives the active language's name,
or the English one where there is none. A port's or route's name (`Place.name`) is kept the same way.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from trade.models import Place, ProductGroup


class NameOptions(TranslationOptions):
    fields = ("name",)
    # A name not given in a language is empty (NULL), so the English one is shown in its place.
    empty_values = None


for model in (ProductGroup, Place):
    # The indexes and constraints stay on the original (English) column alone.
    indexes, constraints = list(model._meta.indexes), tuple(model._meta.constraints)
    translator.register(model, NameOptions)
    model._meta.indexes, model._meta.constraints = indexes, constraints

# The history keeps every language's name (registered after the language fields exist), and which economies
# the place belongs to.
simple_history.register(Place, app="trade", m2m_fields=["economies"])
