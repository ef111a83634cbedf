"""The product groups' names kept per language (English, Kazakh, Russian, Azerbaijani).

`ProductGroup.name` gets one column per language (`name_en`, `name_kk`, `name_ru`, `name_az`),
filled from trade/data/hs_groups.csv by migration 0009_product_group_names; the original column
(`name`) keeps the English name. Read through `name`, a group gives the active language's name,
or the English one where there is none.
"""

from modeltranslation.translator import TranslationOptions, translator

from trade.models import ProductGroup


class ProductGroupOptions(TranslationOptions):
    fields = ("name",)
    # A name not given in a language is empty (NULL), so the English one is shown in its place.
    empty_values = None


# The indexes and constraints stay on the original (English) column alone.
indexes, constraints = list(ProductGroup._meta.indexes), tuple(ProductGroup._meta.constraints)
translator.register(ProductGroup, ProductGroupOptions)
ProductGroup._meta.indexes, ProductGroup._meta.constraints = indexes, constraints
