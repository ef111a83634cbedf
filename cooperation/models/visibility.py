"""Who may see a record: public, internal or draft, and the one rule every read of a record goes through."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    DRAFT = "draft", _("Draft")


def sees_everything(user):
    """Drafts and internal items are for logged-in staff only (no user at all sees what a visitor sees)."""
    return user is not None and user.is_authenticated and user.is_staff


def visible_q(user, via=""):
    """The condition for rows a user may see, through a relation (`via="meeting__"`) or not.

    A join, not a subquery: `meeting__in=Meeting.objects.visible_to(user)` makes SQLite read every meeting.
    """
    return Q() if sees_everything(user) else Q(**{f"{via}visibility": Visibility.PUBLIC})


class VisibleQuerySet(models.QuerySet):
    """Rows a user may see: the one rule every read of a record with, or inheriting, visibility goes through.

    `visibility_via` names the relations whose visibility a row takes on ("" for its own field): a
    raising is shown only when both its meeting and its proposal are, a follow-up only when it and
    its proposal are.
    """

    visibility_via = ("",)

    def visible_to(self, user):
        return self.filter(self.visible_q(user))

    def visible_q(self, user):
        """The condition `visible_to` filters on, to filter or annotate with."""
        query = Q()
        for via in self.visibility_via:
            query &= visible_q(user, via)
        return query
