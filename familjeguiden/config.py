"""Default settings for Familjeguiden.

Only defaults live here, never secrets. Each setting can be overridden, in
this order of precedence (later wins):

1. this module,
2. ``instance/config.py`` (created by ``flask init`` with a random secret key),
3. environment variables named ``FAMILJEGUIDEN_<SETTING>``; values are parsed
   as JSON when possible, so ``FAMILJEGUIDEN_REQUIRE_2FA=false`` is a boolean,
4. the mapping passed to ``create_app(test_config)`` in tests.

The README lists every setting with its environment variable.
"""

#: Signs session and CSRF cookies. ``flask init`` writes a random one to the
#: instance folder; the app refuses to start in production without one.
SECRET_KEY = None

#: SQLAlchemy URL. ``None`` means an SQLite file in the instance folder.
#: Production: ``postgresql+psycopg://user@host/familjeguiden``.
DATABASE_URL = None

#: Where the search index lives. ``None`` means ``instance/sokindex``.
SEARCH_INDEX_PATH = None

#: Directory with the shipped service pages and synonym list; ``None`` means
#: the ``content`` folder inside the package.
CONTENT_PATH = None

#: Name of the municipality shown in the header, titles and e-mails.
MUNICIPALITY_NAME = "Exempelby kommun"

#: Where "Lämna sidan snabbt" leads: a neutral site that reveals nothing.
QUICK_EXIT_URL = "https://www.google.se/"

#: Base URL used in e-mails and absolute links, without a trailing slash.
PUBLIC_BASE_URL = "http://127.0.0.1:5000"

#: Promise shown on the question form about when an answer can be expected.
RESPONSE_PROMISE = "inom två arbetsdagar"

#: Working days within which a question should get its first answer.
RESPONSE_TARGET_DAYS = 2

#: Pages not reviewed for this many months are flagged for staff.
REVIEW_INTERVAL_MONTHS = 12

#: Served over HTTPS (adds HSTS and Secure cookies). Set true in production.
HTTPS = False

#: How many proxies in front of the app add X-Forwarded-For/-Proto/-Host
#: (nginx in front of gunicorn: 1). With 0, forwarded headers are never
#: trusted. Rate limits, lockouts, logs and HTTPS detection use the client
#: address and scheme these give (Werkzeug's ProxyFix).
TRUSTED_PROXY_HOPS = 0

#: Database connection options. ``hide_parameters`` keeps the values of a
#: failed statement (a question's text, an e-mail address) out of error logs.
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}

#: How often (seconds) each worker asks the database whether published
#: content changed on any host (the content generation, see pages.catalogue).
CONTENT_CHECK_SECONDS = 1.0

#: Public pages (home, services, service and text pages) may be kept this
#: many seconds by browsers and proxies, then served stale this many more
#: while the cache revalidates (ETag, 304). A service page's open/closed
#: line shortens both; see docs/caching.md.
PUBLIC_MAX_AGE = 60
PUBLIC_STALE_WHILE_REVALIDATE = 300

#: Storage for rate limits. ``memory://`` is per process; with several
#: gunicorn workers use a shared store such as ``redis://127.0.0.1:6379/0``.
RATELIMIT_STORAGE_URI = "memory://"

#: Flask-WTF: CSRF tokens do not expire while the form is open in a tab
#: (a parent may take an hour to write); the session still limits them.
WTF_CSRF_TIME_LIMIT = None

#: Cookies: never readable by scripts, never sent by other sites' forms.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "fg_session"

#: Maximum request body: the largest form is a 5,000-character question.
MAX_CONTENT_LENGTH = 256 * 1024

#: Date of the latest accessibility test, shown in the accessibility statement.
ACCESSIBILITY_TESTED = "23 november 2026"

# --- Questions --------------------------------------------------------------

#: Where notices about new questions go (the coordinators' shared mailbox).
COORDINATOR_EMAIL = "familjeguiden@example.com"

#: Rate limit for sending questions and follow-ups, per client address. Only
#: stored questions and follow-ups count; a question whose text suggests
#: danger is exempt (only the ceiling below applies to it).
QUESTION_RATE_LIMIT = "5 per 10 minutes;20 per day"

#: The ceiling for every question and follow-up from one address, urgent or
#: not, so that a flood cannot bury the inbox.
QUESTION_RATE_CEILING = "30 per hour;100 per day"

#: Attempts to open a case with its code and four words, per client address.
WORD_CODE_RATE_LIMIT = "10 per 10 minutes;50 per day"

#: A form sent faster than this after it was opened is treated as a robot.
QUESTION_MIN_FILL_SECONDS = 3

