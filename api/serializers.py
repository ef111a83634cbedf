"""What the API returns: the records as the pages show them, each text with the language it is in.

Related records come only as the view has prefetched them through `visible_to(user)`; a serializer
never follows a relation on its own, so it cannot reach what the caller may not see.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.content import in_language
from cooperation.models import Meeting, Official, Organization, Proposal, Sector
from trade.models import DataSource, Economy


class InLanguage(serializers.Field):
    """A text kept per language, in the language asked for: {"text", "language"}; where that language
    has no text of its own, the original and the language it is in."""

    def __init__(self, field=None, **kwargs):
        self.content_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        text, language = in_language(record, self.content_field or self.field_name)
        return {"text": text, "language": language}


extend_schema_field(
    {
        "type": "object",
        "properties": {"text": {"type": "string"}, "language": {"type": "string", "enum": ["en", "kk", "ru", "az"]}},
        "required": ["text", "language"],
    }
)(InLanguage)


class EconomySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Economy
        fields = ["code", "alpha3", "name", "kind", "parent"]


class SectorSerializer(serializers.ModelSerializer):
    name = InLanguage()
    description = InLanguage()
    product_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Sector
        fields = ["slug", "name", "description", "product_groups"]


class OrganizationSerializer(serializers.ModelSerializer):
    name = InLanguage()
    short_name = InLanguage()
    economy = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "economy", "website"]


class PositionSerializer(serializers.Serializer):
    title = InLanguage()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.SerializerMethodField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)

    def get_organization_name(self, position) -> str:
        return in_language(position.organization, "name")[0]


class OfficialSerializer(serializers.ModelSerializer):
    economy = serializers.SlugRelatedField(slug_field="code", read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Official
        fields = ["slug", "full_name", "name_native", "name_native_language", "economy", "positions", "url"]

    def get_url(self, official) -> str:
        return page_url(self, "cooperation:official", official.slug)


class DataSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataSource
        fields = ["id", "publisher", "title", "kind", "url", "published_on", "retrieved_on", "notes"]


def page_url(serializer, name, *args):
    """A record's page as an absolute address, the URL pattern reversed once per response, not per row."""
    placeholders = [f"90909090{i}" if isinstance(arg, int) else f"__{i}__" for i, arg in enumerate(args)]
    cache = serializer.context.setdefault("page_urls", {})
    if name not in cache:
        cache[name] = serializer.context["request"].build_absolute_uri(reverse(name, args=placeholders))
    url = cache[name]
    for placeholder, arg in zip(placeholders, args, strict=True):
        url = url.replace(placeholder, str(arg))
    return url


def status_label(serializer, status) -> str:
    labels = serializer.context.setdefault("status_labels", {})
    if status not in labels:
        labels[status] = str(Proposal.Status(status).label)
    return labels[status]


def column(model, name, field_class, **kwargs):
    """A read-only field declared from the model's column, with its label, help text, choices, length and
    whether it may be null: declared once with the class, not read from the model again for every response
    as a ModelSerializer does."""
    model_field = model._meta.get_field(name)
    kwargs.setdefault("allow_null", model_field.null)
    if model_field.choices:
        kwargs["choices"] = model_field.choices
    if model_field.max_length and issubclass(field_class, serializers.CharField):
        kwargs.setdefault("max_length", model_field.max_length)
    if model_field.help_text:
        kwargs.setdefault("help_text", model_field.help_text)
    if field_class is serializers.DateTimeField:  # the site's zone (no request chooses another), not looked up per row
        kwargs.setdefault("default_timezone", timezone.get_default_timezone())
    return field_class(read_only=True, label=capfirst(model_field.verbose_name), **kwargs)


def code_of(relation, code, source):
    """A related record's code (`code`, a field of the model `relation` points to), which the view reads as a
    column of the row (an annotation) rather than a model; labelled as the relation, described as the code."""
    target = relation.related_model._meta.get_field(code)
    return serializers.CharField(
        source=source,
        read_only=True,
        allow_null=relation.null,
        label=capfirst(relation.verbose_name),
        help_text=target.help_text or None,
    )


