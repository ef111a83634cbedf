"""A length of time for people: "15 minutes", "1 hour", "1 day, 2 hours"."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(value):
    """A timedelta in words, pluralised and translated as Django's own `timeuntil` is."""
    if not isinstance(value, datetime.timedelta):
        return ""
    now = timezone.now()
    return timeuntil(now + value, now)
