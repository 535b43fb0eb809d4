"""ISPyB's visibility rules, as SQL conditions joined into every statement.

A non-staff person sees a proposal (and everything under it) when they are in
ProposalHasPerson for it or are its Proposal.personId; they see one session
(and everything under it) when they are in Session_has_Person for it — a local
contact sees that session, not the rest of the proposal. Staff see everything;
anyone else sees nothing.

Rules are conditions, not post-filters: the database never returns a row the
viewer may not see, so counts, totals and pages are right by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CompoundSelect, Select

from gateway.sql import models as m


class Who(Protocol):
    """What the rules need to know about the caller (the auth Viewer satisfies it)."""

    @property
    def person_id(self) -> int | None: ...

    @property
    def is_staff(self) -> bool: ...


def member_proposals(who: Who) -> CompoundSelect[Any]:
    """Proposals the person belongs to as a whole."""
    return (
        select(m.ProposalHasPerson.proposalId)
        .where(m.ProposalHasPerson.personId == who.person_id)
        .union(select(m.Proposal.proposalId).where(m.Proposal.personId == who.person_id))
    )


def visible_sessions(who: Who) -> Select[Any]:
    """Sessions visible through proposal membership or session membership."""
    return select(m.BLSession.sessionId).where(
        or_(
            m.BLSession.proposalId.in_(member_proposals(who)),
            m.BLSession.sessionId.in_(
                select(m.SessionHasPerson.sessionId).where(
                    m.SessionHasPerson.personId == who.person_id
                )
            ),
        )
    )


def _everyone_or_no_one(who: Who) -> ColumnElement[bool] | None:
    if who.is_staff:
        return true()
    if who.person_id is None:
        return false()
    return None


def proposal_rule(who: Who) -> ColumnElement[bool]:
    """A proposal is visible to its members, and to people in one of its sessions.

    A local contact needs the proposal's code and title to name their session;
    the proposal's other sessions stay hidden by `session_rule`.
    """
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    # Two IN conditions, not one IN over nested UNIONs, which SQLite cannot parse.
    return or_(
        m.Proposal.proposalId.in_(member_proposals(who)),
        m.Proposal.proposalId.in_(
            select(m.BLSession.proposalId).where(
                m.BLSession.sessionId.in_(
                    select(m.SessionHasPerson.sessionId).where(
                        m.SessionHasPerson.personId == who.person_id
                    )
                )
            )
        ),
    )


def session_rule(who: Who, session_id: ColumnElement[Any] | Any = None) -> ColumnElement[bool]:
    """Condition on a column holding a sessionId (BLSession.sessionId by default)."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    column = m.BLSession.sessionId if session_id is None else session_id
    return column.in_(visible_sessions(who))


def group_rule(who: Who, group_id: ColumnElement[Any] | Any = None) -> ColumnElement[bool]:
    """Condition on a column holding a dataCollectionGroupId."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    column = m.DataCollectionGroup.dataCollectionGroupId if group_id is None else group_id
    return column.in_(
        select(m.DataCollectionGroup.dataCollectionGroupId).where(
            m.DataCollectionGroup.sessionId.in_(visible_sessions(who))
        )
    )


def collection_rule(
    who: Who, collection_id: ColumnElement[Any] | Any = None
) -> ColumnElement[bool]:
    """Condition on a column holding a dataCollectionId."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    column = m.DataCollection.dataCollectionId if collection_id is None else collection_id
    return column.in_(
        select(m.DataCollection.dataCollectionId).where(
            group_rule(who, m.DataCollection.dataCollectionGroupId)
        )
    )


def screening_rule(who: Who) -> ColumnElement[bool]:
    """A screening is visible when its collection is, or, naming only a group, when the group is.

    Characterisation programs often write only `Screening.dataCollectionGroupId`
    (the link the official `v_datacollection_summary` reads); a screening that
    names a collection follows that collection whatever group it also names,
    even in the list of that group (`gateway.sql.screening_links`)."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    s = m.Screening
    return or_(
        collection_rule(who, s.dataCollectionId),
        and_(s.dataCollectionId.is_(None), group_rule(who, s.dataCollectionGroupId)),
    )


def _through(key: Any, parent_key: Any, parent_rule: Any) -> Any:
    """A child is visible when its parent row is: `key IN (SELECT parent_key WHERE rule)`."""

    def rule(who: Who) -> ColumnElement[bool]:
        fixed = _everyone_or_no_one(who)
        if fixed is not None:
            return fixed
        return key.in_(select(parent_key).where(parent_rule(who)))  # type: ignore[no-any-return]

    return rule


def person_rule(who: Who) -> ColumnElement[bool]:
    """Yourself, and the people of the proposals and sessions you can see."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    return or_(
        m.Person.personId == who.person_id,
        m.Person.personId.in_(
            select(m.ProposalHasPerson.personId).where(
                m.ProposalHasPerson.proposalId.in_(member_proposals(who))
            )
        ),
        m.Person.personId.in_(
            select(m.SessionHasPerson.personId).where(
                m.SessionHasPerson.sessionId.in_(visible_sessions(who))
            )
        ),
    )


