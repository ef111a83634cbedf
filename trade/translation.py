"""The product groups' names kept per language (English, Kazakh, Russian, Azerbaijani).

`ProductGroup.name` gets one column per language (`name_en`, `name_kk`, `name_ru`, `name_az`),
filled from trade/data/hs_groups.csv by migration 0009_product_group_names; the original column
(`name`) keeps the English name. Read through `name`, a group gives the active language's name,
or the English one where there is none.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from trade.models import Place, ProductGroup


class ProductGroupOptions(TranslationOptions):
    fields = ("name",)
    # A name not given in a language is empty (NULL), so the English one is shown in its place.
    empty_values = None


# The indexes and constraints stay on the original (English) column alone.
indexes, constraints = list(ProductGroup._meta.indexes), tuple(ProductGroup._meta.constraints)
translator.register(ProductGroup, ProductGroupOptions)
ProductGroup._meta.indexes, ProductGroup._meta.constraints = indexes, constraints


class PlaceOptions(TranslationOptions):
    fields = ("name",)
    empty_values = None


indexes, constraints = list(Place._meta.indexes), tuple(Place._meta.constraints)
translator.register(Place, PlaceOptions)
Place._meta.indexes, Place._meta.constraints = indexes, constraints
# The history keeps every language's name, and which economies the place belongs to.
simple_history.register(Place, app="trade", m2m_fields=["economies"])
