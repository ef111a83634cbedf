import pytest
from django.urls import reverse

from tests.factories import ClaimCheckFactory, DataSourceFactory, EconomyFactory, TradeFigureFactory
from trade.models import DataSource, TradeFigure, figure_pairs

pytestmark = pytest.mark.django_db


def test_pair_page_shows_the_seed_figures_and_how_each_was_obtained(client, demo):
    content = client.get("/trade/KZ-47/AZ/").content.decode()
    assert "these are the figures of Kazakhstan" in content
    for figure in ("529.4", "463.3", "456.3", "73.0", "88.3", "375.0", "+14.2 %", "+21.6 %", "-17.3 %"):
        assert figure in content
    assert "derived" in content  # 2022 exports = turnover - imports
    assert "computed" in content  # balance
    assert "all agree" in content
    assert DataSource.objects.filter(figures__isnull=False).distinct().get().get_absolute_url() in content


def test_codes_are_case_insensitive_and_old_codes_redirect(client, demo):
    assert client.get("/trade/kz/az/").url == "/trade/KZ/AZ/"
    assert client.get("/trade/KZ-MAN/AZ/").url == "/trade/KZ-47/AZ/"
    assert client.get("/trade/KAZ/AZE/").url == "/trade/KZ/AZ/"


@pytest.mark.parametrize("bad", ["/trade/XX/AZ/", "/trade/KZ/KZ/", "/trade/KZ/%3Cscript%3E/", "/trade/KZ/US/"])
def test_unknown_pairs_are_404(client, demo, bad):
    assert client.get(bad).status_code == 404


def test_pair_without_figures_says_so(client, demo):
    EconomyFactory(code="GE")
    content = client.get("/trade/KZ/GE/").content.decode()
    assert "No trade figures for this pair yet" in content


def test_disagreeing_sources_show_which_counts_and_the_others(client, demo):
    kz_stats = DataSourceFactory(publisher="Bureau of National Statistics", economy=EconomyFactory(code="KZ"))
    TradeFigureFactory(year=2022, measure=TradeFigure.Measure.IMPORT, value_usd="86600000", source=kz_stats)
    content = client.get("/trade/KZ/AZ/").content.decode()
    assert "1 other value" in content
    assert "Where sources disagree" in content
    assert "<strong>86.6</strong> counts" in content  # the reporter's own statistics beat the news report
    assert "the reporter&#x27;s own statistics" in content
    assert "Also published: 88.3" in content


def test_mismatched_published_change_is_flagged(client, demo):
    figure = TradeFigure.objects.get(year=2023, measure="turnover")
    figure.change_pct = "14.4"
    figure.save()
    content = client.get("/trade/KZ/AZ/").content.decode()
    assert "do not add up" in content
    assert "published +14.4 %" in content


def test_source_page_lists_its_figures(client, demo):
    source = DataSource.objects.filter(figures__isnull=False).distinct().get()
    content = client.get(source.get_absolute_url()).content.decode()
    assert "Trend News Agency" in content
    assert content.count("<tr>") == 6  # header + five figures


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.parametrize("rows", [5, 50])
def test_pair_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    for year in range(1990, 1990 + rows):
        TradeFigureFactory(year=year)
    # 1-2 the two economies, 3 TOTAL group, 4 the pair's figures with sources, 5 the flags on them, 6 the ports
    # and routes of the two economies, 7 footer publishers
    with django_assert_num_queries(7):
        assert client.get("/trade/KZ/AZ/").status_code == 200


def test_sources_list_and_index(client, demo):
    assert "Trend News Agency" in client.get(reverse("trade:sources")).content.decode()
    assert "/trade/KZ/AZ/" in client.get(reverse("trade:index")).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_source_page_query_count_does_not_grow_and_shows_only_its_own_flags(client, django_assert_num_queries, rows):
    source, other = DataSourceFactory(title="Ours"), DataSourceFactory(title="Theirs")
    figures = [TradeFigureFactory(source=source, year=1990 + n) for n in range(rows)]
    elsewhere = TradeFigureFactory(source=other, year=1980)
    # Flags last: a new figure re-runs the checks of its pair, which would clear these made-up ones.
    ours = [ClaimCheckFactory(figure=figure) for figure in figures[:3]]
    theirs = ClaimCheckFactory(figure=elsewhere)
    # the source, the count, the flags on its figures, a page of figures, its port and route figures,
    # footer publishers
    with django_assert_num_queries(6):
        content = client.get(source.get_absolute_url()).content.decode()
    for check in ours:
        assert f'id="flag-{check.pk}"' in content
    assert f'id="flag-{theirs.pk}"' not in content


def test_the_pairs_listed_are_exactly_the_pairs_with_figures(django_assert_num_queries):
    economies = [EconomyFactory() for _ in range(5)]
    wanted = [(0, 1), (0, 3), (1, 0), (3, 4), (4, 0), (4, 3)]
    for r, p in wanted:
        for year in (2020, 2021):
            TradeFigureFactory(reporter=economies[r], partner=economies[p], year=year)
    distinct = list(
        TradeFigure.objects.values_list("reporter__code", "reporter__name", "partner__code", "partner__name")
        .order_by("reporter__name", "partner__name")
        .distinct()
    )
    with django_assert_num_queries(1):
        assert figure_pairs() == distinct
    assert len(distinct) == len(wanted)


def test_no_figures_no_pairs():
    assert figure_pairs() == []
