"""A small, realistic ISPyB data set for the demo and the tests.

Who sees what (the ISPyB rules):
  alice  principal investigator and member of mx2112
  bob    local contact on one mx2112 session only (session 2)
  carol  staff, through UserGroup → Permission `all_proposals`
  dave   member of mx2532 only: an outsider to mx2112
Deterministic: fixed ids and values, so tests can rely on them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, update

from gateway.sql import models as m

T0 = dt.datetime(2024, 3, 12, 9, 0, 0)


def _at(days: float, minutes: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(days=days, minutes=minutes)


def _rows(conn: Connection, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert rows, grouped by their keys: absent keys keep the column's server default."""
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_keys.setdefault(tuple(sorted(row)), []).append(row)
    for group in by_keys.values():
        conn.execute(insert(model.__table__), group)


def load_demo_data(conn: Connection) -> None:
    """Insert the demo rows into a freshly migrated database (blocking connection)."""
    _rows(
        conn,
        m.Person,
        [
            {
                "personId": 1,
                "login": "alice",
                "givenName": "Alice",
                "familyName": "Martin",
                "emailAddress": "alice@example.org",
                "title": "Dr",
            },
            {
                "personId": 2,
                "login": "bob",
                "givenName": "Bob",
                "familyName": "Durand",
                "emailAddress": "bob@example.org",
            },
            {
                "personId": 3,
                "login": "carol",
                "givenName": "Carol",
                "familyName": "Leroy",
                "emailAddress": "carol@example.org",
            },
            {
                "personId": 4,
                "login": "dave",
                "givenName": "Dave",
                "familyName": "Smith",
                "emailAddress": "dave@example.org",
            },
        ],
    )
    _rows(conn, m.UserGroup, [{"userGroupId": 1, "name": "mx_staff"}])
    _rows(
        conn,
        m.Permission,
        [{"permissionId": 1, "type": "all_proposals", "description": "See every proposal"}],
    )
    _rows(conn, m.UserGroupHasPermission, [{"userGroupId": 1, "permissionId": 1}])
    _rows(conn, m.UserGroupHasPerson, [{"userGroupId": 1, "personId": 3}])

    _rows(
        conn,
        m.Proposal,
        [
            {
                "proposalId": 1,
                "personId": 1,
                "proposalCode": "mx",
                "proposalNumber": "2112",
                "title": "Structure of the glycine cleavage system H protein",
                "proposalType": "MX",
                "state": "Open",
            },
            {
                "proposalId": 2,
                "personId": 4,
                "proposalCode": "mx",
                "proposalNumber": "2532",
                "title": "Thaumatin ligand soaking campaign",
                "proposalType": "MX",
                "state": "Open",
            },
            {
                "proposalId": 3,
                "personId": 3,
                "proposalCode": "mxihr",
                "proposalNumber": "1",
                "title": "In-house research: apoferritin by cryo-EM",
                "proposalType": "MX",
                "state": "Open",
            },
        ],
    )
    _rows(
        conn,
        m.ProposalHasPerson,
        [
            {"proposalHasPersonId": 1, "proposalId": 1, "personId": 1},
            {"proposalHasPersonId": 2, "proposalId": 2, "personId": 4},
        ],
    )
    _rows(
        conn,
        m.BLSession,
        [
            {
                "sessionId": 1,
                "proposalId": 1,
                "beamLineName": "id23-1",
                "visit_number": 1,
                "startDate": _at(0),
                "endDate": _at(1),
                "scheduled": 1,
                "nbShifts": 3,
                "comments": "First GCSH beamtime",
                "beamLineOperator": "Carol Leroy",
            },
            {
                "sessionId": 2,
                "proposalId": 1,
                "beamLineName": "id30a-3",
                "visit_number": 2,
                "startDate": _at(50),
                "endDate": _at(51),
                "scheduled": 1,
                "nbShifts": 3,
                "comments": "Follow-up with soaked crystals",
                "beamLineOperator": "Bob Durand",
            },
            {
                "sessionId": 3,
                "proposalId": 2,
                "beamLineName": "id30b",
                "visit_number": 1,
                "startDate": _at(90),
                "endDate": _at(91),
                "scheduled": 1,
                "nbShifts": 3,
            },
            {
                "sessionId": 4,
                "proposalId": 3,
                "beamLineName": "cm01",
                "visit_number": 1,
                "startDate": _at(120),
                "endDate": _at(122),
                "scheduled": 1,
                "nbShifts": 6,
                "comments": "Apoferritin test grid",
            },
        ],
    )
    _rows(
        conn,
        m.SessionHasPerson,
        [
            {"sessionId": 1, "personId": 1, "role": "Principal Investigator", "remote": 1},
            {"sessionId": 2, "personId": 2, "role": "Local Contact", "remote": 0},
        ],
    )

    _rows(
        conn,
        m.Protein,
        [
            {
                "proteinId": 1,
                "proposalId": 1,
                "name": "Glycine cleavage system H protein",
                "acronym": "GCSH",
                "molecularMass": 13870.0,
            },
            {
                "proteinId": 2,
                "proposalId": 1,
                "name": "Lysozyme C",
                "acronym": "HEWL",
                "molecularMass": 14313.0,
            },
            {"proteinId": 3, "proposalId": 2, "name": "Thaumatin I", "acronym": "THAU"},
            {"proteinId": 4, "proposalId": 3, "name": "Apoferritin", "acronym": "APOF"},
        ],
    )
    _rows(
        conn,
        m.Crystal,
        [
            {
                "crystalId": 1,
                "proteinId": 1,
                "name": "GCSH-form1",
                "spaceGroup": "P 21 21 21",
                "cell_a": 34.2,
                "cell_b": 52.9,
                "cell_c": 71.3,
                "cell_alpha": 90.0,
                "cell_beta": 90.0,
                "cell_gamma": 90.0,
            },
            {
                "crystalId": 2,
                "proteinId": 2,
                "name": "HEWL-tetragonal",
                "spaceGroup": "P 43 21 2",
                "cell_a": 78.9,
                "cell_b": 78.9,
                "cell_c": 37.0,
                "cell_alpha": 90.0,
                "cell_beta": 90.0,
                "cell_gamma": 90.0,
            },
            {"crystalId": 3, "proteinId": 3, "name": "THAU-soak", "spaceGroup": "P 41 21 2"},
            {"crystalId": 4, "proteinId": 4, "name": "APOF-grid"},
        ],
    )
    _rows(
        conn,
        m.BLSample,
        [
            {"blSampleId": 1, "crystalId": 1, "name": "GCSH-x8", "code": "GX8", "location": "1"},
            {"blSampleId": 2, "crystalId": 1, "name": "GCSH-x9", "code": "GX9", "location": "2"},
            {"blSampleId": 3, "crystalId": 2, "name": "HEWL-a1", "location": "3"},
            {"blSampleId": 4, "crystalId": 3, "name": "THAU-s1", "location": "1"},
            {"blSampleId": 5, "crystalId": 4, "name": "APOF-g1", "location": "1"},
        ],
    )
    _sample_preparation(conn)

    # (group, session, sample, type, [(collection, number, images, prefix, comments)])
    groups: list[tuple[int, int, int, str, list[tuple[int, int, int, str, str | None]]]] = [
        (
            1,
            1,
            1,
            "OSC",
            [(1, 1, 880, "GCSH-x8", "Best crystal so far"), (2, 2, 430, "GCSH-x8", None)],
        ),
        (2, 1, 2, "Characterization", [(3, 1, 4, "GCSH-x9", "Characterisation")]),
        (3, 1, 3, "OSC", [(4, 1, 1800, "HEWL-a1", None)]),
        (4, 2, 2, "OSC", [(5, 1, 3600, "GCSH-x9", "Soaked 2 h")]),
        (5, 2, 2, "Characterization", [(6, 1, 2, "GCSH-x9", None)]),
        (6, 3, 4, "OSC", [(7, 1, 1200, "THAU-s1", None), (8, 2, 1200, "THAU-s1", "Second sweep")]),
        (7, 4, 5, "EM", [(9, 1, 40, "APOF-g1", "Grid square 12")]),
    ]
    group_rows, dc_rows = [], []
    for gid, sid, sample, kind, collections in groups:
        session_start = {1: 0, 2: 50, 3: 90, 4: 120}[sid]
        group_rows.append(
            {
                "dataCollectionGroupId": gid,
                "sessionId": sid,
                "blSampleId": sample,
                "experimentType": kind,
                "startTime": _at(session_start, gid * 20),
                "endTime": _at(session_start, gid * 20 + 15),
                "comments": f"{kind} on sample {sample}",
            }
        )
        for dcid, number, images, prefix, comments in collections:
            start = _at(session_start, gid * 20 + number * 5)
            dc_rows.append(
                {
                    "dataCollectionId": dcid,
                    "dataCollectionGroupId": gid,
                    "dataCollectionNumber": number,
                    "startTime": start,
                    "endTime": start + dt.timedelta(minutes=4),
                    "runStatus": "Data collection successful",
                    "numberOfImages": images,
                    "startImageNumber": 1,
                    "imagePrefix": prefix,
                    "imageDirectory": f"/data/visitor/session{sid}/{prefix}",
                    "fileTemplate": f"{prefix}_{number}_####.cbf",
                    "imageSuffix": "cbf",
                    "wavelength": 0.9763,
                    "resolution": 1.6 + dcid / 10,
                    "detectorDistance": 250.0,
                    "exposureTime": 0.02,
                    "axisStart": 0.0,
                    "axisRange": 0.1,
                    "axisEnd": images * 0.1,
                    "transmission": 20.0,
                    "comments": comments,
                }
            )
    _rows(conn, m.DataCollectionGroup, group_rows)
    _rows(conn, m.DataCollection, dc_rows)
    _autoprocessing(
        conn, [dcid for _, _, _, _, dcs in groups for dcid, _, images, _, _ in dcs if images >= 400]
    )
    # (collection, group): the last two name only their group, as characterisation programs
    # write them; they belong to the group and to each of its collections.
    _screenings(conn, [(3, 2), (6, 5), (None, 4), (None, 6)])
    _movies(conn, 9)
    _beamline_events(conn)


