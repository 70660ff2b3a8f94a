"""Numbers handed out once across processes: a counter row locked by the write that takes them.

`allocate` is one ``UPDATE counters SET value = value + n ... RETURNING value``: on
PostgreSQL the row stays locked until the transaction ends (as with ``SELECT ... FOR
UPDATE``), on SQLite the statement takes the database's write lock. Either way a second
process asking at the same time waits and then gets the numbers after ours; numbers of a
transaction that rolls back are simply never used.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from vigil.linkage.ids import PREFIX
from vigil.store.models import Counter, Person

#: The counter behind person ids (``P-000123`` is number 123).
PERSON_IDS = "person_ids"


def allocate(session: Session, name: str = PERSON_IDS, n: int = 1) -> int:
    """Take `n` fresh numbers from counter `name`; returns the first (they are consecutive).

    For person ids the numbers also start above every id already in `persons`, so rows
    written by other means (a hand-made or older store) are never collided with.
    """
    if n < 1:
        raise ValueError(f"allocate needs a positive count, not {n}")
    last = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + n)
        .returning(Counter.value)
    ).scalar_one_or_none()
    if last is None:  # a counter not seeded by the migrations: start it here
        session.add(Counter(name=name, value=0))
        session.flush()
        last = n
    first = int(last) - n + 1
    if name == PERSON_IDS:
        floor = largest_person_number(session)
        if first <= floor:  # still under our row lock: move the counter past them
            first = floor + 1
    session.execute(update(Counter).where(Counter.name == name).values(value=first + n - 1))
    return first


def largest_person_number(session: Session) -> int:
    """The largest number among stored person ids (``P-000123`` -> 123; 0 if none)."""
    ours = Person.id.like(f"{PREFIX}%")
    width = session.scalar(select(func.max(func.length(Person.id))).where(ours))
    if not width:
        return 0
    top = session.scalar(select(func.max(Person.id)).where(ours, func.length(Person.id) == width))
    digits = str(top or "").removeprefix(PREFIX)
    return int(digits) if digits.isdigit() else 0


def peek(session: Session, name: str = PERSON_IDS) -> int:
    """The last number handed out (0 if none): a hint, not a reservation."""
    value = int(session.scalar(select(Counter.value).where(Counter.name == name)) or 0)
    return max(value, largest_person_number(session)) if name == PERSON_IDS else value


def lock_writes(session: Session, *, tables: Sequence[str] = ()) -> None:
    """Take the store's write lock for the rest of this transaction.

    Writers that change persons (a link run's write-back, a review decision, a report
    from the intake form) call this first, so they follow one another instead of
    interleaving: it is a no-op write of the person id counter row, which locks that row on
    PostgreSQL and the whole database on SQLite (where, being the transaction's first
    statement, it also makes every later read see the newest state). On PostgreSQL,
    `tables` are also locked against any insert, update or delete by others (importers
    included) until commit.
    """
    session.execute(update(Counter).where(Counter.name == PERSON_IDS).values(value=Counter.value))
    if tables and session.get_bind().dialect.name == "postgresql":
        names = ", ".join(session.get_bind().dialect.identifier_preparer.quote(t) for t in tables)
        session.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))
