from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cooperation.models import Meeting, Proposal
from cooperation.services import IllegalTransition, change_status


class StatusChangeForm(forms.Form):
    """A status change with its note: the one form the managers' page and the admin both use.

    Offers only the statuses legal from the current one and the meetings `user` may see at which the
    proposal was raised; `expected` catches stale pages. `save()` hands the change to the workflow
    service, so the transition rules are checked in one place.
    """

    to = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            _("Required for: {statuses}."),
            statuses=lazy(
                lambda: ", ".join(
                    str(Proposal.Status(s).label) for s in Proposal.Status if s in Proposal.NOTE_REQUIRED
                ),
                str,
            )(),
        ),
    )
    note_is_public = forms.BooleanField(
        label=_("Publish the note on the public proposal page"),
        required=False,
        help_text=_("Ticked, anyone can read the note word for word. Left empty, only staff see it."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Decided at meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("None")
    )
    expected = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, proposal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["to"].choices = [
            (status, Proposal.Status(status).label) for status in Proposal.allowed_transitions(proposal.status)
        ]
        self.fields["meeting"].queryset = (
            Meeting.objects.visible_to(user).filter(raisings__proposal=proposal).distinct()
        )
        self.fields["expected"].initial = proposal.status

    def save(self, *, by):
        """The recorded change, or None with the reason added to the form's errors; nothing is saved then."""
        if not self.is_valid():
            return None
        try:
            return change_status(
                self.proposal,
                to=self.cleaned_data["to"],
                by=by,
                note=self.cleaned_data["note"],
                note_is_public=self.cleaned_data["note_is_public"],
                meeting=self.cleaned_data["meeting"],
                expected=self.cleaned_data["expected"],
            )
        except IllegalTransition as exc:
            self.add_error(None, exc)
            return None
