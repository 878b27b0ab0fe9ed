"""Who was in the room: the inclusion summary a Rembug sees before it finalizes. Pure Python, tested alone.

The seed names the stakeholders of participatory planning: community leaders, women, youth, the elderly,
people with disabilities and vulnerable groups. Each must be present; women should be at least 30 % of the
participants (the affirmative threshold used in Indonesian participation rules, e.g. UU 7/2017 for candidates).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

REQUIRED = ("tokoh_masyarakat", "perempuan", "pemuda", "lansia", "difabel", "kelompok_rentan")
MIN_WOMEN_SHARE = 0.30


@dataclass(frozen=True)
class Person:
    gender: str  # "P" or "L"
    age_group: str  # anak, pemuda, dewasa, lansia
    groups: tuple[str, ...] = ()


@dataclass
class Inclusion:
    total: int
    by_group: dict[str, int]
    missing: list[str] = field(default_factory=list)
    under_represented: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.under_represented


def groups_of(person: Person) -> set[str]:
    """A person's stakeholder groups: those declared, plus women, youth and elderly from gender and age."""
    found = set(person.groups)
    if person.gender == "P":
        found.add("perempuan")
    if person.age_group == "pemuda":
        found.add("pemuda")
    if person.age_group == "lansia":
        found.add("lansia")
    return found


def summarize(people: Iterable[Person], counts: dict[str, int] | None = None) -> Inclusion:
    """Group counts of named participants plus people counted without names (`counts`: group → number)."""
    tally: Counter[str] = Counter()
    total = 0
    for person in people:
        total += 1
        tally.update(groups_of(person))
    for group, number in (counts or {}).items():
        tally[group] += number
        total += number
    result = Inclusion(total=total, by_group=dict(tally))
    result.missing = [g for g in REQUIRED if tally[g] == 0]
    if total and "perempuan" not in result.missing and tally["perempuan"] / total < MIN_WOMEN_SHARE:
        result.under_represented.append("perempuan")
    return result
