"""The differential corpus: documents both read paths must answer identically.

Grow it with every new type or argument: `every_root` follows the schema on its
own; the hand-written entries cover what a generated walk does not (pagination
in both directions, each filter and order, aliases, fragments, errors, and the
shapes the plan leaves to graphql-core).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLSchema, get_named_type

from tests.flavours.walk import every_field


@dataclass(frozen=True)
class Entry:
    name: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    # False: the plan must leave it to graphql-core; None: depends on the rows the viewer sees
    planned: bool | None = True


def every_root(schema: GraphQLSchema, ids: dict[str, int]) -> list[Entry]:
    """Every field and relation reachable from each ISPyB root, as a generated document.

    Add each new root here: the walk then covers its types' fields and relations."""
    roots = {
        "proposal": f"(proposalId: {ids['proposal']})",
        "proposalByName": '(name: "mx2112")',
        "proposals": "",
        "session": f"(sessionId: {ids['session']})",
        "sessions": "",
        "dataCollectionGroup": f"(dataCollectionGroupId: {ids['group']})",
        "dataCollection": f"(dataCollectionId: {ids['collection']})",
        "dataCollections": "",
        # Sample preparation (issue 13)
        "shipments": "",
        "dewars": "",
        "samples": "",
        "proteins": "",
        "crystals": "",
        "labContacts": "",
        "sampleChanger": f'(beamLineName: "id23-1", proposalId: {ids["proposal"]})',
    }
    entries = []
    for root, args in roots.items():
        for depth in (2, 6):
            entries.append(
                Entry(f"walk {root} depth {depth}", every_field(schema, root, args, depth))
            )
    return entries


_ORDERED = {  # root connection -> (filter input, order input)
    "proposals": ("ProposalFilter", "ProposalOrder"),
    "sessions": ("SessionFilter", "SessionOrder"),
    "dataCollections": ("DataCollectionFilter", "DataCollectionOrder"),
}


def orders(schema: GraphQLSchema) -> list[Entry]:
    """Each root list in every order its input offers, both directions, nested lists too."""
    entries = []
    for root, (_, order_type) in _ORDERED.items():
        order = schema.get_type(order_type)
        assert isinstance(order, GraphQLInputObjectType)
        fields = get_named_type(order.fields["field"].type)
        assert isinstance(fields, GraphQLEnumType)
        for value in fields.values:
            for direction in ("ASC", "DESC"):
                entries.append(
                    Entry(
                        f"{root} by {value} {direction}",
                        f"{{ {root}(first: 4, orderBy: {{field: {value}, direction: {direction}}})"
                        " { totalCount pageInfo { hasNextPage hasPreviousPage startCursor"
                        " endCursor } edges { cursor node { id __typename } } } }",
                    )
                )
    group_order = schema.get_type("DataCollectionGroupOrder")
    assert isinstance(group_order, GraphQLInputObjectType)
    group_fields = get_named_type(group_order.fields["field"].type)
    assert isinstance(group_fields, GraphQLEnumType)
    for value in group_fields.values:
        entries.append(
            Entry(
                f"session groups by {value}",
                "{ sessions(first: 3) { nodes { sessionId dataCollectionGroups(first: 2, "
                f"orderBy: {{field: {value}, direction: DESC}}) {{ totalCount nodes {{ "
                "dataCollectionGroupId startTime dataCollections(last: 1) { nodes { "
                "dataCollectionId } } } } } } }",
                planned=True,
            )
        )
    return entries


FILTERS = [
    Entry("proposals text", '{ proposals(filter: {text: "mx"}) { totalCount nodes { name } } }'),
    Entry(
        "sessions beamline and dates",
        '{ sessions(filter: {beamline: ["id23-1", "ID30A-3"], startDate: {from: "2020-01-01"}})'
        " { totalCount nodes { sessionId beamLineName startDate } } }",
    ),
    Entry(
        "sessions text",
        '{ sessions(filter: {text: "id"}) { totalCount nodes { sessionId } } }',
    ),
    Entry(
        "collections filtered",
        "query Q($f: DataCollectionFilter) { dataCollections(first: 10, filter: $f) "
        "{ totalCount nodes { dataCollectionId imagePrefix runStatus startTime } } }",
        {"f": {"text": "a", "startTime": {"from": "2000-01-01T00:00:00", "to": "2100-01-01"}}},
    ),
    Entry(
        "groups by experiment type",
        '{ sessions { nodes { dataCollectionGroups(filter: {experimentType: ["OSC", "Mesh"]})'
        " { totalCount nodes { experimentType } } } } }",
    ),
]

