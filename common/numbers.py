"""How numbers are printed for people: in the active language's separators, never in exponent form.

One implementation of each: a number already printed plain, put in the reader's separators
(`localized_number`); a Decimal to the digits a source published (`plain_decimal`,
`published_number`); a rounded, grouped number (`grouped`); an amount in millions with one
decimal (`plain_millions`, `millions`); a signed percentage with one decimal (`signed_percent`).
Exports do not use these: a CSV or spreadsheet keeps plain numbers with a decimal point.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

MILLION = Decimal(1_000_000)


def plain_decimal(number, step=None, *, sign=False, grouping=False):
    """A Decimal as plain digits, never in exponent form: Decimal("4E+1") -> "40".

    With `step` (the published precision), to as many decimals as the step has: 14.200 with
    step 0.1 -> "14.2", 40 with step 1 -> "40"; without, to the digits that matter.
    """
    number = Decimal(number)
    if step is not None and Decimal(step) > 0:
        places = max(0, -Decimal(step).normalize().as_tuple().exponent)
        number = number.quantize(Decimal(1).scaleb(-places))
    else:
        number = number.normalize()
        if number.as_tuple().exponent > 0:
            number = number.quantize(Decimal(1))
    if number == 0:
        number, sign = abs(number), False  # "0.0", never "-0.0" or "+0.0"
    return format(number, ("+" if sign else "") + ("," if grouping else "") + "f")


def localized_number(text):
    """A number printed plain ("+14.2", "-17.3", "1,234,567.891") in the active language's separators.

    The digits stay exactly as printed: as many decimals, the sign, grouped only where the text
    groups thousands; in Russian "1,234,567.891" is "1 234 567,891" (non-breaking spaces), "-17.3"
    is "-17,3". Anything that is not such a number is returned as it is.
    """
    text = str(text)
    plain = text.replace(",", "")
    try:
        number = Decimal(plain)
    except ArithmeticError:
        return text
    if not number.is_finite() or "e" in plain.lower():
        return text
    places = len(plain.partition(".")[2])
    printed = number_format(number, decimal_pos=places, use_l10n=True, force_grouping="," in text)
    return ("+" + printed) if plain.startswith("+") else printed


def published_number(number, step=None, *, sign=False, grouping=False):
    """plain_decimal in the active language: the published digits with its decimal and thousand separators."""
    return localized_number(plain_decimal(number, step, sign=sign, grouping=grouping))


def grouped(number, places=0):
    """A number rounded to `places` decimals, thousands grouped, in the active language: 1234.56 -> "1,234.6"."""
    return localized_number(f"{number:,.{places}f}")


def plain_millions(amount):
    """An amount in millions with one decimal, thousands grouped, as stored and compared: 529400000 -> "529.4"."""
    return f"{amount / MILLION:,.1f}"


def millions(amount):
    """An amount in millions with one decimal in the active language: "529.4", "1 234,5"; "n/a" for None."""
    if amount is None:
        return gettext("n/a")
    return localized_number(plain_millions(amount))


def signed_percent(amount):
    """A change in % with its sign and one decimal in the active language: "+14.3 %"; "n/a" for None."""
    if amount is None:
        return gettext("n/a")
    return f"{localized_number(f'{amount:+.1f}')} %"
