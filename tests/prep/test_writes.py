"""Sample-preparation writes: each rule, each refusal, and the beamline day they serve."""

from __future__ import annotations

from typing import Any

from tests.graph.conftest import Run
from tests.prep.conftest import ALICE, BOB, DAVE, STAFF
from tests.prep.test_reads import CHANGER

STATUS = """mutation($id: Int!, $s: String!) { setShipmentStatus(shippingId: $id, status: $s) {
  shipment { shippingId shippingStatus } dewars { dewarId dewarStatus }
  containers { containerId containerStatus } } }"""
PLACE = """mutation($items: [PlacementInput!]!) { setSampleChangerLocations(items: $items) {
  containerId beamlineLocation sampleChangerLocation scLocationUpdated } }"""
CLEAR = """mutation($ids: [Int!]!) { clearSampleChangerLocations(containerIds: $ids) {
  containerId beamlineLocation sampleChangerLocation } }"""
CONTENTS = """mutation($c: Int!, $input: ContainerContentsInput!) {
  saveContainerContents(containerId: $c, input: $input) {
    container { containerId code capacity } removedSampleIds
    samples { blSampleId name location containerId
      crystal { crystalId spaceGroup cellA protein { acronym } }
      diffractionPlan { experimentKind aimedResolution } } } }"""


def _code(out: dict[str, Any]) -> str:
    return str(out["errors"][0]["extensions"]["code"])


