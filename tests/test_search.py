"""List searches ignore case in every script, on whichever database engine runs the tests."""

import pytest

from cooperation.filters import FollowUpFilter, ManageProposalFilter, MeetingFilter, ProposalFilter
from cooperation.models import FollowUp, Meeting, Proposal
from cooperation.search import search
from tests.factories import FollowUpFactory, MeetingFactory, OfficialFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def found(filterset, model, q):
    return set(filterset({"q": q}, queryset=model.objects.all()).qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Поставка фруктов из Азербайджана", "поставка"),
        ("жеміс пен көкөніс жеткізу", "ЖЕМІС"),
        ("Elçin Məmmədov ilə görüş", "məmmədov"),
        ("Meyvə TƏCHİZATI", "Təchizatı"),
        ("Fruit supply", "FRUIT"),
    ],
)
def test_proposal_search_ignores_case_in_any_script(text, query):
    match = ProposalFactory(title=text)
    ProposalFactory(title="Something else entirely")
    assert found(ProposalFilter, Proposal, query) == {match.pk}
    assert found(ManageProposalFilter, Proposal, query) == {match.pk}


def test_meeting_search_reads_title_place_and_summary():
    by_place = MeetingFactory(place="Баку")
    by_summary = MeetingFactory(summary="Обсудили ПОСТАВКИ стройматериалов")
    MeetingFactory(place="Aktau", summary="Talks on trade.")
    assert found(MeetingFilter, Meeting, "БАКУ") == {by_place.pk}
    assert found(MeetingFilter, Meeting, "поставки") == {by_summary.pk}


def test_follow_up_search_follows_relations():
    by_owner = FollowUpFactory(owner=OfficialFactory(full_name="Məmmədov Elçin"))
    by_proposal = FollowUpFactory(proposal=ProposalFactory(title="Жеміс жеткізу"))
    without_owner = FollowUpFactory(action="ОТПРАВИТЬ проект соглашения", owner=None)
    assert found(FollowUpFilter, FollowUp, "MƏMMƏDOV") == {by_owner.pk}
    assert found(FollowUpFilter, FollowUp, "жеміс") == {by_proposal.pk}
    assert found(FollowUpFilter, FollowUp, "отправить") == {without_owner.pk}


def test_wildcards_are_searched_for_as_written():
    percent = ProposalFactory(title="Tariffs down by 50% on fruit")
    ProposalFactory(title="Tariffs on fruit")
    assert found(ProposalFilter, Proposal, "50%") == {percent.pk}
    assert found(ProposalFilter, Proposal, "_") == set()


def test_search_takes_any_fields_it_is_given():
    proposal = ProposalFactory(title="Fruit", summary="Поставка фруктов")
    assert list(search(Proposal.objects.all(), ["summary"], "ПОСТАВКА")) == [proposal]
    assert list(search(Proposal.objects.all(), ["title"], "ПОСТАВКА")) == []


def test_search_is_one_query(django_assert_num_queries):
    ProposalFactory(title="Поставка")
    with django_assert_num_queries(1):
        assert len(search(Proposal.objects.all(), ["title", "summary"], "поставка")) == 1
