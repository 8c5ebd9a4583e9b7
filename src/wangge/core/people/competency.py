"""Competency: the seeds' levels in order, a post's model (skill → level required),
a person's gaps against it, and the team's gaps with the course that closes most.

A skill nobody assessed counts as below the lowest level: unassessed is a gap, not
a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

JUNIOR = "junior"
INTERMEDIATE = "intermediate"
SENIOR = "senior"
IT_CONSULTANT = "it_consultant"
#: lowest first; IT consultant (信息化顾问) is the top of the seeds' ladder
LEVELS = (JUNIOR, INTERMEDIATE, SENIOR, IT_CONSULTANT)


def rank(level: str | None) -> int:
    """0 for not assessed, 1 … 4 for the levels; an unknown code is a programming error."""
    if level is None:
        return 0
    if level not in LEVELS:
        raise ValueError(f"unknown competency level {level!r}")
    return LEVELS.index(level) + 1


@dataclass(frozen=True)
class Gap:
    person: int
    skill: str
    required: str
    actual: str | None

    @property
    def steps(self) -> int:
        return rank(self.required) - rank(self.actual)


def gaps(person: int, model: Mapping[str, str], assessed: Mapping[str, str]) -> list[Gap]:
    """The skills of ``model`` (skill → level required) where ``assessed`` (skill →
    latest level) falls short, in the model's order."""
    return [
        Gap(person, skill, level, assessed.get(skill))
        for skill, level in model.items()
        if rank(assessed.get(skill)) < rank(level)
    ]


@dataclass(frozen=True)
class TeamGap:
    skill: str
    people: int
    steps: int


def team_gaps(all_gaps: Iterable[Gap]) -> list[TeamGap]:
    """Per skill: how many people fall short and by how many level steps together,
    the widest first (then by skill code)."""
    people: Counter[str] = Counter()
    steps: Counter[str] = Counter()
    for g in all_gaps:
        people[g.skill] += 1
        steps[g.skill] += g.steps
    rows = [TeamGap(s, people[s], steps[s]) for s in people]
    return sorted(rows, key=lambda r: (-r.people, -r.steps, r.skill))


@dataclass(frozen=True)
class Suggestion:
    course: str
    skills: tuple[str, ...]
    people: int


def suggest_courses(team: Iterable[TeamGap], courses: Mapping[str, Iterable[str]],
                    limit: int = 3) -> list[Suggestion]:  # fmt: skip
    """The courses to run: greedily, the one whose skills cover the most people with a
    gap not yet covered, until ``limit`` courses or no course covers anything more."""
    need = {g.skill: g.people for g in team}
    teaches = {c: tuple(sorted(set(s))) for c, s in courses.items()}
    picked: list[Suggestion] = []
    covered: set[str] = set()
    while len(picked) < limit:
        best = None
        for code in sorted(teaches):
            if any(p.course == code for p in picked):
                continue
            skills = tuple(s for s in teaches[code] if s in need and s not in covered)
            value = sum(need[s] for s in skills)
            if value and (best is None or value > best.people):
                best = Suggestion(code, skills, value)
        if best is None:
            break
        picked.append(best)
        covered.update(best.skills)
    return picked
