"""Imports every feature's models so SQLAlchemy and Alembic see them all."""

from .accounts.models import AuditEntry, User  # noqa: F401 - imported to register the model
from .courses.models import Occurrence, Signup, SignupEvent  # noqa: F401 - imported to register the model
from .inbox.models import Referral, ReplyTemplate  # noqa: F401 - imported to register the model
from .mail.models import OutboundEmail  # noqa: F401 - imported to register the model
from .pages.models import Page, PageRedirect, PageRevision, PageVersion  # noqa: F401 - imported to register the model
from .questions.models import CaseEvent, CaseMessage, Question  # noqa: F401 - imported to register the model
from .search.models import SearchMiss  # noqa: F401 - imported to register the model
