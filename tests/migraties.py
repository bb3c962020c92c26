"""Migrating a few apps there and back, for the tests of a data migration (transactional tests).

Django's executor carries the state of every app of the project through each step and renders its
models again after each operation; unapplying a node also unapplies every app that depends on it
(cyclus on financiering 0009, say), only to apply it again afterwards. `migreer` works on the graph
of the apps concerned and what they depend on: the same migrations of those apps run, there and
back, the rest of the project stays as it is. `naar_de_laatste` puts everything back."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph


def _executor(apps: set[str]) -> MigrationExecutor:
    """An executor whose graph holds only the migrations of `apps` and their dependencies."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    houden = set()
    for blad in graph.leaf_nodes():
        if blad[0] in apps:
            houden.update(graph.forwards_plan(blad))
    deel = MigrationGraph()
    for sleutel in houden:
        deel.add_node(sleutel, graph.nodes[sleutel])
    for sleutel in houden:
        for ouder in graph.node_map[sleutel].parents:
            deel.add_dependency(graph.nodes[sleutel], sleutel, ouder.key)
    deel.validate_consistency()
    executor.loader.graph = deel
    return executor


def migreer(doelen: list[tuple[str, str]], *, apps: set[str] | None = None):
    """Migrate the apps of `doelen` (and `apps`) to `doelen`; returns the models as they are then."""
    apps = {app for app, _ in doelen} | (apps or set())
    _executor(apps).migrate(doelen)
    return _executor(apps)._create_project_state(with_applied_migrations=True).apps


def laatste(app: str) -> tuple[str, str]:
    """The newest migration of `app`."""
    (blad,) = MigrationExecutor(connection).loader.graph.leaf_nodes(app)
    return blad


def naar_de_laatste(*apps: str) -> None:
    """`apps` to their newest migrations, then every app of the project (nothing left to do when
    `migreer` moved only those): the database as the next test expects it."""
    executor = _executor(set(apps))
    executor.migrate(executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
