"""The forms of partner sign-off: a partner's confirmation or dispute, staff's answer, an invitation and its use.

Each form's `save()` hands its data to cooperation.signoff, where the rules are.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cooperation import signoff
from cooperation.models import Organization
from cooperation.models.partners import MeetingResponse


class ConfirmForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def save(self, meeting, user):
        return signoff.confirm(meeting, user, self.cleaned_data["comment"])


class DisputeForm(forms.Form):
    part = forms.ChoiceField(label=_("Which part is wrong"), choices=MeetingResponse.Part.choices)
    raising = forms.ModelChoiceField(
        label=_("Which statement"),
        queryset=None,
        required=False,
        empty_label=_("(not a statement)"),
        help_text=_("When you dispute what your side said, choose the statement."),
    )
    comment = forms.CharField(label=_("What is wrong"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, raisings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raising"].queryset = raisings
        self.fields["raising"].label_from_instance = lambda r: f"{r.raised_by or '—'}: {r.proposal}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("raising") and cleaned.get("part") != MeetingResponse.Part.STATEMENT:
            raise ValidationError({"raising": _("A statement is chosen only when disputing what your side said.")})
        return cleaned

    def save(self, meeting, user):
        data = self.cleaned_data
        return signoff.dispute(meeting, user, data["part"], data["comment"], data["raising"])


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    corrected = forms.BooleanField(label=_("The record was corrected"), required=False)

    def save(self, response, user):
        return signoff.answer(response, user, self.cleaned_data["text"], self.cleaned_data["corrected"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.all())
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()

    def save(self, user):
        data = self.cleaned_data
        try:
            return signoff.invite(data["email"], data["organization"], user, data["language"])
        except signoff.SignOffError as error:
            self.add_error("email", str(error))
            return None


class AcceptInvitationForm(UserCreationForm):
    """A user name and a password that meets the project's password rules (AUTH_PASSWORD_VALIDATORS)."""

    class Meta(UserCreationForm.Meta):
        fields = ["username"]
