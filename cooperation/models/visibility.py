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


# Which ids of a partner's scope (cooperation.models.partners.PartnerScope) a relation is read against.
SCOPE_OF = {"meeting__": "meetings", "proposal__": "proposals"}


def visible_q(user, via="", scope_ids=None):
    """The condition for rows a user may see, through a relation (`via="meeting__"`) or not.

    Staff see everything; everyone sees what is public; a partner user also sees the internal
    meetings and proposals of their organization's scope (`scope_ids` names which of its id sets
    a row's own `visibility` is read against, when `via` does not say it). A join, not a subquery:
    `meeting__in=Meeting.objects.visible_to(user)` makes SQLite read every meeting.
    """
    if sees_everything(user):
        return Q()
    public = Q(**{f"{via}visibility": Visibility.PUBLIC})
    from cooperation.models.partners import partner_scope

    scope = partner_scope(user)
    which = scope_ids or SCOPE_OF.get(via)
    if scope is None or which is None:
        return public
    return public | Q(**{f"{via}visibility": Visibility.INTERNAL, f"{via}pk__in": getattr(scope, which)})


class VisibleQuerySet(models.QuerySet):
    """Rows a user may see: the one rule every read of a record with, or inheriting, visibility goes through.

    `visibility_via` names the relations whose visibility a row takes on ("" for its own field): a
    raising is shown only when both its meeting and its proposal are, a follow-up only when it and
    its proposal are.
    """

    visibility_via = ("",)
    scope_ids = None  # which ids of a partner's scope the row's own visibility is read against

    def visible_to(self, user):
        return self.filter(self.visible_q(user))

    def visible_q(self, user):
        """The condition `visible_to` filters on, to filter or annotate with."""
        query = Q()
        for via in self.visibility_via:
            query &= visible_q(user, via, self.scope_ids if via == "" else None)
        return query
