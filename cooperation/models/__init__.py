"""The cooperation app's models, one module per topic; every name is importable from here.

- visibility: public, internal and draft, and who may see what (`visible_to`)
- translated: records kept per language, saved in the default one
- reference: organizations, officials, their posts, and sectors
- meetings: meetings and who took part
- proposals: proposals, their workflow, the meetings they were raised at and their status changes
- corridor_targets: the corridor measures a proposal or a sector is meant to move
- followups: the actions agreed on a proposal
- details: a proposal's commercial details, each public or private
- partners: partner organizations' accounts, invitations, and their confirmations and disputes of meeting records
- indicators: each proposal's stored headline indicators (trade, corridor), and the queue of what changed
- search: the search index's documents and queue
"""

from cooperation.models.corridor_targets import CorridorTarget, CorridorTargetQuerySet
from cooperation.models.details import ProposalDetail, ProposalDetailQuerySet
from cooperation.models.followups import FollowUp, FollowUpQuerySet
from cooperation.models.indicators import (
    CorridorIndicator,
    IndicatorKind,
    IndicatorQueue,
    Movement,
    ProposalIndicator,
    indicator_value,
)
from cooperation.models.meetings import Meeting, MeetingQuerySet, Participation, ParticipationQuerySet
from cooperation.models.partners import (
    DisputeAnswer,
    Invitation,
    MeetingResponse,
    PartnerAccount,
    PartnerScope,
    partner_scope,
)
from cooperation.models.proposals import (
    CORRIDOR_INDICATOR,
    ORIGINAL_TITLE_ORDER,
    STATUS_FACTS,
    Proposal,
    ProposalQuerySet,
    ProposalStatus,
    Raising,
    RaisingQuerySet,
    StatusChange,
    StatusChangeQuerySet,
    add_status_facts,
    days_in_status,
)
from cooperation.models.reference import (
    Official,
    Organization,
    Position,
    PositionQuerySet,
    Sector,
    SectorQuerySet,
)
from cooperation.models.search import SearchDocument, SearchKind, SearchQueue
from cooperation.models.translated import CONTENT_LANGUAGES, OriginalInDefaultLanguage, TranslatedQuerySet
from cooperation.models.visibility import Visibility, VisibleQuerySet, sees_everything, visible_q

__all__ = [
    "CorridorIndicator",
    "IndicatorKind",
    "CONTENT_LANGUAGES",
    "CorridorTarget",
    "CorridorTargetQuerySet",
    "DisputeAnswer",
    "Invitation",
    "MeetingResponse",
    "PartnerAccount",
    "PartnerScope",
    "partner_scope",
    "ORIGINAL_TITLE_ORDER",
    "CORRIDOR_INDICATOR",
    "STATUS_FACTS",
    "FollowUp",
    "FollowUpQuerySet",
    "IndicatorQueue",
    "Meeting",
    "MeetingQuerySet",
    "Movement",
    "Official",
    "Organization",
    "OriginalInDefaultLanguage",
    "Participation",
    "ParticipationQuerySet",
    "Position",
    "PositionQuerySet",
    "Proposal",
    "ProposalDetail",
    "ProposalDetailQuerySet",
    "ProposalIndicator",
    "ProposalQuerySet",
    "ProposalStatus",
    "Raising",
    "RaisingQuerySet",
    "SearchDocument",
    "SearchKind",
    "SearchQueue",
    "Sector",
    "SectorQuerySet",
    "StatusChange",
    "StatusChangeQuerySet",
    "TranslatedQuerySet",
    "Visibility",
    "VisibleQuerySet",
    "add_status_facts",
    "days_in_status",
    "indicator_value",
    "sees_everything",
    "visible_q",
]
