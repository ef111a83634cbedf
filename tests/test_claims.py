"""Every published claim is checked, whichever source counts; flags are shown, filtered and explained."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from common.numbers import plain_decimal
from tests.factories import (
    ClaimCheckFactory,
    DataSourceFactory,
    EconomyFactory,
    EditorFactory,
    ManagerFactory,
    SuperuserFactory,
    TradeFigureFactory,
)
from trade import consistency
from trade.claims import ClaimCheck
from trade.importers import import_file
from trade.models import DataSource, TradeFigure
from trade.templatetags.figures import published_musd, published_pct

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)
STEP = Decimal("100000")  # "529.4 million"


@pytest.fixture
def kz():
    return EconomyFactory(code="KZ")


@pytest.fixture
def az():
    return EconomyFactory(code="AZ")


@pytest.fixture
def statistics(kz):
    """The reporter's own statistics: the value that counts."""
    return DataSourceFactory(publisher="Bureau of National Statistics", title="Foreign trade 2023", economy=kz)


@pytest.fixture
def news():
    return DataSourceFactory(
        publisher="Caspian Daily", title="Trade with Azerbaijan grows", kind=DataSource.Kind.NEWS,
        published_on=datetime.date(2024, 3, 1),
    )  # fmt: skip


def figure(value, year=2023, measure="turnover", change=None, step="0.1", **kwargs):
    extra = {"change_pct": Decimal(change), "change_pct_step": Decimal(step)} if change is not None else {}
    return TradeFigureFactory(
        measure=measure, year=year, value_usd=Decimal(value) * M, value_step=STEP, **extra, **kwargs
    )


@pytest.fixture
def counting(kz, az, statistics):
    """The seed's turnover as the reporter's statistics: 463.3 then 529.4 million, +14.2 % published."""
    before = figure("463.3", year=2022, source=statistics)
    after = figure("529.4", change="14.2", source=statistics)
    return before, after


def flagged():
    return set(ClaimCheck.objects.values_list("figure_id", flat=True))


def test_a_non_counting_source_with_an_impossible_change_is_flagged_naming_it(counting, news, capsys):
    claim = figure("529.4", change="20.0", source=news)
    assert flagged() == {claim.pk}
    check = ClaimCheck.objects.get()
    assert check.kind == ClaimCheck.Kind.CHANGE
    assert "published +20.0 %" in str(check.message)
    assert "the 2022 value that counts, 463.3" in str(check.message)
    with pytest.raises(CommandError, match="1 inconsistency"):
        call_command("check_trade")
    out = capsys.readouterr().out
    assert "Caspian Daily: Trade with Azerbaijan grows (2024-03-01)" in out  # publisher, title, date
    assert reverse("admin:trade_tradefigure_change", args=[claim.pk]) in out


def test_a_source_with_its_own_base_is_checked_against_it(counting, news):
    figure("440.0", year=2022, source=news)
    agrees_with_own = figure("529.4", change="20.3", source=news)  # 529.4 / 440.0: +20.29 % to +20.34 %
    assert flagged() == set()  # against the counting 463.3 it would be wrong: its own base decides
    agrees_with_own.change_pct = Decimal("14.2")  # right against 463.3, wrong against its own 440.0
    agrees_with_own.save()
    check = ClaimCheck.objects.get()
    assert check.figure == agrees_with_own
    assert check.params["base"] == "own"
    assert "its own 2022 value, 440.0" in str(check.message)


def test_a_source_without_a_base_is_checked_against_the_counting_value(counting, news):
    figure("529.4", change="14.2", source=news)
    assert flagged() == set()
    figure("530.9", measure="turnover", year=2023, change="14.2", source=DataSourceFactory(kind="news"))
    # 530.9 / 463.3: +14.57 % to +14.61 %; published 14.2 cannot be
    [check] = ClaimCheck.objects.all()
    assert check.params["base"] == "counting"
    assert check.params["low"] == "14.57"


