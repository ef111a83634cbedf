from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.models import Sector
from notifications.models import Profile
from notifications.services import is_manager


class SettingsForm(forms.ModelForm):
    """A user's own settings on "My work": their address, language and what they want to receive."""

    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False, max_length=254)

    class Meta:
        model = Profile
        fields = ["email", "language", "reminders", "digest", "notices", "sectors"]
        widgets = {"sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].initial = user.email
        if not is_manager(user):
            del self.fields["sectors"]
            del self.fields["digest"]
        else:
            # Only sectors the user may see named; those set for them in the admin stay as they are.
            self.fields["sectors"].queryset = Sector.objects.visible_to(user).order_by("name")
            self.hidden_sectors = (
                list(self.instance.sectors.exclude(pk__in=self.fields["sectors"].queryset)) if self.instance.pk else []
            )

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.user = self.user
        address = self.cleaned_data["email"]
        if address != self.user.email:
            # The account's own table keeps no history: the change is recorded in the settings' history.
            profile._change_reason = _("E-mail address changed from “%(old)s” to “%(new)s”") % {
                "old": self.user.email,
                "new": address,
            }
            self.user.email = address
            self.user.save(update_fields=["email"])
        profile.save()
        self.save_m2m()
        if "sectors" in self.fields and self.hidden_sectors:
            profile.sectors.add(*self.hidden_sectors)
        return profile
