"""The asker's two keys to a case: the private link and the word code.

``/arende/<token>``: the token is an HMAC of a random per-question salt
under the app's secret key. The database stores the salt and a SHA-256
hash of the token (to find the case), never the token itself: a stolen
database opens no case, yet the app can put the link in a later e-mail.
Changing SECRET_KEY invalidates all links, which is the right outcome if
the key leaked.

The word code: a person without the link (a phone call, a borrowed
computer, a link that got lost) opens the case at ``/arende`` with the
case code and four common Swedish words. The words are derived from the
same salt with another HMAC, so nothing more is stored: 44 bits taken from
the HMAC pick four words from a list of 2,048 (2^44 combinations, tried at
a rate-limited form). Typed words are folded (no å/ä/ö needed), and a word
one letter off is read as the list word it is closest to, when only one is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from functools import cache
from pathlib import Path

from flask import current_app

from ..extensions import db
from ..text import fold
from .models import Question

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
CODE_RE = re.compile(r"^FG-?(\d{4})-?(\d{4,})$")
WORD_LIST = Path(__file__).with_name("ordlista.txt")
WORDS_IN_CODE = 4
BITS_PER_WORD = 11


def new_salt() -> str:
    return secrets.token_hex(16)


def _hmac(purpose: bytes, salt: str) -> bytes:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, purpose + salt.encode(), hashlib.sha256).digest()


def derive_token(salt: str) -> str:
    return base64.urlsafe_b64encode(_hmac(b"arende-token:", salt)[:24]).decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CASE_PATH = "/arende/{token}"  # the route of questions.case; built by hand for use outside requests


def case_url(question: Question) -> str:
    """The asker's full link (in the language they asked in), for e-mails sent by the outbox worker."""
    from ..languages import LANGUAGES, SWEDISH

    token = derive_token(question.token_salt)
    prefix = LANGUAGES.get(question.language or SWEDISH, LANGUAGES[SWEDISH]).prefix
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + prefix + CASE_PATH.format(token=token)


def find_by_token(token: str) -> Question | None:
    """The case for a token, or ``None``; malformed tokens never hit the database."""
    if not TOKEN_RE.match(token or ""):
        return None
    digest = hash_token(token)
    question = db.session.scalar(db.select(Question).where(Question.token_hash == digest))
    if question is None or not hmac.compare_digest(question.token_hash, digest):
        return None
    return question


# --------------------------------------------------------------------------
# Word codes


@cache
def word_list() -> tuple[str, ...]:
    words = tuple(line.strip() for line in WORD_LIST.read_text(encoding="utf-8").splitlines() if line.strip())
    if len(words) != 2 ** BITS_PER_WORD:
        raise RuntimeError(f"{WORD_LIST.name} ska ha {2 ** BITS_PER_WORD} ord, har {len(words)}")
    return words


@cache
def _folded_words() -> dict[str, str]:
    return {fold(word): word for word in word_list()}


def derive_words(salt: str) -> list[str]:
    """The four words of a case, from its salt."""
    number = int.from_bytes(_hmac(b"ordkod:", salt)[:8], "big")
    words = word_list()
    picked = []
    for _ in range(WORDS_IN_CODE):
        picked.append(words[number & (2 ** BITS_PER_WORD - 1)])
        number >>= BITS_PER_WORD
    return picked


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _known(word: str) -> str | None:
    """The list word ``word`` (folded) is, or is one slip away from when only one is."""
    folded = _folded_words()
    if word in folded:
        return folded[word]
    near = [w for w in folded if _one_edit_apart(word, w)]
    return folded[near[0]] if len(near) == 1 else None


def _regroup(words: list[str]) -> list[str]:
    """Four words from five (two written apart: "bil väg") or three (two written together: "bilväg")."""
    folded = _folded_words()
    if len(words) == WORDS_IN_CODE + 1:
        joins = [i for i in range(len(words) - 1) if words[i] + words[i + 1] in folded]
        if len(joins) == 1:
            i = joins[0]
            return words[:i] + [words[i] + words[i + 1]] + words[i + 2:]
    if len(words) == WORDS_IN_CODE - 1:
        splits = [(i, j) for i, word in enumerate(words) for j in range(3, len(word) - 2)
                  if word[:j] in folded and word[j:] in folded]
        if len(splits) == 1:
            i, j = splits[0]
            return words[:i] + [words[i][:j], words[i][j:]] + words[i + 1:]
    return words


def read_words(typed: str) -> list[str] | None:
    """The list words a person typed (in order), or ``None`` if it is not four of them."""
    raw = [fold(w) for w in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", typed or ""))]
    found = [_known(word) for word in _regroup(raw)]
    if len(found) != WORDS_IN_CODE or None in found:
        return None
    return found


def normalise_code(typed: str) -> str | None:
    """``fg20260042``, ``FG-2026-0042 `` -> ``FG-2026-0042``; ``None`` if it is not a case code."""
    match = CODE_RE.match(re.sub(r"\s+", "", typed or "").upper())
    return f"FG-{match.group(1)}-{match.group(2)}" if match else None


def find_by_word_code(code: str, typed_words: str) -> Question | None:
    """The case whose code and four words both match, or ``None``."""
    normal, words = normalise_code(code), read_words(typed_words)
    if normal is None or words is None:
        return None
    question = db.session.scalar(db.select(Question).where(Question.code == normal))
    if question is None or not question.token_salt:
        return None
    expected = " ".join(derive_words(question.token_salt))
    return question if hmac.compare_digest(expected.encode(), " ".join(words).encode()) else None