class ProposalSerializer(serializers.ModelSerializer):
    slug = column(Proposal, "slug", serializers.SlugField)
    title = InLanguage()
    status = column(Proposal, "status", serializers.ChoiceField)
    status_label = serializers.SerializerMethodField()
    status_changed_at = column(Proposal, "status_changed_at", serializers.DateTimeField)
    sector = code_of(Proposal.sector.field, "slug", "sector_slug")
    from_economy = code_of(Proposal.from_economy.field, "code", "from_economy_code")
    to_economy = code_of(Proposal.to_economy.field, "code", "to_economy_code")
    visibility = column(Proposal, "visibility", serializers.ChoiceField)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "slug", "title", "status", "status_label", "status_changed_at", "sector", "from_economy", "to_economy",
            "visibility", "url",
        ]  # fmt: skip

    def get_url(self, proposal) -> str:
        return page_url(self, "cooperation:proposal", proposal.slug)

    def get_status_label(self, proposal) -> str:
        return status_label(self, proposal.status)


class RaisedAtSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting_id")
    date = serializers.DateField(source="meeting.date")
    title = serializers.SerializerMethodField()
    raised_by = serializers.CharField(source="raised_by_slug", allow_null=True)

    def get_title(self, raising) -> str:
        return in_language(raising.meeting, "title")[0]


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    changed_at = serializers.DateTimeField()
    note = serializers.CharField(source="shown_note")
    meeting = serializers.SerializerMethodField()

    def get_meeting(self, change) -> int | None:
        return change.meeting.pk if change.meeting else None  # only a meeting the caller may see is attached


class FollowUpSerializer(serializers.Serializer):
    action = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class CommercialDetailSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.SerializerMethodField()
    value = serializers.CharField()
    private = serializers.BooleanField()

    def get_label(self, detail) -> str:
        return detail.get_kind_display()


class CorridorTargetSerializer(serializers.Serializer):
    place = serializers.CharField(source="place.code")
    measure = serializers.CharField()
    direction = serializers.CharField()
    counterpart = serializers.CharField(source="counterpart.code", allow_null=True, default=None)


class ProposalDetailSerializer(ProposalSerializer):
    summary = InLanguage()
    proposed_by = serializers.CharField(source="proposed_by_slug", read_only=True, allow_null=True)
    target_product_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    raised_at = RaisedAtSerializer(source="visible_raisings", many=True, read_only=True)
    status_history = StatusChangeSerializer(source="visible_changes", many=True, read_only=True)
    follow_ups = FollowUpSerializer(source="visible_follow_ups", many=True, read_only=True)
    # Only the details the caller may see: a visitor's token never brings a private one.
    commercial_details = CommercialDetailSerializer(source="visible_details", many=True, read_only=True)
    # The corridor measures it names itself (its sector's, when it names none, are on the sector's proposals' pages).
    corridor_measures = CorridorTargetSerializer(source="corridor_targets", many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [
            *ProposalSerializer.Meta.fields, "summary", "proposed_by", "baseline_year", "target_direction",
            "target_product_groups", "raised_at", "status_history", "follow_ups", "commercial_details",
            "corridor_measures",
        ]  # fmt: skip


class ParticipantSerializer(serializers.Serializer):
    official = serializers.CharField(source="official.slug")
    name = serializers.CharField(source="official.full_name")
    side = serializers.CharField()
    post = serializers.SerializerMethodField()

    def get_post(self, participation) -> str:
        """The post held on the day of the meeting, as recorded with the participation."""
        return in_language(participation.position, "title")[0] if participation.position else ""


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    date = column(Meeting, "date", serializers.DateField)
    date_is_reported = column(Meeting, "date_is_reported", serializers.BooleanField)
    title = InLanguage()
    place = InLanguage()
    kind = column(Meeting, "kind", serializers.ChoiceField)
    visibility = column(Meeting, "visibility", serializers.ChoiceField)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "date", "date_is_reported", "title", "place", "kind", "visibility", "url"]

    def get_url(self, meeting) -> str:
        return page_url(self, "cooperation:meeting", meeting.pk)


class MeetingDetailSerializer(MeetingSerializer):
    summary = InLanguage()
    participants = ParticipantSerializer(source="participations", many=True, read_only=True)
    proposals = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "summary", "source_title", "source_url", "participants", "proposals"]

    def get_proposals(self, meeting) -> list[str]:
        return [raising.proposal.slug for raising in meeting.visible_raisings]
