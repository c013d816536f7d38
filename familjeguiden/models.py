"""Imports every feature's models so SQLAlchemy and Alembic see them all."""

from .accounts.models import AuditEntry, User  # noqa: F401
from .inbox.models import Referral, ReplyTemplate  # noqa: F401
from .mail.models import OutboundEmail  # noqa: F401
from .pages.models import Page, PageRedirect, PageRevision  # noqa: F401
from .questions.models import CaseEvent, CaseMessage, Question  # noqa: F401
from .search.models import SearchMiss  # noqa: F401
