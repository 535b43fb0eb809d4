"""Reads of the sample-preparation graph, and what MXCuBE's sample synchronisation gets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graph.conftest import Run
from tests.prep.conftest import PEOPLE

CHANGER = """query($bl: String!, $p: Int, $s: Int, $rule: SampleChangerRule) {
  sampleChanger(beamLineName: $bl, proposalId: $p, sessionId: $s, rule: $rule) {
    blSampleId name code location holderLength smiles
    crystal { crystalId spaceGroup cellA cellB cellC cellAlpha cellBeta cellGamma
      protein { acronym } diffractionPlan { experimentKind minimalResolution } }
    diffractionPlan { experimentKind minimalResolution aimedResolution radiationSensitivity }
    container { containerId code containerType capacity sampleChangerLocation comments
      dewar { dewarId code shipment { shippingId shippingName comments } } } } }"""


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [r["blSampleId"] for r in rows]


async def test_sample_changer_holds_the_placed_pucks_in_order(rw: Run) -> None:
    out = await rw(CHANGER, viewer=PEOPLE["alice"], bl="id23-1", p=1)
    rows = out["sampleChanger"]
    # puck 1 (position 1): samples 1, 2; puck 2 (position 2): samples 6, 7, 3 by location
    assert _ids(rows) == [1, 2, 6, 7, 3]
    first = rows[0]
    assert first["crystal"]["protein"]["acronym"] == "GCSH"
    assert first["container"]["sampleChangerLocation"] == "1"
    assert first["container"]["dewar"]["shipment"]["shippingName"] == "GCSH March"
    plan = next(r for r in rows if r["blSampleId"] == 6)["diffractionPlan"]
    assert plan["experimentKind"] == "MXPressE" and plan["aimedResolution"] == 1.5
    # the sample's own plan, else its crystal's (as the Java server fills SampleInfo)
    hewl = next(r for r in rows if r["blSampleId"] == 7)
    assert hewl["diffractionPlan"] is None
    assert hewl["crystal"]["diffractionPlan"]["experimentKind"] == "OSC"
    assert hewl["smiles"] == "CC(=O)O"


async def test_sample_changer_by_session_and_other_beamlines(rw: Run) -> None:
    by_session = await rw(CHANGER, viewer=PEOPLE["alice"], bl="id23-1", s=1)
    assert _ids(by_session["sampleChanger"]) == [1, 2, 6, 7, 3]
    elsewhere = await rw(CHANGER, viewer=PEOPLE["alice"], bl="id30b", p=1)
    assert elsewhere["sampleChanger"] == []
    bad = await rw(CHANGER, viewer=PEOPLE["alice"], expect_errors=True, bl="id23-1", p=1, s=1)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_two_selection_rules_differ_as_documented(rw: Run) -> None:
    # Puck 3 (HEWL-P3, sample 8) is in no changer; make it and its sample 'processing'
    # with no beamline: the Java server's rule shows it on every beamline, ours does not.
    await rw(
        'mutation { updateSample(blSampleId: 8, patch: {blSampleStatus: "processing"}) { blSampleId } }'
    )
    placed = await rw(CHANGER, bl="id23-1", p=1, rule="PLACED")
    java = await rw(CHANGER, bl="id23-1", p=1, rule="JAVA_SERVER")
    assert 8 not in _ids(placed["sampleChanger"])
    assert 8 in _ids(java["sampleChanger"])
    assert set(_ids(placed["sampleChanger"])) <= set(_ids(java["sampleChanger"]))
    java_elsewhere = await rw(CHANGER, bl="id30b", p=1, rule="JAVA_SERVER")
    assert _ids(java_elsewhere["sampleChanger"]) == [8]


@pytest.mark.parametrize(
    ("person", "changer", "shipments", "contacts"),
    [
        ("alice", [1, 2, 6, 7, 3], [1], [1]),  # member
        ("bob", [1, 2, 6, 7, 3], [1], []),  # session member: shipment 1 is meant for session 2
        ("dave", [], [2], [2]),  # outsider to mx2112, member of mx2532
        ("carol", [1, 2, 6, 7, 3], [2, 1], [1, 2]),  # staff
    ],
)
async def test_who_sees_what(
    rw: Run, person: str, changer: list[int], shipments: list[int], contacts: list[int]
) -> None:
    viewer = PEOPLE[person]
    out = await rw(CHANGER, viewer=viewer, bl="id23-1", p=1)
    assert _ids(out["sampleChanger"]) == changer
    lists = await rw(
        """{ shipments { totalCount nodes { shippingId } }
             labContacts { totalCount nodes { labContactId } } }""",
        viewer=viewer,
    )
    assert [s["shippingId"] for s in lists["shipments"]["nodes"]] == shipments
    assert lists["shipments"]["totalCount"] == len(shipments)
    assert [c["labContactId"] for c in lists["labContacts"]["nodes"]] == contacts
    one = await rw("{ shipment(shippingId: 1) { shippingId } }", viewer=viewer)
    assert (one["shipment"] is not None) == (1 in shipments)


async def test_shipment_down_to_proteins_and_back(rw: Run) -> None:
    out = await rw(
        """{ shipment(shippingId: 1) { shippingName proposal { name }
              sessions { session { sessionId } } sendingLabContact { cardName person { login } }
              dewars { code sampleCount containers { code sampleCount
                samples { blSampleId location crystal { protein { acronym crystals { crystalId } } }
                  container { code } dataCollectionGroups { dataCollectionGroupId } } } } } }"""
    )
    shipment = out["shipment"]
    assert shipment["proposal"]["name"] == "mx2112"
    assert [s["session"]["sessionId"] for s in shipment["sessions"]] == [1, 2]
    assert shipment["sendingLabContact"]["person"]["login"] == "alice"
    (dewar,) = shipment["dewars"]
    assert dewar["sampleCount"] == 6
    pucks = {c["code"]: c for c in dewar["containers"]}
    assert {k: c["sampleCount"] for k, c in pucks.items()} == {
        "GCSH-P1": 2,
        "GCSH-P2": 3,
        "HEWL-P3": 1,
    }
    first = pucks["GCSH-P1"]["samples"][0]
    assert first["container"]["code"] == "GCSH-P1"
    assert [g["dataCollectionGroupId"] for g in first["dataCollectionGroups"]] == [1]


async def test_sample_and_dewar_filters(rw: Run) -> None:
    out = await rw(
        """{ a: samples(filter: {containerId: [2]}) { totalCount nodes { blSampleId } }
             b: samples(filter: {shippingId: [1], text: "hewl"}) { nodes { blSampleId } }
             c: samples(filter: {sessionId: 3}) { nodes { blSampleId } }
             d: samples(filter: {proteinId: [2]}) { nodes { blSampleId } }
             e: dewars(filter: {status: ["processing"]}) { nodes { dewarId sampleCount } }
             f: proteins(filter: {proposalId: [1]}) { nodes { acronym } }
             g: crystals(filter: {proteinId: [1]}) { nodes { crystalId } } }"""
    )
    assert _ids(out["a"]["nodes"]) == [3, 6, 7] and out["a"]["totalCount"] == 3
    assert _ids(out["b"]["nodes"]) == [3, 7, 8]
    assert _ids(out["c"]["nodes"]) == [4]
    assert _ids(out["d"]["nodes"]) == [3, 7, 8]
    assert out["e"]["nodes"] == [{"dewarId": 1, "sampleCount": 6}]
    assert [p["acronym"] for p in out["f"]["nodes"]] == ["GCSH", "HEWL"]
    assert [c["crystalId"] for c in out["g"]["nodes"]] == [1]
