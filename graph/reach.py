"""Which jurisdictions' duties reach a place on a date, and how.

A duty reaches a place directly, through a territory the place lies within (a
region inherits its country's duties), or through a union the place's country
belongs to on that date (dated memberships, so the UK gets EU duties only while a
member or in the Brexit transition period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .catalogue import DG, Catalogue, Membership

WITHIN = DG + "withinJurisdiction"


@dataclass(frozen=True)
class Reach:
    """One jurisdiction whose duties reach the asked place, and how."""

    via: str
    route: str  # direct | within | membership | transition
    within: tuple[str, ...] = ()
    membership: Membership | None = None


def chain(catalogue: Catalogue, place: str) -> list[str]:
    """The place and every territory it lies within, nearest first."""
    found = [place]
    todo = [place]
    while todo:
        for parent in sorted(catalogue.links[WITHIN].get(todo.pop(), ())):
            if parent not in found:
                found.append(parent)
                todo.append(parent)
    return found


def reach(catalogue: Catalogue, place: str, day: dt.date) -> list[Reach]:
    """The place, the territories it lies within, and the unions they belong to on `day`."""
    territories = chain(catalogue, place)
    found = [Reach(place, "direct")]
    found += [Reach(t, "within", tuple(territories[1 : i + 1])) for i, t in enumerate(territories) if i]
    for i, territory in enumerate(territories):
        for membership in catalogue.memberships_of(territory):
            if membership.covers(day):
                found.append(Reach(membership.union, membership.kind, tuple(territories[1 : i + 1]), membership))
    return found


def unions_ever(catalogue: Catalogue, place: str) -> dict[str, list[Membership]]:
    """Every union the place or a territory containing it belongs to on some date, with those memberships."""
    found: dict[str, list[Membership]] = {}
    for territory in chain(catalogue, place):
        for membership in catalogue.memberships_of(territory):
            found.setdefault(membership.union, []).append(membership)
    return found


def member_on(memberships: list[Membership], day: dt.date) -> bool:
    return any(m.covers(day) for m in memberships)


@dataclass(frozen=True)
class Scope:
    """What one question reaches: the jurisdictions on its date, and every union its place ever belonged to."""

    place: str
    day: dt.date
    reaches: dict[str, Reach]
    unions: dict[str, list[Membership]]

    @classmethod
    def of(cls, catalogue: Catalogue, place: str, day: dt.date) -> Scope:
        return cls(place, day, {r.via: r for r in reach(catalogue, place, day)}, unions_ever(catalogue, place))

    def candidates(self) -> set[str]:
        """Jurisdictions whose duties are worth judging: reached now, or through a union on another date."""
        return {*self.reaches, *self.unions}
