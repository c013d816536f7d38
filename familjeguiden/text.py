"""Text normalisation shared by every feature: one definition of each rule.

* ``fold``: lower case without diacritics, so "SJÄLVMORD", "självmord" and
  "sjalvmord" are the same word to the danger detector, the search index and
  the word codes.
* ``swedish_sort_key``: å, ä, ö after z, as Swedish readers expect lists sorted.
* ``EMAIL_RE`` / ``is_email``: what we accept as an e-mail address anywhere
  (forms, content files, referral recipients). Deliberately plain: one ``@``,
  a dotted domain, no spaces, quotes or angle brackets (nothing that could
  end up as header syntax).
* ``SLUG_RE`` / ``slugify``: page addresses (a-z, 0-9 and single hyphens),
  and how a title becomes one (also headings' anchors).
* ``normalise_phone`` / ``tel_href``: Swedish phone numbers as the form
  stores them (``+46701740605``) and as ``tel:`` links.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD_TABLE = str.maketrans({
    "å": "a", "ä": "a", "ö": "o", "à": "a", "á": "a", "â": "a", "ã": "a",
    "é": "e", "è": "e", "ê": "e", "ë": "e",
    "ü": "u", "ú": "u", "ù": "u", "û": "u",
    "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ç": "c", "ñ": "n", "ý": "y", "æ": "ae", "ß": "ss", "ø": "o",
})


def fold(text: str) -> str:
    """Lowercase text without diacritics: ``Föräldrastöd`` -> ``foraldrastod``."""
    folded = text.lower().translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SORT_TABLE = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(text: str) -> str:
    """Sort å, ä, ö after z (``{``, ``|`` and ``}`` follow ``z`` in ASCII)."""
    return text.lower().translate(_SORT_TABLE)


EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def is_email(value: str | None) -> bool:
    return bool(value) and len(value) <= 254 and bool(EMAIL_RE.match(value.strip()))


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, separator: str = "-", limit: int = 80) -> str:
    """``Om du är orolig`` -> ``om-du-ar-orolig``: the words of ``text`` folded (``fold``), a-z and 0-9
    only, joined by ``separator``; a page address (matching ``SLUG_RE``) or a heading's anchor."""
    return separator.join(re.findall(r"[a-z0-9]+", fold(text)))[:limit].strip(separator)


def normalise_phone(raw: str | None) -> str | None:
    """A Swedish phone number as ``+46701740605``, or ``None`` if it is not one.

    Accepts spaces, hyphens, parentheses and the forms 070..., +4670...,
    004670...; the result has 7-12 digits after the country code.
    """
    digits = re.sub(r"[\s\-()./]", "", raw or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+46"):
        national = digits[3:].lstrip("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if not national.isdigit() or not 7 <= len(national) <= 12:
        return None
    return "+46" + national


def tel_href(phone: str) -> str:
    """``070-174 06 10`` -> ``tel:+46701740610``; short national numbers stay as they are (``tel:112``)."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("0") and len(digits) > 5:
        digits = "+46" + digits[1:]
    return "tel:" + digits


def swedish_number(value: float | int | None, decimals: int = 1) -> str:
    """``12.5`` -> ``12,5``; ``None`` -> ``–`` (no data)."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")
