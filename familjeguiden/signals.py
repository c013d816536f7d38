"""Signals that let features react to each other without importing each other.

* ``content_changed(app, slugs=[...])``: published content changed (import,
  publish, unpublish); search updates its index, caches are already handled
  by the catalogue generation.
* ``initialising(app)``: ``flask init`` is bringing the installation up to
  date; features build what they need (the search index, demo accounts).
* ``gallring(app, now=...)``: ``flask gallring`` is removing old data;
  features with their own retention (course sign-ups) remove theirs.
"""

from blinker import Namespace

_signals = Namespace()

content_changed = _signals.signal("content-changed")
initialising = _signals.signal("initialising")
gallring = _signals.signal("gallring")
