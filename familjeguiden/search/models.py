"""The anonymous log of searches that found nothing.

Staff use it to see which words parents use that the pages (or the synonym
list) lack. It stores only the normalised query text, the day and a count:
no IP address, no session, no time of day, so a row cannot be tied to a
person. Rows older than ``SEARCH_LOG_RETENTION_DAYS`` are deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

MAX_QUERY_LENGTH = 200


class SearchMiss(db.Model):
    __tablename__ = "search_miss"
    __table_args__ = (UniqueConstraint("query", "day", name="uq_search_miss_query_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lowercased, whitespace collapsed, at most 200 characters.
    query: Mapped[str] = mapped_column(String(MAX_QUERY_LENGTH))
    #: The day (UTC) the searches were made; indexed for pruning.
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    #: How many searches for this query found nothing that day.
    count: Mapped[int] = mapped_column(Integer, default=1)

    def __repr__(self) -> str:
        return f"<SearchMiss {self.day} {self.count}x {self.query!r}>"
