"""The beamline day benchmark, run small: MXCuBE's sequence end to end on MariaDB and Redis."""

from __future__ import annotations

from bench import beamline_day


async def test_a_short_beamline_day_is_written_watched_and_visible(
    writable_ispyb_url: str, redis_url: str
) -> None:
    report = await beamline_day.measure(
        writable_ispyb_url, redis_url, samples=4, collections=2, clients=[2]
    )
    # measure() checked that every created object reached alice's subscription and her
    # graph, and that dave could not follow the session; here the day's shape.
    created = report.graph.created
    assert len(created["recordRobotAction"]) == 4
    assert len(created["createDataCollectionGroup"]) == 4
    assert len(created["createDataCollection"]) == 8
    assert len(created["createEnergyScan"]) == len(created["createXfeSpectrum"]) == 1
    assert len(report.graph.times["addImage"]) == 16
    assert len(report.graph.times["saveMeshWorkflow"]) == 2
    # Every create and update of a watched object produced an event, each with its delay.
    watched = sum(len(report.graph.times[op]) for op in beamline_day.WATCHED)
    updates = len(report.graph.times["updateDataCollection"]) + len(
        report.graph.times["updateDataCollectionGroup"]
    )
    mesh_updates = len(report.graph.times["saveMeshWorkflow"])  # the group names its workflow
    plots = len(report.graph.times["setImageQualityIndicatorsPlot"])
    assert report.events == watched + updates + mesh_updates + plots
    assert len(report.delays) == report.events
    assert set(report.bare.times) == set(report.graph.times)
    ((clients, writes, rate, _),) = report.throughput
    assert (clients, writes) == (2, 2 * len(report.graph.all())) and rate > 0
