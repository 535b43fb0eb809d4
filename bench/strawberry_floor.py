"""The floor strawberry itself sets for the session page's shape: no SQL, no async, no loaders.

Same nesting and field count as bench/session_page.py (100 collections, each with a group,
sample, 2 integrations with program and space group, a screening count), built from plain
strawberry types with every value already in memory.

    python -m bench.strawberry_floor
"""

from __future__ import annotations

import statistics
import time

import strawberry


@strawberry.type
class AutoProc:
    space_group: str


@strawberry.type
class Program:
    processing_programs: str
    processing_status: str
    auto_procs: list[AutoProc]


@strawberry.type
class Integration:
    auto_proc_integration_id: int
    cell_a: float
    cell_b: float
    cell_c: float
    cell_alpha: float
    cell_beta: float
    cell_gamma: float
    auto_proc_program: Program


@strawberry.type
class Sample:
    bl_sample_id: int
    name: str


@strawberry.type
class Group:
    data_collection_group_id: int
    experiment_type: str
    sample: Sample


@strawberry.type
class Collection:
    data_collection_id: int
    image_prefix: str
    data_collection_number: int
    number_of_images: int
    start_time: str
    run_status: str
    wavelength: float
    resolution: float
    group: Group
    auto_proc_integrations: list[Integration]
    screening_count: int


def _collections() -> list[Collection]:
    return [
        Collection(
            data_collection_id=i,
            image_prefix="GCSH-x8",
            data_collection_number=1,
            number_of_images=900,
            start_time="2024-03-12T09:00:00",
            run_status="ok",
            wavelength=0.9763,
            resolution=1.6,
            group=Group(
                data_collection_group_id=i,
                experiment_type="OSC",
                sample=Sample(bl_sample_id=i, name="GCSH-x8"),
            ),
            auto_proc_integrations=[
                Integration(
                    auto_proc_integration_id=j,
                    cell_a=78.1,
                    cell_b=78.1,
                    cell_c=37.2,
                    cell_alpha=90,
                    cell_beta=90,
                    cell_gamma=90,
                    auto_proc_program=Program(
                        processing_programs="XIA2_DIALS",
                        processing_status="1",
                        auto_procs=[AutoProc(space_group="P1")],
                    ),
                )
                for j in range(2)
            ],
            screening_count=0,
        )
        for i in range(100)
    ]


@strawberry.type
class Query:
    @strawberry.field
    def data_collections(self) -> list[Collection]:
        return _collections()


QUERY = """{ dataCollections { dataCollectionId imagePrefix dataCollectionNumber numberOfImages
  startTime runStatus wavelength resolution
  group { dataCollectionGroupId experimentType sample { blSampleId name } }
  autoProcIntegrations { autoProcIntegrationId cellA cellB cellC cellAlpha cellBeta cellGamma
    autoProcProgram { processingPrograms processingStatus autoProcs { spaceGroup } } }
  screeningCount } }"""


def main() -> None:
    schema = strawberry.Schema(query=Query)
    for _ in range(5):
        schema.execute_sync(QUERY)
    times = []
    for _ in range(40):
        t = time.perf_counter()
        result = schema.execute_sync(QUERY)
        times.append((time.perf_counter() - t) * 1000)
        assert not result.errors
    print(f"strawberry alone, 100 collections in memory: p50 {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
