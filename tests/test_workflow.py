"""The status workflow: one function, legal moves only, every change recorded."""

import pytest

from cooperation.models import Proposal, StatusChange
from cooperation.services import IllegalTransition, change_status
from tests.factories import ManagerFactory, MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status

LEGAL = [
    (S.PROPOSED, S.UNDER_DISCUSSION),
    (S.UNDER_DISCUSSION, S.AGREED),
    (S.AGREED, S.IN_IMPLEMENTATION),
    (S.IN_IMPLEMENTATION, S.COMPLETED),
    *[(open_, closing) for open_ in S.open_values() for closing in (S.DECLINED, S.WITHDRAWN)],
    *[(open_, S.ON_HOLD) for open_ in S.open_values() if open_ != S.ON_HOLD],
    (S.ON_HOLD, S.PROPOSED),
    (S.ON_HOLD, S.UNDER_DISCUSSION),
    (S.ON_HOLD, S.AGREED),
    (S.ON_HOLD, S.IN_IMPLEMENTATION),
]
ILLEGAL = [
    (S.PROPOSED, S.AGREED),
    (S.PROPOSED, S.COMPLETED),
    (S.UNDER_DISCUSSION, S.PROPOSED),
    (S.AGREED, S.UNDER_DISCUSSION),
    (S.IN_IMPLEMENTATION, S.AGREED),
    (S.ON_HOLD, S.COMPLETED),
    (S.ON_HOLD, S.ON_HOLD),
    (S.COMPLETED, S.IN_IMPLEMENTATION),
    (S.DECLINED, S.PROPOSED),
    (S.WITHDRAWN, S.UNDER_DISCUSSION),
    (S.COMPLETED, S.DECLINED),
]


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_legal_transition_moves_and_records(current, target):
    manager = ManagerFactory()
    meeting = MeetingFactory()
    proposal = ProposalFactory(status=current)

    change = change_status(proposal, to=target, by=manager, note="Agreed at the meeting.", meeting=meeting)

    proposal.refresh_from_db()
    assert proposal.status == target
    assert (change.from_status, change.to_status) == (current, target)
    assert change.changed_by == manager
    assert change.meeting == meeting
    assert change.note == "Agreed at the meeting."
    assert proposal.status_changed_at == change.changed_at


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transition_is_refused_and_writes_nothing(current, target):
    proposal = ProposalFactory(status=current)
    before = proposal.status_changed_at

    with pytest.raises(IllegalTransition, match="cannot become"):
        change_status(proposal, to=target, by=ManagerFactory(), note="Trying anyway.")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_changed_at) == (current, before)
    assert not StatusChange.objects.exists()


def test_unknown_status_is_refused():
    proposal = ProposalFactory()
    with pytest.raises(IllegalTransition, match="is not a status"):
        change_status(proposal, to="lost", by=None)
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("target", [S.ON_HOLD, S.DECLINED, S.WITHDRAWN])
def test_closing_or_holding_needs_a_note(target):
    proposal = ProposalFactory(status=S.UNDER_DISCUSSION)
    with pytest.raises(IllegalTransition, match="note"):
        change_status(proposal, to=target, by=ManagerFactory(), note="   ")
    proposal.refresh_from_db()
    assert proposal.status == S.UNDER_DISCUSSION
    assert not StatusChange.objects.exists()


def test_completion_needs_a_note():
    proposal = ProposalFactory(status=S.IN_IMPLEMENTATION)
    with pytest.raises(IllegalTransition, match="note"):
        change_status(proposal, to=S.COMPLETED, by=ManagerFactory())
    assert not StatusChange.objects.exists()


def test_change_on_a_stale_view_is_refused():
    proposal = ProposalFactory(status=S.PROPOSED)
    change_status(proposal, to=S.UNDER_DISCUSSION, by=ManagerFactory())
    stale = Proposal.objects.get(pk=proposal.pk)
    stale.status = S.PROPOSED  # what the second manager still sees

    with pytest.raises(IllegalTransition, match="someone else"):
        change_status(stale, to=S.DECLINED, by=ManagerFactory(), note="No.", expected=S.PROPOSED)

    proposal.refresh_from_db()
    assert proposal.status == S.UNDER_DISCUSSION
    assert StatusChange.objects.count() == 1


def test_history_is_kept_in_order():
    proposal = ProposalFactory()
    manager = ManagerFactory()
    for target in (S.UNDER_DISCUSSION, S.AGREED, S.IN_IMPLEMENTATION):
        change_status(proposal, to=target, by=manager)
    history = list(proposal.status_changes.values_list("from_status", "to_status"))
    assert history == [
        (S.PROPOSED, S.UNDER_DISCUSSION),
        (S.UNDER_DISCUSSION, S.AGREED),
        (S.AGREED, S.IN_IMPLEMENTATION),
    ]


def test_allowed_transitions_offer_no_way_out_of_a_closed_status():
    for closed in S.closed_values():
        assert Proposal.allowed_transitions(closed) == []
