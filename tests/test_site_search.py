"""One search box: every kind of record, ranked, in any language and script, never what the viewer may not see."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from cooperation import search_index
from cooperation.models import Meeting, Official, Proposal, SearchDocument, SearchKind, SearchQueue, Sector
from tests.factories import (
    DataSourceFactory,
    DraftProposalFactory,
    InternalMeetingFactory,
    MeetingFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
    ProposalFactory,
    RaisingFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
URL = "/search/"


def found(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return re.findall(r'class="result-title"><a href="([^"]*)">([^<]*)<', response.content.decode())


def titles(client, q, **params):
    return [title.replace("&#x27;", "'") for _url, title in found(client, q, **params)]


def test_finds_the_seed_story_in_every_language_and_case(client, demo):
    fruit = "More food and consumer goods, above all fruit and vegetables, from Azerbaijan"
    assert fruit in titles(client, "FRUIT vegetables")
    assert fruit in titles(client, "жеміс")  # Kazakh: fruit
    assert fruit in titles(client, "ФРУКТ")  # Russian, upper case
    assert fruit in titles(client, "meyvə")  # Azerbaijani
    assert fruit in titles(client, "meyve")  # ...without its letters
    aktau = titles(client, "Aktau")
    assert aktau == titles(client, "aKtAu")
    assert any("Consul General" in t for t in titles(client, "актау"))


def test_names_in_any_script_and_spelling(client, demo):
    assert "Nurdaulet Kilybay" in titles(client, "Килыбай")
    assert "Nurdaulet Kilybay" in titles(client, "kilybay")
    assert "Elchin Mammadov" in titles(client, "Mamedov")
    assert "Elchin Mammadov" in titles(client, "Məmmədov")


def test_results_show_kind_date_and_a_marked_snippet(client, demo):
    response = client.get(URL, {"q": "vegetables"})
    html = response.content.decode()
    assert "<mark>vegetables</mark>" in html
    assert "Proposals" in html  # the kind, and the filter by kind
    link = reverse("cooperation:proposal", args=["food-and-fruit-supply-from-azerbaijan"])
    assert link in html


def test_filter_by_kind_and_counts(client, demo):
    response = client.get(URL, {"q": "Aktau"})
    counts = {value: count for value, _label, count, _url in response.context["counts"]}
    assert counts["official"] >= 1
    assert counts["meeting"] >= 1
    assert response.context["total"] == sum(counts.values())
    only = client.get(URL, {"q": "Aktau", "kind": "official"})
    assert len(only.context["results"]) == counts["official"]
    wrong = client.get(URL, {"q": "Aktau", "kind": "planet"})
    assert "There is no kind of record" in wrong.content.decode()
    assert wrong.context["total"] == response.context["total"]


def test_empty_short_and_odd_queries_never_fail(client, demo):
    assert "Search proposals, meetings" in client.get(URL).content.decode()
    assert "at least two letters" in client.get(URL, {"q": "x"}).content.decode()
    assert "at least two letters" in client.get(URL, {"q": '"" * - ()'}).content.decode()
    odd = ['"Aktau', "Aktau OR 1=1", "NEAR(a b)", "a:* & !b", "x" * 10_000, "Ak\x00tau", "'; DROP TABLE x; --"]
    odd += [
        "\ufdfa",
        "\u2474 \u3220",
        "Ａｋｔａｕ",
        "a_b",
        "١٢٣",
    ]  # characters that unfold into several words or punctuation
    for q in odd:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200, q
    long = client.get(URL, {"q": "aktau " * 2000})
    assert "Only the first 200 characters" in long.content.decode()
    assert client.get(URL, {"q": "Aktau", "page": "999"}).status_code == 200
    assert client.get(URL, {"q": "Aktau", "page": "-1x"}).status_code == 200


def test_a_query_matching_only_hidden_records_finds_nothing_for_visitors(client, demo):
    draft = DraftProposalFactory(title="Zeolite quarry", summary="Zeolite for export.")
    internal = InternalMeetingFactory(title="Zeolite talks", place="Zhanaozen")
    public = Proposal.objects.get(slug="caspian-cargo-fleet")
    RaisingFactory(meeting=internal, proposal=public, statement="Zeolite by ferry.")
    RaisingFactory(meeting=MeetingFactory(title="Open forum"), proposal=draft, statement="Zeolite again.")
    assert found(client, "zeolite") == []
    html = client.get(URL, {"q": "zeolite"}).content.decode()
    assert "Zeolite quarry" not in html
    assert "ferry" not in html
    client.force_login(StaffFactory())
    seen = titles(client, "zeolite")
    assert "Zeolite quarry" in seen
    assert any(t.startswith("Zeolite talks") for t in seen)
    assert sum(t.startswith("Open forum") for t in seen) == 1  # the statement about the draft, at a public meeting


def test_the_index_follows_every_write_path(client, db):
    proposal = ProposalFactory(title="Basalt fibre")
    assert titles(client, "basalt") == ["Basalt fibre"]
    proposal.title = "Granite slabs"
    proposal.save()  # the admin's path
    assert titles(client, "basalt") == []
    assert titles(client, "granite") == ["Granite slabs"]
    Proposal.objects.filter(pk=proposal.pk).update(summary="Polished in Aktau.")  # a bulk update
    assert titles(client, "polished") == ["Granite slabs"]
    with connection.cursor() as cursor:  # hand-written SQL
        cursor.execute("UPDATE cooperation_proposal SET title_en = 'Marble' WHERE id = %s", [proposal.pk])
    assert titles(client, "marble") == ["Marble"]
    Sector.objects.filter(pk=proposal.sector_id).update(name_ru="Камень")  # the sector's words are the proposal's
    assert titles(client, "камень") == ["Marble"]
    Meeting.objects.bulk_create([Meeting(title="Obsidian summit", date=datetime.date(2025, 1, 1), visibility="public")])
    assert titles(client, "obsidian") == ["Obsidian summit (2025-01-01)"]
    Proposal.objects.filter(pk=proposal.pk).delete()
    assert titles(client, "marble") == []
    official = OfficialFactory(full_name="Aigerim Temirbek")
    organization = OrganizationFactory(name="Port authority")
    PositionFactory(official=official, organization=organization, title="Harbour master")
    assert "Aigerim Temirbek" in titles(client, "harbour")
    organization.name = "Sea port authority"
    organization.save()
    assert "Aigerim Temirbek" in titles(client, "sea port", kind="official")
    source = DataSourceFactory(title="Customs yearbook")
    assert str(source) in titles(client, "yearbook")
    assert SearchQueue.objects.count() == 0


def test_rebuild_command_reads_everything_again(demo):
    search_index.refresh_pending()
    before = SearchDocument.objects.count()
    SearchDocument.objects.all().delete()
    out = __import__("io").StringIO()
    with translation.override("kk"):
        call_command("rebuild_search", stdout=out)
    assert "жазба индекстелді" in out.getvalue()
    assert SearchDocument.objects.count() == before > 20


def test_results_are_paginated_and_the_query_count_is_fixed(client, django_assert_num_queries, db):
    for i in range(45):
        ProposalFactory(title=f"Saxaul planting {i}")
    OfficialFactory(full_name="Saxaul Keeper")
    search_index.refresh_pending()
    pages = [titles(client, "saxaul", page=n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [20, 20, 6]
    assert len({t for p in pages for t in p}) == 46
    # 1 pending changes, 2 officials by name, 3 their documents, 4 counts by kind (the total too), 5 the page's
    # documents (which hold what a result shows: no record is read), 6 footer publishers
    with django_assert_num_queries(6):
        client.get(URL, {"q": "saxaul", "page": 2})


def test_the_search_box_is_on_every_page(client, demo):
    for url in ["/", "/proposals/", "/trade/", "/ru/meetings/"]:
        html = client.get(url).content.decode()
        assert 'role="search"' in html
        assert 'name="q"' in html
    assert 'action="/kk/search/"' in client.get("/kk/").content.decode()


def test_a_search_page_in_kazakh(client, demo):
    html = client.get("/kk/search/", {"q": "Aktau"}).content.decode()
    assert 'lang="kk"' in html
    assert "Іздеу" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL's russian configuration")
def test_russian_words_are_stemmed_on_postgresql(client, db):
    MeetingFactory(title="Meeting", title_ru="Встреча акима с консулом")
    assert titles(client, "встречи") == ["Meeting (2024-06-07)"]
    assert titles(client, "консулами") == ["Meeting (2024-06-07)"]


def test_officials_found_by_name_stay_apart_from_other_people(client, db):
    OfficialFactory(full_name="Elchin Mammadov", name_native="Elçin Məmmədov")
    OfficialFactory(full_name="Elnur Mamedli")
    assert titles(client, "Мамедов") == ["Elchin Mammadov"]
    assert Official.objects.count() == 2


def test_the_lists_and_the_admin_search_boxes_use_the_same_matching(client, admin_client, demo):
    fruit = "More food and consumer goods, above all fruit and vegetables, from Azerbaijan"
    assert fruit in client.get("/proposals/", {"q": "meyve"}).content.decode()  # meyvə, typed without its letters
    changelist = admin_client.get(reverse("admin:cooperation_proposal_changelist"), {"q": "meyve"}).context["cl"]
    assert [p.title for p in changelist.result_list] == [fruit]
    meetings = admin_client.get(reverse("admin:cooperation_meeting_changelist"), {"q": "aktaudaki"}).context["cl"]
    assert meetings.result_count >= 1
    officials = admin_client.get(reverse("admin:cooperation_official_changelist"), {"q": "Килыбай"}).context["cl"]
    assert [o.full_name for o in officials.result_list] == ["Nurdaulet Kilybay"]


def test_statements_and_organizations_follow_the_records_they_name(client, db):
    speaker = OfficialFactory(full_name="Dauren Abayev")
    raising = RaisingFactory(raised_by=speaker, statement="We propose a ferry.")
    assert any(t.startswith(raising.meeting.title) for t in titles(client, "dauren", kind="statement"))
    speaker.full_name = "Dauren Abai"
    speaker.save()
    assert titles(client, "abayev", kind="statement") == []
    assert titles(client, "abai ferry", kind="statement")
    Meeting.objects.filter(pk=raising.meeting_id).update(date=datetime.date(2020, 2, 2))
    assert client.get(URL, {"q": "ferry", "kind": "statement"}).context["results"][0]["date"] == "2 February 2020"
    organization = OrganizationFactory(name="Caspian Shipping")
    organization.economy.name = "Kazakstan Respublikasy"
    organization.economy.save()
    assert titles(client, "respublikasy", kind="organization") == ["Caspian Shipping"]


def test_hiding_a_record_hides_it_and_what_was_said_of_it_from_visitors(client, db):
    meeting = MeetingFactory(title="Open forum")
    proposal = ProposalFactory(title="Salt works")
    RaisingFactory(meeting=meeting, proposal=proposal, statement="Halite by rail.")
    assert titles(client, "halite", kind="statement") == [f"Open forum ({meeting.date.isoformat()})"]
    Proposal.objects.filter(pk=proposal.pk).update(visibility="internal")  # a bulk update, not save()
    assert titles(client, "salt") == []
    assert titles(client, "halite") == []
    Proposal.objects.filter(pk=proposal.pk).update(visibility="public")
    assert titles(client, "halite", kind="statement")
    Meeting.objects.filter(pk=meeting.pk).update(visibility="draft")
    assert titles(client, "halite") == titles(client, "forum") == []
    client.force_login(StaffFactory())
    assert len(titles(client, "halite")) == 1


def test_a_word_in_too_many_records_lists_them_newest_first(client, monkeypatch, db):
    for year in (2021, 2023, 2022):
        MeetingFactory(title=f"Brine pools {year}", date=datetime.date(year, 5, 1))
    MeetingFactory(title="Brine brine brine", date=datetime.date(2020, 1, 1))  # the most relevant, the oldest
    assert titles(client, "brine")[0].startswith("Brine brine brine")
    assert "newest come first" not in client.get(URL, {"q": "brine"}).content.decode()
    monkeypatch.setattr(search_index, "RANKED_AT_MOST", 3)
    response = client.get(URL, {"q": "brine"})
    assert [t[:16] for t in titles(client, "brine")] == [
        "Brine pools 2023",
        "Brine pools 2022",
        "Brine pools 2021",
        "Brine brine brin",
    ]
    assert "More than 3 records match: the newest come first." in response.content.decode()
    assert titles(client, "brine 2022") == ["Brine pools 2022 (2022-05-01)"]  # one more word: ranked again


def test_newest_first_pages_lose_and_repeat_nothing_for_each_viewer(client, monkeypatch, db):
    """Past the ranked limit the list is read from the index's parts (kind and visibility) newest first: page
    after page, each record a viewer may see comes once, in date order, and none they may not see."""
    from cooperation import views

    monkeypatch.setattr(search_index, "RANKED_AT_MOST", 3)
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 4)
    public, hidden = set(), set()
    for i in range(15):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 4)  # four meetings a day: ties
        meeting = (InternalMeetingFactory if i % 3 == 0 else MeetingFactory)(title=f"Tamarisk {i:02}", date=day)
        (hidden if i % 3 == 0 else public).add(str(meeting))
    ProposalFactory(title="Tamarisk hedges")  # another kind, listed among them by its date
    public.add("Tamarisk hedges")

    def walk():
        listed, page = [], 1
        while True:
            response = client.get(URL, {"q": "tamarisk", "page": page})
            listed += titles(client, "tamarisk", page=page)
            if not response.context["page_obj"].has_next():
                return listed, response.context["total"]
            page += 1

    listed, total = walk()
    assert len(listed) == len(set(listed)) == total == len(public)
    assert set(listed) == public
    days = [t[-11:-1] for t in listed if t.startswith("Tamarisk ") and t[-1] == ")"]
    assert days == sorted(days, reverse=True)

    client.force_login(StaffFactory())
    listed, total = walk()
    assert len(listed) == len(set(listed)) == total == len(public | hidden)
    assert set(listed) == public | hidden


def test_a_document_id_holds_its_kind_visibility_and_date(db):
    """The order the index lists documents in is the order of their ids within a part; ids never collide."""
    key = SearchDocument.key
    newer, older = (
        key("meeting", True, datetime.date(2024, 5, 2), 1),
        key("meeting", True, datetime.date(2024, 5, 1), 9),
    )
    assert newer > older
    assert key("meeting", False, datetime.date(2099, 1, 1), 5) < key("meeting", True, None, 1)  # parts apart
    assert key("meeting", True, None, 7) != key("proposal", True, None, 7)
    highest = max(
        SearchDocument.key(kind, True, datetime.date(2200, 1, 1), (1 << 42) - 1) for kind in SearchKind.values
    )
    assert highest < 1 << 63  # every kind's part fits in a signed 64-bit rowid
    with pytest.raises(ValueError, match="out of the search index's range"):
        key("meeting", True, None, 1 << 42)