# The demo beamline whose sample changer holds alice's two pucks (sampleChanger answers it).
DEMO_BEAMLINE = "id23-1"


def _sample_preparation(conn: Connection) -> None:
    """Shipments, dewars and pucks; two of alice's pucks sit in id23-1's sample changer.

    Shipment 1 (mx2112) is meant for sessions 1 and 2, so bob, local contact of session
    2, sees it too; shipment 2 is dave's (mx2532), not on any sample changer."""
    _rows(
        conn,
        m.LabContact,
        [
            {"labContactId": 1, "personId": 1, "proposalId": 1, "cardName": "Alice-Grenoble"},
            {"labContactId": 2, "personId": 4, "proposalId": 2, "cardName": "Dave-Oxford"},
        ],
    )
    _rows(
        conn,
        m.DiffractionPlan,
        [
            {
                "diffractionPlanId": 1,
                "experimentKind": "MXPressE",
                "aimedResolution": 1.5,
                "requiredResolution": 2.0,
                "radiationSensitivity": 1.0,
                "aimedCompleteness": 0.99,
                "aimedMultiplicity": 4.0,
            },
            {"diffractionPlanId": 2, "experimentKind": "OSC", "requiredResolution": 1.8},
        ],
    )
    conn.execute(update(m.Crystal).where(m.Crystal.crystalId == 2).values(diffractionPlanId=2))
    _rows(
        conn,
        m.Shipping,
        [
            {
                "shippingId": 1,
                "proposalId": 1,
                "shippingName": "GCSH March",
                "shippingStatus": "processing",
                "creationDate": _at(-10),
                "sendingLabContactId": 1,
                "returnLabContactId": 1,
                "comments": "Two pucks of GCSH, one of lysozyme",
            },
            {
                "shippingId": 2,
                "proposalId": 2,
                "shippingName": "Thaumatin soaks",
                "shippingStatus": "opened",
                "creationDate": _at(80),
                "sendingLabContactId": 2,
                "returnLabContactId": 2,
            },
        ],
    )
    _rows(
        conn,
        m.ShippingHasSession,
        [
            {"shippingId": 1, "sessionId": 1},
            {"shippingId": 1, "sessionId": 2},
            {"shippingId": 2, "sessionId": 3},
        ],
    )
    _rows(
        conn,
        m.Dewar,
        [
            {"dewarId": 1, "shippingId": 1, "code": "DW-GCSH-1", "dewarStatus": "processing"},
            {"dewarId": 2, "shippingId": 2, "code": "DW-THAU-1", "dewarStatus": "opened"},
        ],
    )
    puck = {"containerType": "Unipuck", "capacity": 16}
    _rows(
        conn,
        m.Container,
        [
            {
                **puck,
                "containerId": 1,
                "dewarId": 1,
                "code": "GCSH-P1",
                "beamlineLocation": DEMO_BEAMLINE,
                "sampleChangerLocation": "1",
                "containerStatus": "processing",
            },
            {
                **puck,
                "containerId": 2,
                "dewarId": 1,
                "code": "GCSH-P2",
                "beamlineLocation": DEMO_BEAMLINE,
                "sampleChangerLocation": "2",
                "containerStatus": "processing",
                "comments": "Soaked crystals",
            },
            {**puck, "containerId": 3, "dewarId": 1, "code": "HEWL-P3", "containerStatus": None},
            {**puck, "containerId": 4, "dewarId": 2, "code": "THAU-P1", "containerStatus": None},
        ],
    )
    for sample, container in ((1, 1), (2, 1), (3, 2), (4, 4)):
        conn.execute(
            update(m.BLSample).where(m.BLSample.blSampleId == sample).values(containerId=container)
        )
    _rows(
        conn,
        m.BLSample,
        [
            {
                "blSampleId": 6,
                "crystalId": 1,
                "containerId": 2,
                "name": "GCSH-x10",
                "code": "GX10",
                "location": "1",
                "diffractionPlanId": 1,
                "holderLength": 22.0,
            },
            {
                "blSampleId": 7,
                "crystalId": 2,
                "containerId": 2,
                "name": "HEWL-a2",
                "location": "2",
                "SMILES": "CC(=O)O",
            },
            {"blSampleId": 8, "crystalId": 2, "containerId": 3, "name": "HEWL-a3", "location": "1"},
        ],
    )


