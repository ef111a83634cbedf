"""The seed story: the June 2024 meeting in Aktau, its people, proposals and figures.

Loaded by `manage.py load_demo` through the same services and importer that
staff data goes through. Every write is keyed on a natural key, so loading
twice changes nothing.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cooperation.demo import translations
from cooperation.models import (
    CorridorTarget,
    Meeting,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    Raising,
    Sector,
    Visibility,
)
from cooperation.names import name_key
from cooperation.services import record_initial_status
from trade.importers import import_file
from trade.models import Economy, Place, ProductGroup

FIGURES = Path(__file__).resolve().parent / "trade_figures.csv"
# The ports' figures, each from the report that printed it (PortNews, Trend News Agency, MENAFN).
CORRIDOR_FIGURES = Path(__file__).resolve().parent / "corridor_figures.csv"
# The corridor measures the maritime proposal is meant to move: (place, measure), those with figures.
CORRIDOR_TARGETS = {
    "caspian-cargo-fleet": [
        ("AKTAU", "cargo"),
        ("AKTAU", "containers"),
        ("KURYK", "cargo"),
        ("BAKU", "containers"),
    ]
}
REPORTED_ON = datetime.date(2024, 6, 7)
SOURCE = "Trend News Agency, 7 June 2024"

HEAD = "nurdaulet-kilybay"
CONSUL = "elchin-mammadov"

ORGANIZATIONS = [
    ("Akimat of Mangystau Region", "Mangystau akimat", Organization.Kind.AKIMAT, "KZ-47"),
    (
        "Consulate General of the Republic of Azerbaijan in Aktau",
        "Consulate General",
        Organization.Kind.CONSULATE,
        "AZ",
    ),
    ("Azerbaijan Caspian Shipping Company", "ASCO", Organization.Kind.STATE_COMPANY, "AZ"),
    ("KazMorTransFlot", "KMTF", Organization.Kind.STATE_COMPANY, "KZ"),
]

OFFICIALS = [
    (HEAD, "Nurdaulet Kilybay", "KZ-47", "Akim (head) of Mangystau Region", "Akimat of Mangystau Region"),
    (
        CONSUL,
        "Elchin Mammadov",
        "AZ",
        "Consul General of Azerbaijan in Aktau",
        "Consulate General of the Republic of Azerbaijan in Aktau",
    ),
]

# Each official's name in their own language, and other spellings found in the news.
NAMES = {
    HEAD: ("Нұрдәулет Қилыбай", Official.NameLanguage.KAZAKH, ["Нурдаулет Килыбай"]),
    CONSUL: ("Elçin Məmmədov", Official.NameLanguage.AZERBAIJANI, ["Эльчин Мамедов", "Elchin Mamedov"]),
}

MEETING = {
    "title": "Head of Mangystau Region meets Azerbaijan's Consul General in Aktau",
    "place": "Aktau",
    "summary": (
        "Nurdaulet Kilybay, head of the Mangystau region, proposed to Azerbaijan's Consul General in Aktau, "
        "Elchin Mammadov, that Azerbaijani companies supply more food and consumer goods, above all fruit, "
        "and construction materials to the region, that tourism ties be strengthened, and that joint projects "
        "be started by mutual agreement rather than waiting for high-level meetings. The Consul General "
        "answered that the state maritime companies of both countries have already enlarged their cargo fleet, "
        "and named construction materials, textiles, agricultural products, food exchange, mutual investment, "
        "joint production and tourism as ways to raise trade, and the events of Aktau 2025, capital of the "
        "Turkic world, as an occasion for closer cooperation."
    ),
}

QUOTES = {
    "food": {
        HEAD: (
            "As you know, the Mangystau region lacks a variety of fruit and vegetable products, mostly relying on "
            "imports. Hence, I suggest that companies in Azerbaijan explore the opportunity to enhance the supply "
            "of food and consumer goods, particularly fruits and construction materials, to our region."
        ),
        CONSUL: "...as well as the exchange of food items... can substantially boost trade volume.",
    },
    "construction": {
        HEAD: "...enhance the supply of food and consumer goods, particularly fruits and construction materials, "
        "to our region.",
        CONSUL: "We believe that construction materials, textiles, and agricultural products from both countries... "
        "can substantially boost trade volume.",
    },
    "tourism": {
        HEAD: "Additionally, we should bolster tourism ties between Azerbaijan and the Mangystau region.",
        CONSUL: "There are promising prospects for enhancing tourism cooperation between our nations.",
    },
    "joint-projects": {
        HEAD: "Instead of waiting for high-level official meetings, let's initiate joint projects and foster "
        "bilateral relations through mutual agreement.",
        CONSUL: "The Consulate General has a keen interest in fostering joint projects to reinforce the fraternal "
        "ties between the two peoples.",
    },
    "textiles": {CONSUL: "...construction materials, textiles, and agricultural products from both countries..."},
    "agriculture": {CONSUL: "...construction materials, textiles, and agricultural products from both countries..."},
    "investment": {CONSUL: "...mutual investments, and joint productions, can substantially boost trade volume."},
    "aktau-2025": {
        CONSUL: "It's worth noting that in 2025, the city of Aktau will be designated as the capital of the Turkic "
        "world. Numerous events and official visits from delegations from Turkic-speaking countries are "
        "anticipated. This presents an opportunity for us to further strengthen our close cooperation."
    },
    "cargo-fleet": {
        CONSUL: "Collaboratively, the state maritime companies of Azerbaijan and Kazakhstan have augmented the "
        "fleet of vessels for cargo transportation."
    },
}

# key, slug, title, sector, first proposer, flow, product groups (empty: the sector's), status
PROPOSALS = [
    (
        "food",
        "food-and-fruit-supply-from-azerbaijan",
        "More food and consumer goods, above all fruit and vegetables, from Azerbaijan",
        "food-supply",
        HEAD,
        Proposal.Direction.IMPORT,
        ["07", "08"],
        Proposal.Status.PROPOSED,
    ),
    (
        "construction",
        "construction-materials-trade",
        "Trade in construction materials",
        "construction-materials",
        HEAD,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "tourism",
        "tourism-ties",
        "Stronger tourism ties between Azerbaijan and Mangystau",
        "tourism",
        HEAD,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "joint-projects",
        "joint-projects-by-mutual-agreement",
        "Joint projects by mutual agreement, without waiting for high-level meetings",
        "investment",
        HEAD,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "textiles",
        "textiles-trade",
        "Trade in textiles",
        "textiles",
        CONSUL,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "agriculture",
        "agricultural-products-trade",
        "Trade in agricultural products",
        "agriculture",
        CONSUL,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "investment",
        "mutual-investment-and-joint-production",
        "Mutual investment and joint production",
        "investment",
        CONSUL,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "aktau-2025",
        "aktau-2025-capital-of-the-turkic-world",
        "Events and delegations for Aktau 2025, capital of the Turkic world",
        "events-culture",
        CONSUL,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.PROPOSED,
    ),
    (
        "cargo-fleet",
        "caspian-cargo-fleet",
        "Larger cargo fleet of the two state maritime companies",
        "maritime-transport",
        CONSUL,
        Proposal.Direction.TURNOVER,
        [],
        Proposal.Status.IN_IMPLEMENTATION,
    ),
]

SUMMARIES = {
    "food": "Azerbaijani companies to supply more food and consumer goods to the Mangystau region, which lacks a "
    "variety of fruit and vegetables and relies mostly on imports.",
    "construction": "Construction materials from Azerbaijani companies for the region, and trade in them both ways.",
    "tourism": "Stronger tourism ties between Azerbaijan and the Mangystau region.",
    "joint-projects": "Start joint projects and bilateral ties by mutual agreement, without waiting for "
    "high-level official meetings.",
    "textiles": "Trade in textiles between the two countries, to raise trade volume.",
    "agriculture": "Trade in agricultural products between the two countries, to raise trade volume.",
    "investment": "Mutual investment and joint production, to raise trade volume.",
    "aktau-2025": "In 2025 Aktau is the capital of the Turkic world: events and official visits of delegations "
    "from Turkic-speaking countries are an occasion for closer cooperation.",
    "cargo-fleet": "The state maritime companies of Azerbaijan and Kazakhstan have together enlarged their fleet "
    "of cargo vessels; reported as already done at the meeting.",
}


def upsert(model, lookup, defaults, create_defaults=None):
    """The record `lookup` finds, with `defaults` written only where they differ: (record, created).

    Unlike `update_or_create`, an unchanged record is not saved again, so a second load writes no
    row and no empty history entry.
    """
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**{**(defaults if create_defaults is None else create_defaults), **lookup}), True
    changed = [name for name, value in defaults.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, defaults[name])
    if changed:
        record.save(update_fields=changed)
    return record, False


def set_exactly(manager, records):
    """Set a many-to-many relation to `records`, touching it only if it differs."""
    if set(manager.all()) != set(records):
        manager.set(records)


@transaction.atomic
def load_demo():
    """Load the seed story; returns the trade import's result."""
    economies = {code: Economy.objects.ensure(code) for code in ("KZ", "AZ", "KZ-47")}
    economies["KZ-47"], _ = upsert(Economy, {"code": "KZ-47"}, {"name": "Mangystau Region"})

    organizations = {}
    for name, short_name, kind, economy in ORGANIZATIONS:
        organizations[name], _ = upsert(
            Organization,
            {"name_en": name, "economy": economies[economy]},
            {
                **translations.in_languages(
                    {"short_name": short_name}, translations.ORGANIZATIONS[name], "name", "short_name"
                ),
                "kind": kind,
            },
        )

    officials, posts = {}, {}
    for slug, full_name, economy, title, organization in OFFICIALS:
        native, language, others = NAMES[slug]
        other_spellings = "\n".join(others)
        officials[slug], _ = upsert(
            Official,
            {"slug": slug},
            {
                "full_name": full_name,
                "name_native": native,
                "name_native_language": language,
                "other_spellings": other_spellings,
                "name_key": name_key(full_name, native, other_spellings),
                "economy": economies[economy],
            },
        )
        posts[slug], _ = upsert(
            Position,
            {
                "official": officials[slug],
                "title_en": title,
                "organization": organizations[organization],
                "start": None,
            },
            translations.in_languages({}, translations.POSTS[slug], "title"),
        )

    meeting, _ = upsert(
        Meeting,
        {"title_en": MEETING["title"], "date": REPORTED_ON},
        {
            **translations.in_languages(MEETING, translations.MEETING, "title", "place", "summary"),
            "date_is_reported": True,
            "kind": Meeting.Kind.MEETING,
            "source_title": SOURCE,
            "visibility": Visibility.PUBLIC,
        },
    )
    for slug, side in ((HEAD, Participation.Side.HOST), (CONSUL, Participation.Side.PARTNER)):
        participation = Participation(meeting=meeting, official=officials[slug], side=side)
        participation.assign_post(meeting.date)
        upsert(
            Participation,
            {"meeting": meeting, "official": officials[slug]},
            {"side": side, "position": participation.position},
        )

    reported_at = timezone.make_aware(datetime.datetime.combine(REPORTED_ON, datetime.time(12)))
    for key, slug, title, sector, proposer, direction, groups, status in PROPOSALS:
        fields = {
            **translations.in_languages(
                {"title": title, "summary": SUMMARIES[key]}, translations.PROPOSALS[key], "title", "summary"
            ),
            "sector": Sector.objects.get(slug=sector),
            "proposed_by": officials[proposer],
            "from_economy": economies["KZ-47"],
            "to_economy": economies["AZ"],
            "target_direction": direction,
            "baseline_year": 2023,
            "visibility": Visibility.PUBLIC,
        }
        proposal, created = upsert(
            Proposal,
            {"slug": slug},
            fields,
            create_defaults={**fields, "status": status, "status_changed_at": reported_at},
        )
        set_exactly(proposal.target_product_groups, ProductGroup.objects.filter(code__in=groups))
        if created:
            record_initial_status(
                proposal, by=None, note=f"As reported by {SOURCE}.", note_is_public=True, when=reported_at
            )
        for speaker, statement in QUOTES[key].items():
            upsert(
                Raising,
                {"meeting": meeting, "proposal": proposal, "raised_by": officials[speaker]},
                {"statement": statement, "statement_language": "en"},  # as Trend reported it, in English
            )

    for code, (kind, economy_codes, name, names) in translations.PLACES.items():
        place, _ = upsert(
            Place, {"code": code}, {**translations.in_languages({"name": name}, names, "name"), "kind": kind}
        )
        set_exactly(place.economies, [economies[c] for c in economy_codes])
    for slug, targets in CORRIDOR_TARGETS.items():
        proposal = Proposal.objects.get(slug=slug)
        for position, (code, measure) in enumerate(targets):
            upsert(
                CorridorTarget,
                {"proposal": proposal, "place": Place.objects.get(code=code), "measure": measure},
                {"position": position},
            )

    result = import_file(FIGURES)
    corridor = import_file(CORRIDOR_FIGURES)
    if not corridor.ok:  # the demo's own file: a problem in it is a bug, not bad input
        raise ValueError(corridor.errors)
    return result