SHAPES = [
    Entry(
        "aliases, fragments and typenames",
        """query Page($sid: Int!) {
          a: session(sessionId: $sid) { ...S }
          b: session(sessionId: $sid) { sessionId beamLineName __typename }
          missing: session(sessionId: 999999) { sessionId }
        }
        fragment S on Session {
          __typename id sessionId
          ... on Session { startDate endDate }
          dataCollections(first: 3) { ...C edges { cursor } }
          proposal { name proposalCode person { familyName } }
        }
        fragment C on DataCollectionConnection {
          totalCount nodes { id dataCollectionId group { id sample { name crystal { id } } } }
        }""",
        {"sid": 1},
    ),
    Entry(
        "a field asked twice with different sub-selections is merged",
        "{ proposals(first: 2) { nodes { proposalId } } proposals(first: 2) {"
        " nodes { title sessions { totalCount } } } }",
    ),
    Entry(
        "integrations and programs",
        "{ dataCollections(first: 20) { nodes { dataCollectionId autoProcIntegrations {"
        " cellA cellGamma autoProcProgram { processingPrograms processingStatus"
        " autoProcs { spaceGroup refinedCellA } } } processingStatusCounts {"
        " success failed running } screeningCount screenings { screeningId } } } }",
    ),
    Entry("viewer", "{ viewer { login isStaff } }"),
    Entry("job types and jobs", "{ jobTypes { name } jobs(first: 5) { totalCount } }"),
    Entry(
        "job counts on collections",
        "{ dataCollections(first: 5) { nodes { jobCounts { total } jobs { jobId } } } }",
    ),
    # Left to graphql-core by design:
    Entry(
        "directives",
        "query Q($yes: Boolean!) { proposals(first: 1) { nodes { proposalId @include(if: $yes)"
        " title @skip(if: $yes) } } }",
        {"yes": True},
        planned=False,
    ),
    Entry("introspection", "{ __schema { queryType { name } } }", planned=False),
    Entry(
        "node by global id",
        "query N($id: ID!) { node(id: $id) { id ... on Session { sessionId } } }",
        {"id": "U2Vzc2lvbjox"},
        planned=False,
    ),
]

ERRORS = [
    Entry(
        "a cursor this API did not issue",
        '{ proposals(after: "bm90LWEtY3Vyc29y") { totalCount } }',
        planned=False,
    ),
    Entry("a negative page", "{ sessions(first: -1) { totalCount } }", planned=False),
    Entry("too large a page", "{ sessions(first: 100000) { totalCount } }", planned=False),
    Entry(
        "an error deep in the tree keeps its path",
        "{ sessions(first: 2) { nodes { sessionId dataCollections(first: -3) { totalCount } } } }",
        planned=None,  # without sessions, no nested list is read and nothing fails
    ),
    Entry(
        "last without before on a list that needs it",
        "{ sessions(first: 2) { nodes { dataCollectionGroups(last: 2) { totalCount } } } }",
    ),
    Entry("a bad proposal name", '{ proposalByName(name: "??") { proposalId } }', planned=False),
    Entry(
        "a variable of the wrong type",
        "query Q($id: Int!) { session(sessionId: $id) { sessionId } }",
        {"id": "one"},
        planned=False,
    ),
    Entry(
        "an integer beyond 32 bits",
        "query Q($id: Int!) { session(sessionId: $id) { sessionId } }",
        {"id": 2**40},
        planned=False,
    ),
]


def paging_steps() -> list[tuple[str, str]]:
    """Lists paged through with cursors, forwards and backwards (driven by the test)."""
    return [
        ("root collections", "dataCollections"),
        ("root sessions", "sessions"),
        ("root proposals", "proposals"),
    ]