def _autoprocessing(conn: Connection, collections: list[int]) -> None:
    pipelines = [("EDNA_proc", "1"), ("autoPROC", "1"), ("XIA2_DIALS", "0")]
    programs, integrations, autoprocs, scalings, stats, links = [], [], [], [], [], []
    n = 0
    for dcid in collections:
        for name, status in pipelines:
            n += 1
            programs.append(
                {
                    "autoProcProgramId": n,
                    "dataCollectionId": dcid,
                    "processingPrograms": name,
                    "processingCommandLine": f"{name.lower()} --dc {dcid}",
                    "processingStatus": status,
                    "processingMessage": "ok" if status == "1" else "failed",
                    "processingStartTime": _at(0, n),
                    "processingEndTime": _at(0, n + 12),
                }
            )
            integrations.append(
                {
                    "autoProcIntegrationId": n,
                    "dataCollectionId": dcid,
                    "autoProcProgramId": n,
                    "startImageNumber": 1,
                    "endImageNumber": 400,
                    "cell_a": 34.2 + n / 100,
                    "cell_b": 52.9,
                    "cell_c": 71.3,
                    "cell_alpha": 90.0,
                    "cell_beta": 90.0,
                    "cell_gamma": 90.0,
                    "anomalous": 0,
                }
            )
            if status != "1":
                continue
            autoprocs.append(
                {
                    "autoProcId": n,
                    "autoProcProgramId": n,
                    "spaceGroup": "P 21 21 21",
                    "refinedCell_a": 34.2,
                    "refinedCell_b": 52.9,
                    "refinedCell_c": 71.3,
                    "refinedCell_alpha": 90.0,
                    "refinedCell_beta": 90.0,
                    "refinedCell_gamma": 90.0,
                }
            )
            scalings.append({"autoProcScalingId": n, "autoProcId": n})
            links.append(
                {"autoProcScaling_has_IntId": n, "autoProcScalingId": n, "autoProcIntegrationId": n}
            )
            for k, (shell, low, high, rmerge, isig, compl) in enumerate(
                [
                    ("overall", 45.0, 1.6, 0.071, 12.4, 99.1),
                    ("innerShell", 45.0, 4.3, 0.032, 38.0, 99.8),
                    ("outerShell", 1.7, 1.6, 0.612, 1.9, 97.5),
                ]
            ):
                stats.append(
                    {
                        "autoProcScalingStatisticsId": n * 3 + k,
                        "autoProcScalingId": n,
                        "scalingStatisticsType": shell,
                        "resolutionLimitLow": low,
                        "resolutionLimitHigh": high,
                        "rMerge": rmerge,
                        "meanIOverSigI": isig,
                        "completeness": compl,
                        "multiplicity": 6.5,
                        "ccHalf": 99.7 - 30 * k,
                        "nTotalObservations": 180000 // (k + 1),
                    }
                )
    _rows(conn, m.AutoProcProgram, programs)
    _rows(conn, m.AutoProcIntegration, integrations)
    _rows(conn, m.AutoProc, autoprocs)
    _rows(conn, m.AutoProcScaling, scalings)
    _rows(conn, m.AutoProcScalingStatistics, stats)
    _rows(conn, m.AutoProcScalingHasInt, links)