async def test_the_prepare_page_then_mxcube_on_the_graph_alone(rw: Run) -> None:
    """A new shipment prepared as EXI / py-ispyb-ui do, then synchronised as MXCuBE does."""
    # Shipping pages: lab contacts, a shipment for session 1, a dewar, a puck.
    contacts = await rw(
        "{ labContacts(filter: {proposalId: [1]}) { nodes { labContactId } } }", viewer=ALICE
    )
    contact = contacts["labContacts"]["nodes"][0]["labContactId"]
    shipment = await rw(
        """mutation($i: ShipmentInput!) { saveShipment(input: $i) {
             shippingId shippingStatus creationDate sessions { sessionId } } }""",
        viewer=ALICE,
        i={
            "proposalId": 1,
            "shippingName": "GCSH April",
            "sendingLabContactId": contact,
            "returnLabContactId": contact,
            "sessionIds": [1],
        },
    )
    saved = shipment["saveShipment"]
    assert saved["shippingStatus"] == "opened" and saved["creationDate"] is not None
    assert saved["sessions"] == [{"sessionId": 1}]
    sid = saved["shippingId"]
    changed = await rw(
        """mutation($i: ShipmentInput!) { saveShipment(input: $i) {
             shippingName comments bltimeStamp sessions { sessionId } } }""",
        viewer=ALICE,
        i={"shippingId": sid, "comments": "fragile", "sessionIds": [1, 2]},
    )
    assert changed["saveShipment"]["shippingName"] == "GCSH April"
    assert changed["saveShipment"]["comments"] == "fragile"
    assert changed["saveShipment"]["sessions"] == [{"sessionId": 1}, {"sessionId": 2}]
    dewar = await rw(
        'mutation($s: Int!) { saveDewar(input: {shippingId: $s, code: "DW-APR"}) { dewarId } }',
        viewer=ALICE,
        s=sid,
    )
    did = dewar["saveDewar"]["dewarId"]
    puck = await rw(
        """mutation($d: Int!) { addContainer(dewarId: $d,
             input: {code: "APR-P1", containerType: "Unipuck", capacity: 16}) { containerId } }""",
        viewer=ALICE,
        d=did,
    )
    cid = puck["addContainer"]["containerId"]
    # Puck editor: three samples, one new crystal described, one plan.
    samples = [
        {
            "location": "1",
            "name": "GCSH-a1",
            "crystal": {
                "proteinId": 1,
                "spaceGroup": "P 21 21 21",
                "cellA": 34.2,
                "cellB": 52.9,
                "cellC": 71.3,
                "cellAlpha": 90.0,
                "cellBeta": 90.0,
                "cellGamma": 90.0,
            },
            "diffractionPlan": {"experimentKind": "MXPressE", "aimedResolution": 1.4},
        },
        {"location": "2", "name": "GCSH-a2", "crystalId": 1},
        {"location": "3", "name": "HEWL-a9", "crystal": {"proteinId": 2, "spaceGroup": "P 1"}},
    ]
    out = await rw(
        CONTENTS,
        viewer=ALICE,
        c=cid,
        input={"container": {"comments": "row 1"}, "samples": samples, "omitted": "KEEP"},
    )
    saved_samples = out["saveContainerContents"]["samples"]
    assert [s["location"] for s in saved_samples] == ["1", "2", "3"]
    # a described crystal equal to one the protein has is that crystal (Java server's reuse)
    assert saved_samples[0]["crystal"]["crystalId"] == 1
    assert saved_samples[0]["diffractionPlan"] == {
        "experimentKind": "MXPressE",
        "aimedResolution": 1.4,
    }
    assert saved_samples[2]["crystal"]["crystalId"] not in (1, 2)  # a new crystal
    new_ids = [s["blSampleId"] for s in saved_samples]

    # Prepare experiment: the dewar list, the shipment to processing, the puck into the changer.
    dewars = await rw(
        "{ dewars(filter: {proposalId: [1]}) { nodes { dewarId dewarStatus sampleCount } } }",
        viewer=ALICE,
    )
    assert {"dewarId": did, "dewarStatus": "opened", "sampleCount": 3} in dewars["dewars"]["nodes"]
    status = await rw(STATUS, viewer=ALICE, id=sid, s="processing")
    assert status["setShipmentStatus"]["containers"] == [
        {"containerId": cid, "containerStatus": "processing"}
    ]
    placed = await rw(
        PLACE,
        viewer=ALICE,
        items=[{"containerId": cid, "beamlineLocation": "id23-1", "sampleChangerLocation": "3"}],
    )
    assert placed["setSampleChangerLocations"][0]["scLocationUpdated"] is not None

    # MXCuBE: "synchronise with LIMS" for the session, then a mounted sample's centring.
    changer = await rw(CHANGER, viewer=ALICE, bl="id23-1", s=1)
    rows = changer["sampleChanger"]
    assert [r["blSampleId"] for r in rows] == [1, 2, 6, 7, 3, *new_ids]
    assert rows[5]["container"]["sampleChangerLocation"] == "3"
    assert rows[5]["diffractionPlan"]["aimedResolution"] == 1.4
    centred = await rw(
        """mutation($id: Int!) { updateSample(blSampleId: $id,
             patch: {lastKnownCenteringPosition: "0.1 0.2 0.3"}) { lastKnownCenteringPosition } }""",
        viewer=ALICE,
        id=new_ids[0],
    )
    assert centred["updateSample"]["lastKnownCenteringPosition"] == "0.1 0.2 0.3"

    # After the beamtime: out of the changer, shipment sent back.
    await rw(CLEAR, viewer=ALICE, ids=[cid])
    await rw(STATUS, viewer=ALICE, id=sid, s="sent_to_User")
    after = await rw(CHANGER, viewer=ALICE, bl="id23-1", s=1)
    assert [r["blSampleId"] for r in after["sampleChanger"]] == [1, 2, 6, 7, 3]


async def test_status_cascades_to_dewars_and_containers(rw: Run) -> None:
    out = await rw(STATUS, viewer=ALICE, id=1, s="at_ESRF")
    change = out["setShipmentStatus"]
    assert change["shipment"] == {"shippingId": 1, "shippingStatus": "at_ESRF"}
    assert change["dewars"] == [{"dewarId": 1, "dewarStatus": "at_ESRF"}]
    assert {c["containerStatus"] for c in change["containers"]} == {"at_ESRF"}
    assert len(change["containers"]) == 3
    # nothing is 'processing' any more: the sample changer is empty for mx2112
    changer = await rw(CHANGER, viewer=ALICE, bl="id23-1", p=1)
    assert changer["sampleChanger"] == []