def sample_rule(who: Who) -> ColumnElement[bool]:
    """Samples of the viewer's proposals, and samples used in sessions they can see."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    return or_(
        m.BLSample.blSampleId.in_(
            select(m.DataCollectionGroup.blSampleId).where(
                m.DataCollectionGroup.sessionId.in_(visible_sessions(who))
            )
        ),
        m.BLSample.crystalId.in_(
            select(m.Crystal.crystalId)
            .join(m.Protein, m.Protein.proteinId == m.Crystal.proteinId)
            .where(m.Protein.proposalId.in_(member_proposals(who)))
        ),
    )


@dataclass(frozen=True, eq=False)
class _On:
    """A rule that is a shared rule (a session's, a collection's) applied to one column.

    Compared by identity: a generated `==` would compare the columns, which SQLAlchemy
    turns into an SQL expression, not a truth value."""

    scope: Any
    column: Any

    def __call__(self, who: Who) -> ColumnElement[bool]:
        return self.scope(who, self.column)  # type: ignore[no-any-return]


def _session_of(column: Any) -> _On:
    return _On(session_rule, column)


def _collection_of(column: Any) -> _On:
    return _On(collection_rule, column)


def same_scope(child: type[Any], parent: type[Any]) -> tuple[Any, Any] | None:
    """(child column, parent column) when both models follow the same rule on one column each.

    A child row whose column equals that of a parent row the viewer sees is visible
    without evaluating the rule: `child.col = parent.col OR rule` lets the database skip
    the rule's subqueries for the usual row (an integration's program of the same
    collection) and still hides the odd one (a program of another, hidden collection)."""
    a, b = RULES.get(child), RULES.get(parent)
    if isinstance(a, _On) and isinstance(b, _On) and a.scope is b.scope:
        return a.column, b.column
    return None


RULES: dict[type[Any], Any] = {
    m.Proposal: proposal_rule,
    m.Person: person_rule,
    m.BLSession: _session_of(m.BLSession.sessionId),
    m.SessionHasPerson: _session_of(m.SessionHasPerson.sessionId),
    m.DataCollectionGroup: _session_of(m.DataCollectionGroup.sessionId),
    m.DataCollection: lambda who: group_rule(who, m.DataCollection.dataCollectionGroupId),
    m.BLSample: sample_rule,
    m.Crystal: _through(m.Crystal.crystalId, m.BLSample.crystalId, sample_rule),
    m.AutoProcProgram: _collection_of(m.AutoProcProgram.dataCollectionId),
    m.AutoProcIntegration: _collection_of(m.AutoProcIntegration.dataCollectionId),
    m.Screening: screening_rule,
    m.Movie: _collection_of(m.Movie.dataCollectionId),
}
# Acquisition tables (MXCuBE's writes): session-scoped ones follow their session, images
# their collection, workflows the groups naming them. Detectors are beamline equipment,
# the same for everyone: a catalogue, not data of a proposal.
RULES.update(
    {
        m.RobotAction: _session_of(m.RobotAction.blsessionId),
        m.EnergyScan: _session_of(m.EnergyScan.sessionId),
        m.XFEFluorescenceSpectrum: _session_of(m.XFEFluorescenceSpectrum.sessionId),
        m.Image: _collection_of(m.Image.dataCollectionId),
        m.Workflow: _through(
            m.Workflow.workflowId,
            m.DataCollectionGroup.workflowId,
            RULES[m.DataCollectionGroup],
        ),
        m.BeamLineSetup: _through(
            m.BeamLineSetup.beamLineSetupId, m.BLSession.beamLineSetupId, RULES[m.BLSession]
        ),
        m.Detector: lambda who: true(),
    }
)
RULES[m.BLSampleHasEnergyScan] = _through(
    m.BLSampleHasEnergyScan.energyScanId, m.EnergyScan.energyScanId, RULES[m.EnergyScan]
)
RULES[m.WorkflowMesh] = _through(
    m.WorkflowMesh.workflowId, m.Workflow.workflowId, RULES[m.Workflow]
)
RULES[m.WorkflowStep] = _through(
    m.WorkflowStep.workflowId, m.Workflow.workflowId, RULES[m.Workflow]
)
RULES[m.GridInfo] = _through(
    m.GridInfo.workflowMeshId, m.WorkflowMesh.workflowMeshId, RULES[m.WorkflowMesh]
)
RULES[m.Protein] = _through(m.Protein.proteinId, m.Crystal.proteinId, RULES[m.Crystal])
RULES[m.AutoProc] = _through(
    m.AutoProc.autoProcProgramId, m.AutoProcProgram.autoProcProgramId, RULES[m.AutoProcProgram]
)
RULES[m.AutoProcScaling] = _through(
    m.AutoProcScaling.autoProcId, m.AutoProc.autoProcId, RULES[m.AutoProc]
)
RULES[m.AutoProcScalingStatistics] = _through(
    m.AutoProcScalingStatistics.autoProcScalingId,
    m.AutoProcScaling.autoProcScalingId,
    RULES[m.AutoProcScaling],
)
RULES[m.ScreeningOutputLattice] = _through(
    m.ScreeningOutputLattice.screeningId, m.Screening.screeningId, RULES[m.Screening]
)
RULES[m.ScreeningStrategy] = _through(
    m.ScreeningStrategy.screeningId, m.Screening.screeningId, RULES[m.Screening]
)
RULES[m.MotionCorrection] = _through(m.MotionCorrection.movieId, m.Movie.movieId, RULES[m.Movie])
RULES[m.CTF] = _through(
    m.CTF.motionCorrectionId, m.MotionCorrection.motionCorrectionId, RULES[m.MotionCorrection]
)


# (model, key): the model's rows under one parent are visible exactly when that parent is.
# Lists and counts read *under* a parent the caller already sees (its id came from a
# visible row) need no visibility condition of their own: the rules above say so.
INHERITED: frozenset[tuple[type[Any], Any]] = frozenset(
    {
        (m.DataCollectionGroup, m.DataCollectionGroup.sessionId),
        (m.DataCollection, m.DataCollection.dataCollectionGroupId),
        (m.DataCollection, m.DataCollectionGroup.sessionId),  # through its group
        (m.AutoProcProgram, m.AutoProcProgram.dataCollectionId),
        (m.AutoProcIntegration, m.AutoProcIntegration.dataCollectionId),
        (m.AutoProc, m.AutoProc.autoProcProgramId),
        (m.AutoProcScaling, m.AutoProcScaling.autoProcId),
        (m.AutoProcScalingStatistics, m.AutoProcScalingStatistics.autoProcScalingId),
        # gateway.sql.screening_links.COLLECTION: a collection's screenings (those naming it,
        # and those naming no collection but its group; the graph reads them only so). Not a
        # group's: a screening may name a group and a collection of another session.
        (m.Screening, m.DataCollection.dataCollectionId),
        (m.ScreeningOutputLattice, m.ScreeningOutputLattice.screeningId),
        (m.ScreeningStrategy, m.ScreeningStrategy.screeningId),
        (m.Movie, m.Movie.dataCollectionId),
        (m.MotionCorrection, m.MotionCorrection.movieId),
        (m.EnergyScan, m.EnergyScan.sessionId),
        (m.XFEFluorescenceSpectrum, m.XFEFluorescenceSpectrum.sessionId),
        (m.CTF, m.CTF.motionCorrectionId),
    }
)


# (model, key column of another model): a row reached through this to-one key from a row
# the caller sees is visible too, so the lookup by key needs no condition. Each follows
# from the rules above: a visible collection's group is visible (same rule through the
# group); a visible group's session is visible (the group's rule is its session's); a
# visible session's proposal is visible (membership of the proposal or of the session,
# which proposal_rule admits); a visible group's sample is visible (sample_rule admits
# the samples of visible sessions' groups).
REACHED: frozenset[tuple[type[Any], Any]] = frozenset(
    {
        (m.DataCollectionGroup, m.DataCollection.dataCollectionGroupId),
        (m.BLSession, m.DataCollectionGroup.sessionId),
        (m.Proposal, m.BLSession.proposalId),
        (m.BLSample, m.DataCollectionGroup.blSampleId),
    }
)


def rule_for(model: type[Any], who: Who) -> ColumnElement[bool]:
    """The visibility condition for rows of `model`; a model without a rule is a bug.

    Built once per (model, person, staff or not) and shared: a condition is an immutable
    expression, and reusing the same one lets SQLAlchemy reuse its cache key instead of
    building and walking a tree of subqueries for every request."""
    if model not in RULES:
        raise LookupError(f"no visibility rule for {model.__name__}")
    key: Any = model  # a class is hashable; mypy's type[Any] is not said to be
    return _rule(key, who.person_id, who.is_staff)


@dataclass(frozen=True)
class _Caller:
    person_id: int | None
    is_staff: bool


@lru_cache(maxsize=4096)
def _rule(model: Any, person_id: int | None, is_staff: bool) -> ColumnElement[bool]:
    return RULES[model](_Caller(person_id, is_staff))  # type: ignore[no-any-return]


# --- Sample preparation (shipments, dewars, containers; issue 13) -------------------------
# A proposal's shipments and what they hold are its members'; a shipment meant for a
# session (ShippingHasSession) is also seen by the people of that session, as its local
# contact must know what arrives for it. Samples, crystals and proteins are seen, besides
# through the sessions that used them, by their proposal's members (a protein or crystal
# just saved has no sample yet) and, for samples, through the container holding them.
# Lab contacts (addresses, courier accounts) stay with the proposal's members.


def shipment_rule(who: Who) -> ColumnElement[bool]:
    """Shipments of the viewer's proposals, and shipments meant for sessions they can see."""
    fixed = _everyone_or_no_one(who)
    if fixed is not None:
        return fixed
    s = m.Shipping
    return or_(
        s.proposalId.in_(member_proposals(who)),
        s.shippingId.in_(
            select(m.ShippingHasSession.shippingId).where(
                m.ShippingHasSession.sessionId.in_(visible_sessions(who))
            )
        ),
    )


