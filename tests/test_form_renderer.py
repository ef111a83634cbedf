"""The Python-written widget templates print exactly what Django's own templates print."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminTextareaWidget,
    AdminTextInputWidget,
)
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from common.form_renderer import FAST, FastWidgetRenderer
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    ParticipationFactory,
    ProposalFactory,
    RaisingFactory,
    SuperuserFactory,
)

STOCK, FAST_RENDERER = DjangoTemplates(), FastWidgetRenderer()
LANGUAGES = ["en", "kk", "ru", "az"]
TOKEN = re.compile(r'(?<=name="csrfmiddlewaretoken" value=")[^"]+|(?<=nonce=")[^"]+')

ODD = 'Tom & "Jerry" <b>\'s</b>'
WIDGETS = [
    (forms.TextInput(), "q", ODD),
    (forms.TextInput(attrs={"placeholder": ODD, "required": True, "disabled": False, "maxlength": 20}), "q", ""),
    (forms.TextInput(), "q", None),
    (forms.TextInput(), "q", mark_safe("<i>safe</i>")),  # noqa: S308 - the case of a value already safe
    (forms.NumberInput(attrs={"step": Decimal("0.01")}), "n", Decimal("1234.50")),
    (forms.NumberInput(), "n", 0),
    (forms.EmailInput(), "e", "a@b.kz"),
    (forms.URLInput(), "u", "https://example.org/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "p", "s3cret"),
    (forms.HiddenInput(), "id", 42),
    (forms.HiddenInput(attrs={"id": "x"}), "version", ""),
    (forms.CheckboxInput(), "c", True),
    (forms.CheckboxInput(), "c", False),
    (forms.CheckboxInput(attrs={"class": ODD}), "c", "on"),
    (forms.DateInput(), "d", datetime.date(2025, 5, 1)),
    (forms.TimeInput(), "t", datetime.time(9, 30)),
    (forms.DateTimeInput(), "dt", datetime.datetime(2025, 5, 1, 9, 30)),
    (forms.Textarea(), "s", ODD),
    (forms.Textarea(), "s", "\nfirst line kept\n"),
    (forms.Textarea(attrs={"rows": 3}), "s", ""),
    (forms.Textarea(), "s", None),
    (AdminTextareaWidget(), "s", "Қазақша мәтін"),
    (AdminTextInputWidget(), "t", "Azərbaycan"),
    (forms.Select(choices=[("", "---------"), ("a", ODD), (1, 2024), ("b", gettext_lazy("Meetings"))]), "s", "a"),
    (forms.Select(choices=[("x", "X")]), "s", None),
    (forms.Select(choices=[("Group " + ODD, [("1", "one"), ("2", "two")]), ("3", "three")]), "s", "2"),
    (forms.SelectMultiple(choices=[(1, "one"), (2, "two"), (3, "three")]), "m", [1, 3]),
    (forms.NullBooleanSelect(), "nb", True),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("widget", "name", "value"), WIDGETS, ids=lambda x: type(x).__name__ if x else repr(x))
def test_each_widget_prints_as_djangos_template_does(language, widget, name, value):
    with translation.override(language):
        stock = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=STOCK)
        fast = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=FAST_RENDERER)
    assert fast == stock
    assert widget.template_name in FAST  # written out, not handed back to the template


class LabelForm(forms.Form):
    plain = forms.CharField(label=ODD)
    optional = forms.CharField(label=gettext_lazy("Meetings"), required=False)
    asked = forms.CharField(label="Due?")
    hidden = forms.CharField(widget=forms.HiddenInput)
    nameless = forms.CharField(label="", required=False)
    number = forms.IntegerField(label="2025")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_field_labels_print_as_djangos_template_does(language, auto_id):
    class Required(LabelForm):
        required_css_class = "required"

    for form_class in (LabelForm, Required):
        with translation.override(language):
            stock = form_class(auto_id=auto_id, renderer=STOCK)
            fast = form_class(auto_id=auto_id, renderer=FAST_RENDERER)
            for name in stock.fields:
                for kwargs in ({}, {"attrs": {"class": ODD, "hidden": True}}, {"tag": "legend"}, {"label_suffix": "!"}):
                    assert fast[name].label_tag(**kwargs) == stock[name].label_tag(**kwargs), (name, kwargs)
                assert fast[name].legend_tag() == stock[name].legend_tag()


def test_a_widget_written_in_no_python_is_rendered_by_its_template():
    widget = AdminDateWidget()
    assert widget.template_name not in FAST
    assert widget.render("d", datetime.date(2025, 5, 1), renderer=FAST_RENDERER) == widget.render(
        "d", datetime.date(2025, 5, 1), renderer=STOCK
    )


def test_a_select_whose_options_use_another_template_is_rendered_by_its_template():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("s", "a", renderer=FAST_RENDERER) == widget.render("s", "a", renderer=STOCK)


def test_the_project_renders_forms_with_it(settings):
    assert settings.FORM_RENDERER == "common.form_renderer.FastWidgetRenderer"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_admin_forms_are_the_same_with_either_renderer(settings, language):
    meeting = MeetingFactory()
    ParticipationFactory.create_batch(2, meeting=meeting)
    proposal = ProposalFactory()
    RaisingFactory(meeting=meeting, proposal=proposal, statement=ODD)
    FollowUpFactory(proposal=proposal, action=ODD)
    client = Client()
    client.force_login(SuperuserFactory())
    pages = [
        reverse("admin:cooperation_meeting_change", args=[meeting.pk]),
        reverse("admin:cooperation_proposal_change", args=[proposal.pk]),
        reverse("admin:cooperation_meeting_add"),
        reverse("admin:cooperation_proposal_changelist"),
        reverse("cooperation:proposals"),
        reverse("cooperation:manage-proposals"),
    ]
    rendered = {}
    for renderer in ("django.forms.renderers.DjangoTemplates", "common.form_renderer.FastWidgetRenderer"):
        settings.FORM_RENDERER = renderer
        rendered[renderer] = []
        for url in pages:
            response = client.get(url if language == "en" else f"/{language}{url}")
            assert response.status_code == 200, url
            # A form token is drawn anew for every response; everything else must be the same.
            rendered[renderer].append(TOKEN.sub("", response.text))
    stock, fast = rendered.values()
    for url, a, b in zip(pages, stock, fast, strict=True):
        assert a == b, url


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "errors",
    [
        ErrorList(),
        ErrorList([ODD, ValidationError("Enter a valid date.")], field_id="id_due_on"),
        ErrorList([gettext_lazy("Meetings")], error_class="nonfield"),
        ErrorList([mark_safe("<i>safe</i>")]),  # noqa: S308 - the case of a message already safe
    ],
)
def test_error_lists_print_as_djangos_template_does(language, errors):
    with translation.override(language):
        stock = ErrorList(errors.data, error_class=errors.error_class.split()[-1], renderer=STOCK,
                          field_id=errors.field_id)  # fmt: skip
        fast = ErrorList(errors.data, error_class=errors.error_class.split()[-1], renderer=FAST_RENDERER,
                         field_id=errors.field_id)  # fmt: skip
        assert fast.as_ul() == stock.as_ul()
        assert str(fast) == str(stock)
    assert ErrorList.template_name_ul in FAST