async def test_who_may_write(rw: Run) -> None:
    # bob sees shipment 1 (its session 2 is his) but is no member of mx2112: refused
    seen = await rw(STATUS, viewer=BOB, expect_errors=True, id=1, s="processing")
    assert _code(seen) == "FORBIDDEN"
    # dave cannot see it: it answers as an unknown id, with the same message
    hidden = await rw(STATUS, viewer=DAVE, expect_errors=True, id=1, s="x")
    unknown = await rw(STATUS, viewer=DAVE, expect_errors=True, id=999999, s="x")
    assert _code(hidden) == _code(unknown) == "NOT_FOUND"
    assert hidden["errors"][0]["message"].replace("1", "N") == unknown["errors"][0][
        "message"
    ].replace("999999", "N")
    hidden_place = await rw(
        PLACE,
        viewer=DAVE,
        expect_errors=True,
        items=[{"containerId": 1, "beamlineLocation": "id30b", "sampleChangerLocation": "9"}],
    )
    assert _code(hidden_place) == "NOT_FOUND"
    # staff write anyone's; the owner their own
    staff = await rw(STATUS, viewer=STAFF, id=2, s="processing")
    assert staff["setShipmentStatus"]["shipment"]["shippingStatus"] == "processing"
    own = await rw(CLEAR, viewer=DAVE, ids=[4])
    assert own["clearSampleChangerLocations"][0]["containerId"] == 4
    # nothing changed where refused
    check = await rw("{ shipment(shippingId: 1) { shippingStatus } }")
    assert check["shipment"]["shippingStatus"] == "processing"
    # creating under someone else's proposal: unknown to an outsider
    create = await rw(
        'mutation { saveProtein(input: {proposalId: 1, acronym: "X"}) { proteinId } }',
        viewer=DAVE,
        expect_errors=True,
    )
    assert _code(create) == "NOT_FOUND"