def _via(key: Any, parent_key: Any, parent_rule: Any) -> Any:
    """`_through`, never correlated: these rules nest a table inside a rule of itself
    (a protein through its crystals through the proteins of your proposals)."""

    def rule(who: Who) -> ColumnElement[bool]:
        fixed = _everyone_or_no_one(who)
        if fixed is not None:
            return fixed
        return key.in_(select(parent_key).where(parent_rule(who)).correlate(None))  # type: ignore[no-any-return]

    return rule


def _member_proposal_of(column: Any) -> Any:
    def rule(who: Who) -> ColumnElement[bool]:
        fixed = _everyone_or_no_one(who)
        if fixed is not None:
            return fixed
        return column.in_(member_proposals(who))  # type: ignore[no-any-return]

    return rule


def _either(*rules: Any) -> Any:
    def rule(who: Who) -> ColumnElement[bool]:
        fixed = _everyone_or_no_one(who)
        if fixed is not None:
            return fixed
        return or_(*(r(who) for r in rules))

    return rule


RULES[m.Shipping] = shipment_rule
RULES[m.ShippingHasSession] = _session_of(m.ShippingHasSession.sessionId)
RULES[m.LabContact] = _member_proposal_of(m.LabContact.proposalId)
RULES[m.Dewar] = _via(m.Dewar.shippingId, m.Shipping.shippingId, shipment_rule)
RULES[m.Container] = _via(m.Container.dewarId, m.Dewar.dewarId, RULES[m.Dewar])
RULES[m.BLSample] = _either(
    sample_rule,
    _via(m.BLSample.containerId, m.Container.containerId, RULES[m.Container]),
)
_proposal_proteins = _member_proposal_of(m.Protein.proposalId)
RULES[m.Crystal] = _either(
    _via(m.Crystal.crystalId, m.BLSample.crystalId, RULES[m.BLSample]),
    _via(m.Crystal.proteinId, m.Protein.proteinId, _proposal_proteins),
)
RULES[m.Protein] = _either(
    _proposal_proteins, _via(m.Protein.proteinId, m.Crystal.proteinId, RULES[m.Crystal])
)
RULES[m.DiffractionPlan] = _either(
    _via(m.DiffractionPlan.diffractionPlanId, m.BLSample.diffractionPlanId, RULES[m.BLSample]),
    _via(m.DiffractionPlan.diffractionPlanId, m.Crystal.diffractionPlanId, RULES[m.Crystal]),
)
INHERITED = INHERITED | {
    (m.Dewar, m.Dewar.shippingId),
    (m.Container, m.Container.dewarId),
    (m.BLSample, m.BLSample.containerId),
}