#: A question form opened longer ago than this must be sent again (its text is kept).
QUESTION_FORM_MAX_AGE_HOURS = 12

#: Urgent questions are read the same working day: by this hour (Swedish
#: time), or the next working day's morning if they come later.
URGENT_READ_BY_HOUR = 16

#: Days a service's link for confirming a referral works.
REFERRAL_LINK_DAYS = 30

# --- Courses and groups (sign-up, waiting list) -------------------------------------

#: Hours a freed seat stays offered to the first in line before it passes to the next.
OFFER_HOURS = 48

#: Days before the start that participants get a reminder by e-mail (``flask courses tick``).
COURSE_REMINDER_DAYS = 2

#: Sign-ups are deleted this many months after their occurrence ended (only counts are kept).
COURSE_RETENTION_MONTHS = 6

#: Rate limit for sign-ups per client address (only stored sign-ups count).
SIGNUP_RATE_LIMIT = "10 per 10 minutes;30 per day"

#: Seconds a worker may show a course box's seat counts before reading them again.
COURSE_BOX_CACHE_SECONDS = 5

# --- Open data (HSDS 3.0, /api/hsds) ---------------------------------------------

#: Requests per client address to the open data API (Flask-Limiter syntax).
HSDS_RATE_LIMIT = "120 per minute;5000 per day"

#: Where the municipality documents its HSDS profile (e.g. docs/hsds/ in its
#: published copy of the source); ``None`` points to /api/hsds/openapi.json.
HSDS_PROFILE_URL = None

# --- E-mail -------------------------------------------------------------------

#: SMTP server. ``None`` keeps every e-mail in the outbox (``flask outbox
#: list``) without sending: the demo runs that way.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_DEFAULT_SENDER = "Familjeguiden <familjeguiden@example.com>"

#: Domain for Message-IDs; ``None`` uses the host of PUBLIC_BASE_URL.
MAIL_MESSAGE_ID_DOMAIN = None

#: Hours a temporarily failing e-mail is retried before it counts as failed
#: (like a mail server's queue lifetime; Postfix keeps 5 days).
MAIL_QUEUE_LIFETIME_HOURS = 72

#: Backoff between attempts: doubling from the base, capped, with +-50 % jitter.
MAIL_RETRY_BASE_SECONDS = 60
MAIL_RETRY_MAX_SECONDS = 3600

#: Optional cap on attempts as well (``None``: the queue lifetime decides).
MAIL_MAX_ATTEMPTS = None

#: How long a sender may hold a row before another sender may take it.
MAIL_SEND_LEASE_SECONDS = 300

#: Send due e-mails from a thread inside the web process (demo only; in
#: production run ``flask outbox send --loop`` as its own service).
OUTBOX_BACKGROUND_SENDER = False

#: Use WTForms' own Swedish messages (see familjeguiden.forms).
WTF_I18N_ENABLED = False

# --- Staff accounts -----------------------------------------------------------

#: Coordinators and admins must log in with a TOTP code as well.
REQUIRE_2FA = True

#: A staff session ends after this many minutes without a request.
STAFF_IDLE_MINUTES = 30

#: ... and this many hours after logging in, however active (an absolute limit).
STAFF_SESSION_MAX_HOURS = 12

#: Seconds between a right password and the two-factor code before the
#: person must start again.
TWO_FACTOR_PENDING_SECONDS = 300

#: Failed logins (or wrong two-factor codes) before an account is locked, and for how long.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCK_MINUTES = 15

#: Rate limit for login attempts per client address.
LOGIN_RATE_LIMIT = "10 per minute;100 per day"

#: Name shown in authenticator apps next to the account.
TOTP_ISSUER = "Familjeguiden"

#: Demo installation (``make run``): create demo staff accounts on init.
DEMO = False

# --- Search -------------------------------------------------------------------

#: Seconds an index update waits for the writer lock before giving up
#: (the index is then marked stale; a rebuild repairs it).
SEARCH_WRITER_TIMEOUT = 10.0

#: Days the anonymous zero-result log keeps a row.
SEARCH_LOG_RETENTION_DAYS = 90

# --- Retention (gallring) -------------------------------------------------------

#: Closed questions (avslutad or skräp) are removed by ``flask gallring`` this
#: many months after they were closed.
RETENTION_MONTHS = 24

#: ``"delete"`` removes the questions with their messages, referrals, history
#: and e-mails; ``"anonymise"`` keeps the rows for statistics but removes the
#: question text, the thread, every contact detail and the e-mails.
RETENTION_MODE = "delete"
