"""Partner sign-off: invitations, a partner's confirmation or dispute of a meeting's record, staff's answers,
and what the pages show of it. The admin, the partner pages and the staff pages call these functions.

A meeting's sign-off is read per partner organization that took part in it and has accounts:

- **confirmed** when its latest response confirms the record as it stands (the meeting's version
  then is its version now: a record saved since is to be confirmed again);
- **disputed** when its latest response disputes a part of it (an answer from staff does not end a
  dispute: the partner confirms the corrected record, or disputes again);
- **awaiting confirmation** otherwise.

The meeting is "confirmed by both sides" when every such organization confirmed it, "disputed" when
one disputes it, and "awaiting confirmation" else. A meeting with no partner organization holding
accounts shows none of these: nobody has been asked.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.models import Meeting, Participation
from cooperation.models.partners import (
    DisputeAnswer,
    Invitation,
    MeetingResponse,
    PartnerAccount,
    invitation_digest,
    partner_scope,
    signoff_fields,
)

CONFIRMED, DISPUTED, AWAITING = "confirmed", "disputed", "awaiting"
STATE_LABELS = {
    CONFIRMED: _("Confirmed by both sides"),
    DISPUTED: _("Disputed"),
    AWAITING: _("Awaiting confirmation"),
}

STATEMENT_LABELS = {
    CONFIRMED: _("Confirmed by the speaker's side"),
    DISPUTED: _("Disputed by the speaker's side"),
    AWAITING: _("Not confirmed by the speaker's side"),
}


class SignOffError(Exception):
    """A refusal to show the user."""


# --- Invitations ------------------------------------------------------------------------------------------


def invitation_days():
    return getattr(settings, "PARTNER_INVITATION_DAYS", 7)


@transaction.atomic
def invite(email, organization, by, language, now=None):
    """Make an invitation and e-mail its link; returns (invitation, link). The token is never stored."""
    email = email.strip()
    if PartnerAccount.objects.filter(user__email__iexact=email).exists():
        raise SignOffError(gettext("An account with this e-mail address already exists."))
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organization=organization,
        token_digest=invitation_digest(token),
        invited_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=invitation_days()),
    )
    link = settings.SITE_URL + reverse("cooperation:partner-invitation", args=[token])
    with translation.override(language):
        message = _invitation_mail(invitation, link)
    transaction.on_commit(message.send)
    return invitation, link


def _invitation_mail(invitation, link):
    context = {"invitation": invitation, "link": link, "days": invitation_days()}
    subject = gettext("Your account on Cooperation Tracker for %(organization)s") % {
        "organization": invitation.organization
    }
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("cooperation/partner/email/invitation.txt", context),
        to=[invitation.email],
        headers={"Message-ID": f"<invitation-{invitation.pk}@{host}>", "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("cooperation/partner/email/invitation.html", context), "text/html")
    return message


def open_invitation(token):
    """The invitation a link names, if it can still be used; None otherwise (used, expired or unknown)."""
    invitation = Invitation.objects.select_related("organization").filter(token_digest=invitation_digest(token)).first()
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def accept_invitation(token, username, password):
    """Make the partner account an invitation offers; the invitation works once. The password has been
    checked against the password rules by the form (Django's validators)."""
    invitation = Invitation.objects.select_for_update().filter(token_digest=invitation_digest(token)).first()
    if invitation is None or not invitation.is_open:
        raise SignOffError(gettext("This invitation link has expired or has already been used."))
    user = get_user_model().objects.create_user(
        username=username, email=invitation.email, password=password, is_staff=False
    )
    account = PartnerAccount.objects.create(user=user, organization=invitation.organization)
    invitation.used_at = timezone.now()
    invitation.account = account
    invitation.save(update_fields=["used_at", "account"])
    return user


# --- Responses --------------------------------------------------------------------------------------------


def _organization_of(user, meeting):
    scope = partner_scope(user)
    if scope is None or meeting.pk not in scope.meetings:
        raise PermissionDenied
    return scope.organization_id


@transaction.atomic
def confirm(meeting, user, comment=""):
    """A partner user confirms the meeting's record as it stands now."""
    organization = _organization_of(user, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    return MeetingResponse.objects.create(
        meeting=meeting,
        organization_id=organization,
        kind=MeetingResponse.Kind.CONFIRM,
        comment=comment.strip(),
        meeting_version=meeting.version,
        responded_by=user,
    )


@transaction.atomic
def dispute(meeting, user, part, comment, raising=None):
    """A partner user disputes a part of the meeting's record, saying why."""
    organization = _organization_of(user, meeting)
    comment = comment.strip()
    if part not in MeetingResponse.Part.values:
        raise ValidationError({"part": gettext("Choose the part of the record you dispute.")})
    if not comment:
        raise ValidationError({"comment": gettext("Say what is wrong, so that staff can correct it.")})
    if raising is not None and raising.meeting_id != meeting.pk:
        raise ValidationError({"raising": gettext("This statement was not made at this meeting.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    return MeetingResponse.objects.create(
        meeting=meeting,
        organization_id=organization,
        kind=MeetingResponse.Kind.DISPUTE,
        part=part,
        raising=raising,
        comment=comment,
        meeting_version=meeting.version,
        responded_by=user,
    )


def answer(response, user, text, corrected=False):
    """Staff answer a dispute; the record itself is corrected in the admin, where its history is kept."""
    if response.kind != MeetingResponse.Kind.DISPUTE:
        raise ValidationError(gettext("Only a dispute is answered."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": gettext("Write the answer the partner will read.")})
    return DisputeAnswer.objects.create(response=response, text=text, corrected=corrected, answered_by=user)


def record_changed(meeting_ids):
    """A meeting's record changed outside its own form (a statement entered on a proposal's form): each
    meeting is saved, so its version rises as its own form would raise it, earlier confirmations no longer
    hold, and its audit history has the save."""
    for meeting in Meeting.objects.filter(pk__in=meeting_ids):
        meeting.save(update_fields=["updated_at"])


def open_disputes():
    """Disputes that are the latest word of their organization on their meeting, oldest first."""
    latest = MeetingResponse.objects.filter(meeting=OuterRef("meeting"), organization=OuterRef("organization"))
    return (
        MeetingResponse.objects.filter(kind=MeetingResponse.Kind.DISPUTE)
        .filter(pk=Subquery(latest.order_by("-responded_at", "-pk").values("pk")[:1]))
        .select_related("meeting", "organization", "responded_by", "raising__proposal")
        .prefetch_related(Prefetch("answers", queryset=DisputeAnswer.objects.select_related("answered_by")))
        .order_by("responded_at", "pk")
    )


# --- What the pages show ----------------------------------------------------------------------------------


@dataclass
class OrganizationSignOff:
    organization_id: int
    name: str
    state: str = AWAITING
    responded_at: datetime.datetime | None = None
    disputed_raising: int | None = None


@dataclass
class SignOff:
    """A meeting's sign-off as the pages show it."""

    organizations: list = field(default_factory=list)
    officials: dict = field(default_factory=dict)  # official id -> organization id, for partner officials

    @property
    def state(self):
        states = {o.state for o in self.organizations}
        if DISPUTED in states:
            return DISPUTED
        return CONFIRMED if states == {CONFIRMED} else AWAITING

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def confirmed_on(self):
        return max(o.responded_at for o in self.organizations) if self.state == CONFIRMED else None

    @property
    def confirming(self):
        return [o.name for o in self.organizations if o.state == CONFIRMED]

    def statement(self, raising):
        """Whether what a partner official said is confirmed: None when the speaker is not a partner official."""
        organization = self.officials.get(raising.raised_by_id)
        if organization is None:
            return None
        mark = next(o for o in self.organizations if o.organization_id == organization)
        if mark.state == DISPUTED and mark.disputed_raising in (None, raising.pk):
            return DISPUTED
        return CONFIRMED if mark.state == CONFIRMED else AWAITING


def signoffs(meetings):
    """{meeting id: SignOff} for the meetings that have partner organizations with accounts, in one query."""
    versions = {m.pk: m.version for m in meetings}
    if not versions:
        return {}
    participations = (
        Participation.objects.filter(meeting__in=versions)
        .select_related("position__organization")
        .annotate(**signoff_fields())
    )
    return signoffs_from(participations, versions)


def signoffs_from(participations, versions):
    """{meeting id: SignOff} from participations annotated with `signoff_fields()` (as the pages load them)."""
    result = {}
    for p in participations:
        if not getattr(p, "partner_asked", False) or p.meeting_id not in versions:
            continue
        signoff = result.setdefault(p.meeting_id, SignOff())
        organization = p.position.organization
        signoff.officials[p.official_id] = organization.pk
        if any(o.organization_id == organization.pk for o in signoff.organizations):
            continue
        mark = OrganizationSignOff(organization.pk, str(organization))
        if p.response_kind == MeetingResponse.Kind.DISPUTE:
            mark.state, mark.responded_at, mark.disputed_raising = DISPUTED, p.response_at, p.response_raising
        elif p.response_kind == MeetingResponse.Kind.CONFIRM and p.response_version == versions[p.meeting_id]:
            mark.state, mark.responded_at = CONFIRMED, p.response_at
        signoff.organizations.append(mark)
    for signoff in result.values():
        signoff.organizations.sort(key=lambda o: o.name)
    return result


def history(meeting, organization_id=None):
    """A meeting's responses, newest first, with staff's answers; those of one organization when given."""
    responses = (
        MeetingResponse.objects.filter(meeting=meeting)
        .select_related("organization", "responded_by", "raising__proposal")
        .prefetch_related(Prefetch("answers", queryset=DisputeAnswer.objects.select_related("answered_by")))
    )
    if organization_id is not None:
        responses = responses.filter(organization_id=organization_id)
    return responses
