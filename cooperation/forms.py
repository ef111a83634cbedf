from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import Meeting, Proposal
from cooperation.services import IllegalTransition, check_transition


class StatusChangeForm(forms.Form):
    """Offers only the statuses legal from the current one; `expected` catches stale pages."""

    to = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when putting on hold, declining, withdrawing or completing."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Decided at meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("None")
    )
    expected = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["to"].choices = [
            (status, Proposal.Status(status).label) for status in Proposal.allowed_transitions(proposal.status)
        ]
        self.fields["meeting"].queryset = proposal.meetings.order_by("-date")
        self.fields["expected"].initial = proposal.status

    def clean(self):
        cleaned = super().clean()
        if "to" in cleaned:
            try:
                check_transition(current=cleaned.get("expected"), to=cleaned["to"], note=cleaned.get("note"))
            except IllegalTransition as exc:
                raise forms.ValidationError(exc.messages) from None
        return cleaned
