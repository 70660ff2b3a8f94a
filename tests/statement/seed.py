"""A small synthetic store for statement tests: 40 people on three independent lists.

Every name and fact is invented. The design fixes each person's grade by construction:

- P-1..10   list A only                        -> weak
- P-11..20  lists A and B, full identity       -> fair
- P-21..25  lists A, B and C, full identity    -> confirmed
- P-26..30  list B only                        -> weak
- P-31..33  list C only                        -> weak
- P-34      lists A and C                      -> fair
- P-35      list A, discounted by review       -> discounted
- P-36      killed (A) but reported alive (B)  -> contested
- P-37..38  injured only (A and B)             -> fair, but not a death
- P-39..40  lists B and C, died in Isfahan in December -> fair
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vigil.places import Gazetteer
from vigil.store import Store
from vigil.store.models import Person, PersonOverride, Source, SourceRecord

NOV16 = dt.date(2019, 11, 16)
NOV17 = dt.date(2019, 11, 17)
DEC20 = dt.date(2019, 12, 20)


@dataclass(frozen=True)
class Spec:
    n: int
    lists: str
    city: str = "Tehran"
    day: dt.date = NOV16
    violation: str = "killed"
    age: int = 25
    sex: str = "male"


def specs() -> list[Spec]:
    out: list[Spec] = []
    out += [Spec(n, "A", day=NOV16 if n % 2 else NOV17) for n in range(1, 11)]
    out += [Spec(n, "AB", city="Shiraz", age=16 if n == 11 else 30) for n in range(11, 21)]
    out += [Spec(n, "ABC", sex="female") for n in range(21, 26)]
    out += [Spec(n, "B", city="Ahvaz", day=NOV17) for n in range(26, 31)]
    out += [Spec(n, "C", age=55) for n in range(31, 34)]
    out += [Spec(34, "AC"), Spec(35, "A"), Spec(36, "AB")]
    out += [Spec(n, "AB", violation="injured") for n in (37, 38)]
    out += [Spec(n, "BC", city="Isfahan", day=DEC20) for n in (39, 40)]
    return out


def pid(n: int) -> str:
    return f"P-{n:06d}"


def seed(store: Store) -> None:
    """Fill the store with the 40 people and their records (ungraded)."""
    gaz = Gazetteer.load()
    city = {name: gaz.find_places(name)[0] for name in ("Tehran", "Shiraz", "Ahvaz", "Isfahan")}
    with store.session() as s:
        sources = {
            "A": Source(name="Net A", kind="field_network", independence_group="A"),
            "B": Source(name="NGO B", kind="ngo", independence_group="B"),
            "C": Source(name="Paper C", kind="media", independence_group="C"),
        }
        s.add_all(sources.values())
        s.flush()
        k = 0
        for sp in specs():
            c = city[sp.city]
            s.add(
                Person(
                    id=pid(sp.n),
                    display_name=f"نام {sp.n}",
                    display_name_latin=f"Name {sp.n}",
                    sex=sp.sex,
                    age=sp.age,
                    province_code=c.province,
                    city_id=c.id,
                    date_start=sp.day,
                    date_end=sp.day,
                    n_sources=len(sp.lists),
                    n_groups=len(sp.lists),
                )
            )
            s.flush()
            for i, lst in enumerate(sp.lists):
                k += 1
                violation = sp.violation
                if sp.n == 36 and i == 1:
                    violation = "reported_alive"
                s.add(
                    SourceRecord(
                        source_id=sources[lst].id,
                        source_record_id=f"{lst}-{sp.n}",
                        raw={"name": f"Name {sp.n}"},
                        content_sha256=f"{k:064x}",
                        name_raw=f"Name {sp.n}",
                        sex=sp.sex,
                        age=sp.age,
                        province_code=c.province,
                        city_id=c.id,
                        date_start=sp.day,
                        date_end=sp.day,
                        violation=violation,
                        person_id=pid(sp.n),
                    )
                )
        s.add(PersonOverride(person_id=pid(35), grade="discounted", reason="out of scope"))
