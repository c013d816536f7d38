"""Family safety: recognising danger in what people type, and acute help.

``assess(text)`` is the one danger detector. The question form, the case
page, ``/sok``, ``/api/sok`` and every page of search results ask it, and
when it finds signs of danger the page shows the acute-help box
(``templates/safety/_acute_help.html``) at the top of ``<main>``, fitted to
the kinds of danger found. See ``danger.py`` for how it decides.
"""

from __future__ import annotations

from .danger import KINDS, Assessment, assess, looks_urgent

__all__ = ["assess", "Assessment", "KINDS", "looks_urgent"]