def _screenings(conn: Connection, targets: list[tuple[int | None, int]]) -> None:
    for n, (dcid, gid) in enumerate(targets, start=1):
        _rows(
            conn,
            m.Screening,
            [
                {
                    "screeningId": n,
                    "dataCollectionId": dcid,
                    "dataCollectionGroupId": gid,
                    "programVersion": "EDNA 2.1",
                    "shortComments": "Standard",
                    "statusDescription": "Labelit: success",
                    "resolutionObtained": 1.8,
                    "numSpotsFound": 1450,
                    "mosaicity": 0.12,
                    "iOverSigma": 14.0,
                    "strategySuccess": 1,
                    "indexingSuccess": 1,
                    "mosaicityEstimated": 0,
                    "program": "BEST",
                }
            ],
        )
        _rows(
            conn,
            m.ScreeningInput,
            [{"screeningInputId": n, "screeningId": n, "beamX": 162.3, "beamY": 158.1}],
        )
        _rows(
            conn,
            m.ScreeningOutputLattice,
            [
                {
                    "screeningOutputLatticeId": n,
                    "screeningId": n,
                    "spaceGroup": "P212121",
                    "pointGroup": "222",
                    "bravaisLattice": "oP",
                    "unitCell_a": 34.2,
                    "unitCell_b": 52.9,
                    "unitCell_c": 71.3,
                    "unitCell_alpha": 90.0,
                    "unitCell_beta": 90.0,
                    "unitCell_gamma": 90.0,
                }
            ],
        )
        _rows(
            conn,
            m.ScreeningStrategy,
            [
                {
                    "screeningStrategyId": n,
                    "screeningId": n,
                    "phiStart": 0.0,
                    "phiEnd": 90.0,
                    "rotation": 0.1,
                    "exposureTime": 0.037,
                    "resolution": 1.8,
                    "completeness": 99.5,
                    "multiplicity": 3.8,
                    "anomalous": 0,
                    "program": "BEST",
                    "transmission": 31.0,
                    "wedgeNumber": 1,
                    "doseTotal": 1.2,
                    "numberOfImages": 900,
                    "phi": 0.0,
                    "kappa": 0.0,
                    "wavelength": 0.9763,
                    "subWedgeNumber": 1,
                    "rotationAxis": "omega",
                    "axisStart": 0.0,
                    "axisEnd": 90.0,
                    "oscillationRange": 0.1,
                }
            ],
        )