@pytest.mark.parametrize(("published", "ok"), [("14.2", True), ("14.3", True), ("14.1", False), ("14.4", False)])
def test_rounding_is_allowed_for(kz, az, statistics, published, ok):
    figure("463.3", year=2022, source=statistics)
    claim = figure("529.4", change=published, source=statistics)  # the values give 14.24 % to 14.29 %
    assert (flagged() == set()) is ok
    assert (flagged() == {claim.pk}) is not ok


def test_a_flag_goes_when_the_figures_agree_again_and_history_records_it(counting, news):
    claim = figure("529.4", change="20.0", source=news)
    check = ClaimCheck.objects.get()
    claim.change_pct = Decimal("14.2")
    claim.save()
    assert not ClaimCheck.objects.exists()
    assert [h.history_type for h in ClaimCheck.history.filter(id=check.pk).order_by("history_id")] == ["+", "-"]


def test_moving_the_counting_value_rechecks_the_others(counting, news):
    before, _after = counting
    figure("529.4", change="14.2", source=news)
    assert flagged() == set()
    before.value_usd = Decimal("440.0") * M  # the 2022 value that counts is revised
    before.save()
    assert len(flagged()) == 2  # the statistics' own +14.2 and the news report's +14.2


def test_an_import_checks_what_it_wrote(kz, az, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        "reporter,partner,year,months,measure,product,value,unit,change_pct,source_publisher,source_title,"
        "source_published,source_url,source_kind,source_economy\n"
        "KZ,AZ,2022,1-12,turnover,TOTAL,463.3,million USD,,Bureau,Trade 2023,2024-02-15,,official,KZ\n"
        "KZ,AZ,2023,1-12,turnover,TOTAL,529.4,million USD,14.2,Bureau,Trade 2023,2024-02-15,,official,KZ\n"
        "KZ,AZ,2023,1-12,turnover,TOTAL,529.4,million USD,40,Caspian Daily,Trade grows,2024-03-01,,news,\n"
    )
    assert import_file(path).ok
    [check] = ClaimCheck.objects.select_related("figure__source")
    assert check.figure.source.publisher == "Caspian Daily"
    assert check.params["published"] == "+40"
    assert import_file(path).ok  # again: nothing new
    assert ClaimCheck.objects.get() == check


# Printing: as the source printed it, never in exponent form.


@pytest.mark.parametrize(
    ("number", "step", "printed"),
    [
        (Decimal("4E+1"), Decimal("1"), "+40"),
        (Decimal("40.000"), Decimal("1.000"), "+40"),
        (Decimal("0E-3"), Decimal("0.1"), "0.0"),
        (Decimal("-0.000"), None, "0"),
        (Decimal("-17.300"), Decimal("0.100"), "-17.3"),
        (Decimal("1234567.891"), Decimal("0.001"), "+1234567.891"),
        (Decimal("1E+3"), None, "+1000"),
        (Decimal("1E+3"), Decimal("1E+1"), "+1000"),
    ],
)
def test_published_numbers_print_plainly(number, step, printed):
    assert plain_decimal(number, step, sign=True) == printed


def test_published_filters_on_normalized_values():
    shown = TradeFigure(
        value_usd=Decimal("1E+9"), value_step=Decimal("1E+6"), change_pct=Decimal("4E+1"), change_pct_step=Decimal("1")
    )
    assert published_pct(shown) == "+40 %"
    assert published_musd(shown) == "1,000"
    shown.value_usd, shown.value_step = Decimal("1234567891000"), Decimal("1000")
    assert published_musd(shown) == "1,234,567.891"


