"""The unit the rules produce: one mention of a would-be actor, before grouping."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Mention"]


@dataclass
class Mention:
    start: int
    end: int
    type: str  # an actor type; "pending" = a lone word waiting to join an actor
    name: str  # canonical name hint (gazetteer name, ministry name, the person's name)
    kind: str  # gazetteer | person | org | ministry | acronym | pending
    role: str | None = None
    place: bool = False  # a capital used as a place ("in Seoul"): an alias, never an actor alone
    acronym_of: str | None = None  # "(KCNA)" right after a long form: the long form's name
    speaks: bool = False  # a lone word followed by "said", "told"...: a person if it joins nothing