def _movies(conn: Connection, dcid: int) -> None:
    movies, corrections, ctfs = [], [], []
    for n in range(1, 4):
        movies.append(
            {
                "movieId": n,
                "dataCollectionId": dcid,
                "movieNumber": n,
                "movieFullPath": f"/data/cm01/apof/movie_{n:04d}.tiff",
                "dosePerImage": 1.1,
                "createdTimeStamp": _at(120, n),
            }
        )
        corrections.append(
            {
                "motionCorrectionId": n,
                "movieId": n,
                "firstFrame": 1,
                "lastFrame": 40,
                "dosePerFrame": 1.1,
                "totalMotion": 12.5 + n,
                "averageMotionPerFrame": 0.3,
            }
        )
        ctfs.append(
            {
                "CTFid": n,
                "motionCorrectionId": n,
                "defocusU": 15000.0 + n * 100,
                "defocusV": 14800.0 + n * 100,
                "angle": 45.0,
                "crossCorrelationCoefficient": 0.14,
                "resolutionLimit": 3.2,
            }
        )
    _rows(conn, m.Movie, movies)
    _rows(conn, m.MotionCorrection, corrections)
    _rows(conn, m.CTF, ctfs)


def _beamline_events(conn: Connection) -> None:
    """What MXCuBE writes besides collections (issue 14): mounts, scans, spectra, a detector."""
    _rows(
        conn,
        m.Detector,
        [
            {
                "detectorId": 1,
                "detectorType": "Photon counting",
                "detectorManufacturer": "Dectris",
                "detectorModel": "Eiger2 9M",
                "detectorMode": "Single",
            }
        ],
    )
    _rows(
        conn,
        m.RobotAction,
        [
            {
                "robotActionId": session,
                "blsessionId": session,
                "blsampleId": sample,
                "actionType": "LOAD",
                "status": "SUCCESS",
                "startTimestamp": _at(days, 1),
                "endTimestamp": _at(days, 2),
                "containerLocation": 1,
                "dewarLocation": 1,
            }
            for session, sample, days in ((1, 1, 0), (2, 2, 50), (3, 4, 90))
        ],
    )
    _rows(
        conn,
        m.EnergyScan,
        [
            {
                "energyScanId": 1,
                "sessionId": 2,
                "blSampleId": 2,
                "element": "Se",
                "edgeEnergy": "K",
                "peakEnergy": 12.66,
                "startTime": _at(50, 5),
            },
            {
                "energyScanId": 2,
                "sessionId": 3,
                "blSampleId": 4,
                "element": "Zn",
                "edgeEnergy": "K",
                "peakEnergy": 9.66,
                "startTime": _at(90, 5),
            },
        ],
    )
    _rows(
        conn,
        m.BLSampleHasEnergyScan,
        [
            {"blSampleHasEnergyScanId": 1, "blSampleId": 2, "energyScanId": 1},
            {"blSampleHasEnergyScanId": 2, "blSampleId": 4, "energyScanId": 2},
        ],
    )
    _rows(
        conn,
        m.XFEFluorescenceSpectrum,
        [
            {
                "xfeFluorescenceSpectrumId": 1,
                "sessionId": 1,
                "energy": 13.0,
                "startTime": _at(0, 10),
            },
            {
                "xfeFluorescenceSpectrumId": 2,
                "sessionId": 3,
                "energy": 10.0,
                "startTime": _at(90, 10),
            },
        ],
    )