def test_round_zero_and_negative_changes_print_plainly_on_the_pair_page(client, kz, az, statistics):
    figure("100.0", year=2022, source=statistics)
    figure("140.0", change="4E+1", step="1", source=statistics)  # +40 %
    figure("50.0", year=2022, measure="export", source=statistics)
    figure("50.0", measure="export", change="0", source=statistics)
    figure("88.3", year=2022, measure="import", source=statistics)
    figure("73.0", measure="import", change="-17.3", step="0.1", source=statistics)
    figure("140.0", change="1E+3", step="1", source=DataSourceFactory(kind="news"))  # a claim its values refute
    content = client.get("/trade/KZ/AZ/").content.decode()
    assert "E+" not in content
    for printed in ("+40 %", "0.0 %", "-17.3 %", "published +1000 %"):
        assert printed in content


def test_many_digit_values_print_plainly_on_the_source_page(client, kz, az, statistics):
    TradeFigureFactory(
        source=statistics, value_usd=Decimal("1234567891000"), value_step=Decimal("1000"),
        change_pct=Decimal("123456.789"), change_pct_step=Decimal("0.001"),
    )  # fmt: skip
    TradeFigureFactory(source=statistics, year=2020, value_usd=Decimal("1E+9"), value_step=Decimal("1E+6"))
    content = client.get(statistics.get_absolute_url()).content.decode()
    assert "E+" not in content
    for printed in ("1,234,567.891", "+123456.789 %", "1,000"):
        assert printed in content


# Where people look.


def test_the_pair_page_shows_the_flag_beside_the_figure_naming_its_source(client, counting, news):
    claim = figure("529.4", change="20.0", source=news)
    check = ClaimCheck.objects.get()
    content = client.get("/trade/KZ/AZ/").content.decode()
    assert f'href="#flag-{check.pk}"' in content  # the mark in the changes table
    assert f'id="flag-{check.pk}"' in content
    assert "published +20.0 %" in content
    assert f'href="{news.get_absolute_url()}">{news}</a>' in content
    assert str(claim.source) == "Caspian Daily: Trade with Azerbaijan grows (2024-03-01)"
    assert "all agree" not in content


def test_the_source_page_lists_its_flags(client, counting, news, django_assert_num_queries):
    figure("529.4", change="20.0", source=news)
    # 1 the source, 2 the page's count, 3 its figures, 4 the flags on them, 5 its port and route figures,
    # 6 footer publishers
    with django_assert_num_queries(6):
        content = client.get(news.get_absolute_url()).content.decode()
    assert "Published figures their values contradict" in content
    assert "published +20.0 %" in content
    assert "contradicted" in content
    other = client.get(counting[0].source.get_absolute_url()).content.decode()
    assert "Published figures their values contradict" not in other


def test_an_explained_flag_is_shown_with_its_explanation(client, counting, news):
    figure("529.4", change="20.0", source=news)
    consistency.explain(ClaimCheck.objects.get(), "The agency quoted January–November.", EditorFactory())
    content = client.get("/trade/KZ/AZ/").content.decode()
    assert "Figures that do not add up, explained" in content
    assert "The agency quoted January–November." in content


@pytest.fixture
def flagged_figures(counting, news):
    wrong = figure("529.4", change="20.0", source=news)
    also_wrong = figure("529.4", change="9.9", source=DataSourceFactory(kind="news"))
    figure("529.4", change="14.2", source=DataSourceFactory(kind="news"))  # right: not flagged
    consistency.explain(ClaimCheck.objects.get(figure=also_wrong), "A typing error in the article.", EditorFactory())
    return wrong, also_wrong


@pytest.mark.parametrize(("choice", "expected"), [("yes", (0, 1)), ("unexplained", (0,)), ("explained", (1,))])
def test_the_admin_contradicted_filter_lists_exactly_the_flagged_figures(client, flagged_figures, choice, expected):
    client.force_login(EditorFactory())
    response = client.get(reverse("admin:trade_tradefigure_changelist"), {"contradicted": choice})
    assert response.status_code == 200
    shown = {figure.pk for figure in response.context["cl"].result_list}
    assert shown == {flagged_figures[i].pk for i in expected}
    assert TradeFigure.objects.count() == 5  # the others are there, and left out


