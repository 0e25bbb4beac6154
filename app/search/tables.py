"""Tables of the search index (created by migration ``0004_search_keys``).

``search_persons`` gives every indexed person a small integer ``ref``; ``name_keys`` holds
one row per distinct (key type, key, person) and is a ``WITHOUT ROWID`` table clustered on
exactly that, so a key lookup is one B-tree range scan and no second index is needed. A
person's own keys are kept in ``search_persons.keys`` so they can be deleted by primary key
when the person changes, without an index on ``ref`` over millions of rows.

``name_fts`` (an FTS5 table, not mapped here because the ORM has no virtual tables) holds the
Latin and Cyrillic tokens of each person under ``rowid = ref`` for prefix search while an
officer is still typing.
"""

from __future__ import annotations

from sqlalchemy import Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base

FTS_TABLE = "name_fts"


class SearchPerson(Base):
    """One indexed person.

    Attributes:
        ref: Compact integer id used by ``name_keys`` and ``name_fts``.
        person_id: ``persons.id``.
        algo_version: ``KEY_ALGO_VERSION`` the keys were computed with.
        birth_year: The person's birth year, if known.
        keys: The person's keys, ``"<type>:<key>"`` separated by ``\\x1f``.
    """

    __tablename__ = "search_persons"

    ref: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(String(36), unique=True)
    algo_version: Mapped[int] = mapped_column(Integer, index=True)
    # Copied from persons so a typed year can narrow a common name inside the index.
    birth_year: Mapped[int | None] = mapped_column(Integer)
    keys: Mapped[str] = mapped_column(Text, default="")


class NameKeyRow(Base):
    """One match key of one person (see :mod:`app.search.keys`)."""

    __tablename__ = "name_keys"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key_type: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    ref: Mapped[int] = mapped_column(Integer, primary_key=True)


class SearchToken(Base):
    """The precomputed forms of one distinct name token (a persistent cache).

    A million persons share a few hundred thousand tokens; a freshly started client reads
    the forms of the tokens on a result page from here instead of transliterating them.
    """

    __tablename__ = "search_tokens"
    __table_args__ = ({"sqlite_with_rowid": False},)

    token: Mapped[str] = mapped_column(String(200), primary_key=True)
    forms: Mapped[str] = mapped_column(Text)
