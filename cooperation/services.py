"""Writes that span several models, each one explicit function."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.models import Proposal, StatusChange
from notifications.services import record_status_notices


class IllegalTransition(ValidationError):
    pass


def check_transition(*, current, to, note):
    """Raise IllegalTransition unless a proposal in `current` may move to `to` with `note`."""
    if to not in Proposal.Status.values:
        raise IllegalTransition(_("“%(to)s” is not a status.") % {"to": to})
    if to not in Proposal.allowed_transitions(current):
        allowed = Proposal.allowed_transitions(current)
        raise IllegalTransition(
            _("A proposal that is “%(current)s” cannot become “%(to)s”; it can become: %(allowed)s.")
            % {
                "current": Proposal.Status(current).label,
                "to": Proposal.Status(to).label,
                "allowed": ", ".join(str(Proposal.Status(s).label) for s in allowed) or _("nothing (it is closed)"),
            }
        )
    if to in Proposal.NOTE_REQUIRED and not (note or "").strip():
        raise IllegalTransition(
            _("Say why in a note: it is required for “%(to)s”.") % {"to": Proposal.Status(to).label}
        )


@transaction.atomic
def change_status(proposal, *, to, by, note="", note_is_public=False, meeting=None, expected=None):
    """Move `proposal` to status `to`, recording who, when and why: the one way a status changes.

    `expected` is the status the user saw; if someone changed it since, the
    change is refused rather than applied on top of theirs. The note stays with staff unless
    `note_is_public`. The proposal is saved, so its audit history and version follow the change.
    """
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if expected is not None and locked.status != expected:
        raise IllegalTransition(
            _("The status was changed to “%(now)s” by someone else since you opened this page; nothing was saved.")
            % {"now": locked.get_status_display()}
        )
    check_transition(current=locked.status, to=to, note=note)
    now = timezone.now()
    change = StatusChange(
        proposal=locked,
        from_status=locked.status,
        to_status=to,
        changed_at=now,
        changed_by=by,
        note=(note or "").strip(),
        note_is_public=note_is_public,
        meeting=meeting,
    )
    change.full_clean()
    change.save()
    locked.status, locked.status_changed_at = to, now
    locked._history_user = by
    locked._change_reason = _("Status changed to “%(to)s”") % {"to": locked.get_status_display()}
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    for name in ("status", "status_changed_at", "updated_at", "version"):
        setattr(proposal, name, getattr(locked, name))
    record_status_notices(change)  # in this transaction: a change is never committed without its notices
    return change


@transaction.atomic
def record_initial_status(proposal, *, by, note="", note_is_public=False, when=None):
    """The first line of a new proposal's history: the status it was entered with."""
    when = when or proposal.status_changed_at
    change = StatusChange(
        proposal=proposal,
        from_status="",
        to_status=proposal.status,
        changed_at=when,
        changed_by=by,
        note=note,
        note_is_public=note_is_public,
    )
    change.full_clean()
    change.save()
    return change