async def test_every_problem_at_once_with_its_path_and_nothing_written(rw: Run) -> None:
    before = await rw("{ container(containerId: 2) { code samples { blSampleId name } } }")
    out = await rw(
        CONTENTS,
        viewer=ALICE,
        expect_errors=True,
        c=2,
        input={
            "container": {"code": "x" * 46},
            "samples": [
                {"location": "1", "blSampleId": 6, "name": "n" * 101},
                {"location": "1", "name": "dup"},  # same location, no crystal
                {"location": "17", "crystalId": 1},  # beyond a 16-place puck
                {
                    "location": "4",
                    "crystal": {"proteinId": 3},  # dave's protein
                    "diffractionPlan": {"experimentKind": "NoSuchKind"},
                },
                {"location": "5", "blSampleId": 4, "crystalId": 1},  # not in this container
            ],
            "omitted": "KEEP",
        },
    )
    error = out["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    paths = {p["path"] for p in error["extensions"]["problems"]}
    assert {
        "input.code",
        "input.samples[0].name",
        "input.samples[1].location",
        "input.samples[1].crystal",
        "input.samples[2].location",
        "input.samples[3].diffractionPlan.experimentKind",
        "input.samples[3].crystal.proteinId",
        "input.samples[4].blSampleId",
    } <= paths, paths
    after = await rw("{ container(containerId: 2) { code samples { blSampleId name } } }")
    assert after == before


async def test_left_out_samples_follow_the_explicit_argument(rw: Run) -> None:
    keep = await rw(
        CONTENTS,
        viewer=ALICE,
        c=2,
        input={"samples": [{"location": "1", "blSampleId": 6}], "omitted": "KEEP"},
    )
    assert [s["blSampleId"] for s in keep["saveContainerContents"]["samples"]] == [6, 7, 3]
    assert keep["saveContainerContents"]["removedSampleIds"] == []
    # sample 3 has data collections: deleting it is refused, and nothing changes
    refused = await rw(
        CONTENTS,
        viewer=ALICE,
        expect_errors=True,
        c=2,
        input={"samples": [{"location": "1", "blSampleId": 6}], "omitted": "DELETE"},
    )
    assert _code(refused) == "CONFLICT"
    detach = await rw(
        CONTENTS,
        viewer=ALICE,
        c=2,
        input={"samples": [{"location": "1", "blSampleId": 6}], "omitted": "DETACH"},
    )
    assert detach["saveContainerContents"]["removedSampleIds"] == [3, 7]
    assert [s["blSampleId"] for s in detach["saveContainerContents"]["samples"]] == [6]
    kept = await rw("{ sample(blSampleId: 7) { blSampleId containerId } }")
    assert kept["sample"] == {"blSampleId": 7, "containerId": None}
    # puck 3's sample 8 has no data: DELETE deletes it
    gone = await rw(CONTENTS, viewer=ALICE, c=3, input={"samples": [], "omitted": "DELETE"})
    assert gone["saveContainerContents"]["removedSampleIds"] == [8]
    assert (await rw("{ sample(blSampleId: 8) { blSampleId } }"))["sample"] is None


async def test_deletes_and_the_catalogue(rw: Run) -> None:
    # a shipment whose samples have data collections is not deleted
    refused = await rw(
        "mutation { deleteShipment(shippingId: 1) }", viewer=ALICE, expect_errors=True
    )
    assert _code(refused) == "CONFLICT"
    # an empty one is, with its dewar and puck
    sid = (
        await rw(
            'mutation { saveShipment(input: {proposalId: 1, shippingName: "tmp"}) { shippingId } }',
            viewer=ALICE,
        )
    )["saveShipment"]["shippingId"]
    did = (
        await rw(
            "mutation($s: Int!) { saveDewar(input: {shippingId: $s}) { dewarId dewarStatus } }",
            viewer=ALICE,
            s=sid,
        )
    )["saveDewar"]["dewarId"]
    await rw(
        "mutation($d: Int!) { addContainer(dewarId: $d) { containerId } }", viewer=ALICE, d=did
    )
    assert (await rw("mutation($s: Int!) { deleteShipment(shippingId: $s) }", viewer=ALICE, s=sid))[
        "deleteShipment"
    ] == sid
    assert (await rw("query($d: Int!) { dewar(dewarId: $d) { dewarId } }", d=did))["dewar"] is None
    # proteins: acronyms are unique in a proposal; crystals; lab contacts
    dup = await rw(
        'mutation { saveProtein(input: {proposalId: 1, acronym: "GCSH"}) { proteinId } }',
        viewer=ALICE,
        expect_errors=True,
    )
    assert dup["errors"][0]["extensions"]["problems"][0]["path"] == "input.acronym"
    protein = await rw(
        'mutation { saveProtein(input: {proposalId: 1, acronym: "FAB1", name: "Fab"}) { proteinId acronym } }',
        viewer=ALICE,
    )
    pid = protein["saveProtein"]["proteinId"]
    crystal = await rw(
        """mutation($p: Int!) { saveCrystal(input: {proteinId: $p, spaceGroup: "C 2", cellA: 100.5})
             { crystalId spaceGroup cellA protein { acronym } } }""",
        viewer=ALICE,
        p=pid,
    )
    assert crystal["saveCrystal"]["protein"]["acronym"] == "FAB1"
    # a new protein with no sample yet is its members' to see
    seen = await rw("{ proteins(filter: {proposalId: [1]}) { nodes { proteinId } } }", viewer=ALICE)
    assert pid in [p["proteinId"] for p in seen["proteins"]["nodes"]]
    card = await rw(
        'mutation { saveLabContact(input: {labContactId: 1, courierAccount: "FX-12"}) { courierAccount cardName } }',
        viewer=ALICE,
    )
    assert card["saveLabContact"] == {"courierAccount": "FX-12", "cardName": "Alice-Grenoble"}
    too_wide = await rw(
        'mutation { saveLabContact(input: {proposalId: 1, cardName: "%s"}) { labContactId } }'
        % ("c" * 41),
        viewer=ALICE,
        expect_errors=True,
    )
    assert too_wide["errors"][0]["extensions"]["problems"][0]["path"] == "input.cardName"