def test_the_contradicted_filter_reads_the_flags_not_the_figures(
    client, flagged_figures, django_assert_max_num_queries
):
    client.force_login(SuperuserFactory())
    url = reverse("admin:trade_tradefigure_changelist")
    with django_assert_max_num_queries(12) as captured:
        client.get(url, {"contradicted": "yes"})
    [listing] = [q["sql"] for q in captured.captured_queries if '"trade_claimcheck"' in q["sql"]][:1]
    # the figures are picked by the ids in the small flag table, not checked on request
    assert '"trade_tradefigure"."id" IN (SELECT U0."figure_id" AS "figure_id" FROM "trade_claimcheck" U0)' in listing


def test_check_trade_lists_explained_flags_apart_and_exits_by_the_unexplained(counting, news):
    figure("529.4", change="20.0", source=news)
    # A CommandError is exit status 1 on the command line (the utility itself would close the test's connection).
    with pytest.raises(CommandError, match="1 inconsistency"):
        call_command("check_trade", stdout=io.StringIO())
    consistency.explain(
        ClaimCheck.objects.get(), "The agency quoted January–November.", EditorFactory(username="aigerim")
    )
    stdout = io.StringIO()
    call_command("check_trade", stdout=stdout)  # no CommandError: exit status 0
    out = stdout.getvalue()
    explained_part = out.split("Explained (1):", 1)[1]
    assert "Caspian Daily" in explained_part
    assert "explained by aigerim" in explained_part
    assert "The agency quoted January–November." in explained_part
    assert "No unexplained inconsistencies" in out


def test_explaining_in_the_admin_is_kept_in_the_history(client, counting, news):
    figure("529.4", change="20.0", source=news)
    check = ClaimCheck.objects.get()
    editor = EditorFactory()
    client.force_login(editor)
    url = reverse("admin:trade_claimcheck_change", args=[check.pk])
    assert "published +20.0 %" in client.get(url).content.decode()
    response = client.post(url, {"explanation": "The ministry revised 2022 in March."})
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.explained_by, check.explanation) == (editor, "The ministry revised 2022 in March.")
    assert check.explained_at is not None
    latest = check.history.latest()
    assert latest.history_user == editor
    assert latest.explanation == "The ministry revised 2022 in March."
    assert latest.explained_by_id == editor.pk
    assert (
        "The ministry revised 2022 in March."
        in client.get(reverse("admin:trade_claimcheck_history", args=[check.pk])).content.decode()
    )


def test_an_explanation_stays_while_the_flag_holds(counting, news):
    claim = figure("529.4", change="20.0", source=news)
    consistency.explain(ClaimCheck.objects.get(), "A typing error in the article.", EditorFactory())
    claim.change_pct = Decimal("20.1")  # still wrong
    claim.save()
    check = ClaimCheck.objects.get()
    assert check.explanation == "A typing error in the article."
    assert check.params["published"] == "+20.1"


def test_flags_are_not_added_or_deleted_by_hand_and_managers_only_view(client, counting, news):
    figure("529.4", change="20.0", source=news)
    check = ClaimCheck.objects.get()
    client.force_login(EditorFactory())
    assert client.get(reverse("admin:trade_claimcheck_add")).status_code == 403
    assert client.get(reverse("admin:trade_claimcheck_delete", args=[check.pk])).status_code == 403
    client.force_login(ManagerFactory())
    assert client.get(reverse("admin:trade_claimcheck_changelist")).status_code == 200
    response = client.post(reverse("admin:trade_claimcheck_change", args=[check.pk]), {"explanation": "No."})
    assert response.status_code == 403
    check.refresh_from_db()
    assert check.explanation == ""


def test_the_demo_passes_its_checks(demo, capsys):
    call_command("check_trade")
    assert "No inconsistencies" in capsys.readouterr().out
    assert not ClaimCheck.objects.exists()


def test_the_factory_makes_a_flag():
    check = ClaimCheckFactory()
    assert "published +14.4 %" in str(check.message)
    assert not check.explained
