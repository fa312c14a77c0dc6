"""A bake forks a worker per core, or as many as asked, but only as many as fit in memory."""

from __future__ import annotations

import os

from cms.publishing import cores


def fitting_in_available_memory() -> int:
    available = cores._meminfo_mb("MemAvailable")
    return max(1, int((available - cores._own_memory_mb()) // cores.WORKER_MB))


def test_one_worker_per_core_when_memory_is_plenty(settings):
    settings.RETE_BAKE_WORKERS = 0
    settings.RETE_BAKE_MEMORY_MB = 1_000_000
    assert cores.usable_cores() == min(len(os.sched_getaffinity(0)),
                                       fitting_in_available_memory())


def test_sixteen_workers_asked_fit_the_memory_budget(settings):
    settings.RETE_BAKE_WORKERS = 16
    settings.RETE_BAKE_MEMORY_MB = 400
    workers = cores.usable_cores()
    own = cores._own_memory_mb()
    assert own > 20  # a Django process: /proc was read
    assert 1 <= workers < 16
    assert workers == 1 or own + workers * cores.WORKER_MB <= 400


def test_at_least_one_worker_however_short_memory_is(settings):
    settings.RETE_BAKE_WORKERS = 16
    settings.RETE_BAKE_MEMORY_MB = 10
    assert cores.usable_cores() == 1


def test_asked_for_more_workers_than_cores(settings):
    settings.RETE_BAKE_WORKERS = 16
    settings.RETE_BAKE_MEMORY_MB = 1_000_000
    assert cores.usable_cores() == min(16, fitting_in_available_memory())
