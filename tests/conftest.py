"""Shared fixtures: the replica site on a free port, real databases (tests.conftest_db)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.replica import ReplicaServer

pytest_plugins = ["tests.conftest_db"]


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    """The replica on 127.0.0.1, stopped when the module's tests are done."""
    with ReplicaServer() as server:
        yield server


@pytest.fixture
def fresh_replica(replica: ReplicaServer) -> ReplicaServer:
    replica.clear_log()
    return replica
