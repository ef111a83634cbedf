"""Partner users' pages (their organization's meetings, and each one's record to confirm or dispute), the
invitation link, and staff's list of disputes to answer."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation import signoff
from cooperation.models import Meeting, Proposal, Raising, sees_everything
from cooperation.models.partners import MeetingResponse, partner_scope
from cooperation.partner_forms import AcceptInvitationForm, AnswerForm, ConfirmForm, DisputeForm

VIEW_RESPONSES = "cooperation.view_meetingresponse"
ANSWER = "cooperation.add_disputeanswer"


def _scope_or_403(request):
    scope = partner_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


@login_required
def partner_home(request):
    """The meetings the user's organization took part in, each with where its sign-off stands."""
    scope = _scope_or_403(request)
    meetings = list(Meeting.objects.visible_to(request.user).filter(pk__in=scope.meetings).order_by("-date", "-pk"))
    states = signoff.signoffs(meetings)
    context = {
        "organization": scope.organization_name,
        "rows": [(m, states.get(m.pk), _own(states.get(m.pk), scope)) for m in meetings],
        "proposals": Proposal.objects.visible_to(request.user).filter(pk__in=scope.proposals).order_by("title"),
    }
    return render(request, "cooperation/partner/home.html", context)


def _own(state, scope):
    """The user's own organization's mark in a meeting's sign-off."""
    if state is None:
        return None
    return next((o for o in state.organizations if o.organization_id == scope.organization_id), None)


@login_required
def partner_meeting(request, pk):
    """One meeting's record as the partner sees it, with the forms to confirm it or dispute a part of it."""
    scope = _scope_or_403(request)
    if pk not in scope.meetings:
        raise Http404(_("No meeting of your organization has this number."))
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_participants(signoff=True), pk=pk)
    raisings = Raising.objects.visible_to(request.user).filter(meeting=meeting).select_related("proposal", "raised_by")
    confirm_form = ConfirmForm(prefix="confirm")
    dispute_form = DisputeForm(prefix="dispute", raisings=raisings)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            confirm_form = ConfirmForm(request.POST, prefix="confirm")
            form = confirm_form
        elif action == "dispute":
            dispute_form = DisputeForm(request.POST, prefix="dispute", raisings=raisings)
            form = dispute_form
        else:
            messages.error(request, _("Choose whether you confirm the record or dispute a part of it."))
            return redirect("cooperation:partner-meeting", pk=pk)
        if form.is_valid():
            try:
                form.save(meeting, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if action == "confirm":
                    messages.success(request, _("You confirmed the record of this meeting."))
                else:
                    messages.success(request, _("Your dispute was sent to the staff; their answer will appear here."))
                return redirect("cooperation:partner-meeting", pk=pk)
    state = signoff.signoffs_from(meeting.participations.all(), {meeting.pk: meeting.version}).get(meeting.pk)
    context = {
        "meeting": meeting,
        "raisings": [(r, state.statement(r) if state else None) for r in raisings],
        "signoff": state,
        "own": _own(state, scope),
        "responses": signoff.history(meeting, scope.organization_id),
        "confirm_form": confirm_form,
        "dispute_form": dispute_form,
    }
    return render(request, "cooperation/partner/meeting.html", context)


def invitation(request, token):
    """The e-mailed link: choose a user name and a password; it works once, until it expires."""
    found = signoff.open_invitation(token)
    if found is None:
        return render(request, "cooperation/partner/invitation_gone.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"username": found.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = signoff.accept_invitation(token, form.cleaned_data["username"], form.cleaned_data["password1"])
        except signoff.SignOffError:
            return render(request, "cooperation/partner/invitation_gone.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect("cooperation:partner")
    return render(request, "cooperation/partner/invitation.html", {"invitation": found, "form": form})


def _staff_only(request):
    """Disputes quote what partners wrote to staff: for staff accounts, whatever their permissions elsewhere."""
    if not sees_everything(request.user):
        raise PermissionDenied


@login_required
@permission_required(VIEW_RESPONSES, raise_exception=True)
def disputes(request):
    """Staff's list: the disputes still standing, each with its answers and a form to answer it."""
    _staff_only(request)
    context = {
        "disputes": [(d, AnswerForm(prefix=f"answer-{d.pk}")) for d in signoff.open_disputes()],
        "may_answer": request.user.has_perm(ANSWER),
    }
    return render(request, "cooperation/manage/disputes.html", context)


@require_POST
@login_required
@permission_required(ANSWER, raise_exception=True)
def answer_dispute(request, pk):
    _staff_only(request)
    response = get_object_or_404(MeetingResponse.objects.filter(kind=MeetingResponse.Kind.DISPUTE), pk=pk)
    form = AnswerForm(request.POST, prefix=f"answer-{pk}")
    if form.is_valid():
        form.save(response, request.user)
        messages.success(request, _("Your answer was recorded."))
    else:
        messages.error(request, _("The answer was not recorded: write the answer the partner will read."))
    return redirect("cooperation:manage-disputes")
