"""Assignment: who gets a record. One module per strategy (``round_robin``, ``by_region``,
``by_field``, ``tiers``, ``weighted``, ``load_balanced``), registered in
``assignment_registry`` and frozen once loaded; first-match-wins rules over them
(:mod:`.rules`, used by the ``assign_owner`` action); round-robin cursors kept in the
database (:mod:`.cursor`); every decision explained in words (:mod:`.explain`)."""

from tessera.runtime.flows.assignment.base import (
    AssignContext,
    Candidate,
    NoPick,
    Pick,
    Strategy,
    assignment_registry,
)
from tessera.runtime.flows.assignment.by_field import ByFieldStrategy
from tessera.runtime.flows.assignment.by_region import ByRegionStrategy
from tessera.runtime.flows.assignment.load_balanced import LoadBalancedStrategy
from tessera.runtime.flows.assignment.round_robin import RoundRobinStrategy
from tessera.runtime.flows.assignment.tiers import TiersStrategy
from tessera.runtime.flows.assignment.weighted import WeightedStrategy

for _strategy in (
    RoundRobinStrategy(),
    ByRegionStrategy(),
    ByFieldStrategy(),
    TiersStrategy(),
    WeightedStrategy(),
    LoadBalancedStrategy(),
):
    assignment_registry.register(_strategy)
assignment_registry.freeze()

__all__ = ["AssignContext", "Candidate", "NoPick", "Pick", "Strategy", "assignment_registry"]
