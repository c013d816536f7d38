"""No user-visible text left bare in Python code (issue 13, item 1).

Walks the syntax tree of every module under ``familjeguiden/`` and looks at
each place where Python hands text to a person:

- ``flash(...)``;
- a WTForms field's label and description, a choice's label (``SelectChoice``);
- a validator's message (``DataRequired("...")``, ``Length(..., message=...)``,
  ``raise ValidationError("...")``) and ``field.errors.append("...")`` /
  ``field.errors = [...]``, and Flask-Login's ``login_message``;
- the exceptions whose text is shown to the person (``USER_MESSAGE_ERRORS``);
- a text handed straight to a template or a JSON answer
  (``render_template(..., heading="...")``, ``jsonify(error="...")``).

A string literal there that reads like Swedish prose must be wrapped in
``_()``, ``_l()``, ``ngettext()`` or ``in_swedish()`` with a literal message,
so ``make translations`` finds it; a wrapped f-string or ``.format`` is
refused too (pybabel cannot extract it; use ``%(name)s`` placeholders).
Texts for operators stay plain by design and are not looked at: log lines,
the audit trail, CLI output, the JSON data of exports and the bilingual
``{"sv": ..., "en": ...}`` error pairs of the open-data API.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "familjeguiden"

#: Modules another piece of work is changing right now; the lead converts them
#: after merging it and then deletes the line here (``test_allow_list_only_shrinks``
#: fails as soon as an entry has nothing left to allow). Paths are relative to
#: ``familjeguiden/``; the number is how many bare texts the module had when listed.
ALLOWED: dict[str, int] = {
    # Empty: every module's user-visible texts go through the catalogues. Add an entry only with a reason.
}

TRANSLATE = {"_", "_l", "ngettext", "lazy_ngettext", "gettext", "lazy_gettext", "in_swedish"}
#: Exceptions whose message the person sees (flashed or put next to a field).
USER_MESSAGE_ERRORS = {"AccountError", "EditError", "ActionError", "TransitionError", "ValidationError",
                       "StopValidation"}
#: Validator -> position of its ``message`` argument (WTForms' signatures).
VALIDATORS = {"DataRequired": 0, "InputRequired": 0, "Email": 0, "MacAddress": 0, "UUID": 0, "EqualTo": 1,
              "AnyOf": 1, "NoneOf": 1, "Length": 2, "NumberRange": 2, "Regexp": 2, "URL": 2, "IPAddress": 2}
#: Prose, not a code or a key: a capital letter then small letters ("Kod", "E-postadress"),
#: two words with a space between, or a Swedish letter.
PROSE = re.compile(r"[åäöÅÄÖ]|^\W*[A-ZÅÄÖ][\w-]*[a-zåäö]|[^\W\d_]{2,} [^\W\d_]{2,}")


@dataclass(frozen=True)
class Finding:
    module: str
    line: int
    where: str
    text: str

    def __str__(self) -> str:
        return f"familjeguiden/{self.module}:{self.line} ({self.where}): {self.text[:70]!r}"


@dataclass
class Scan:
    checked: int = 0
    wrapped: int = 0
    modules: int = 0
    bare: list[Finding] | None = None
    unextractable: list[Finding] | None = None


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal_text(node: ast.expr) -> str | None:
    """The text of a literal written in place: a string, an f-string, a concatenation or ``"...".format()``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        parts = [_literal_text(side) for side in (node.left, node.right)]
        return " ".join(p for p in parts if p) or None
    if isinstance(node, ast.Call) and _name(node.func) == "format" and isinstance(node.func, ast.Attribute):
        return _literal_text(node.func.value)
    return None


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: str, scan: Scan):
        self.module, self.scan = module, scan

    def _check(self, node: ast.expr | None, where: str) -> None:
        if node is None:
            return
        if isinstance(node, ast.IfExp):
            self._check(node.body, where)
            self._check(node.orelse, where)
            return
        if isinstance(node, (ast.List, ast.Tuple)):
            for element in node.elts:
                self._check(element, where)
            return
        if isinstance(node, ast.Call) and _name(node.func) in TRANSLATE:
            self._translated(node, where)
            return
        text = _literal_text(node)
        if text is None or not PROSE.search(text):
            return  # a variable, a call, or a code such as "success": nothing to read here
        self.scan.checked += 1
        self.scan.bare.append(Finding(self.module, node.lineno, where, text))

    def _translated(self, call: ast.Call, where: str) -> None:
        messages = call.args[:2] if _name(call.func) in ("ngettext", "lazy_ngettext") else call.args[:1]
        for message in messages:
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                self.scan.checked += 1
                self.scan.wrapped += 1
            elif _literal_text(message) is not None:
                self.scan.checked += 1
                self.scan.unextractable.append(
                    Finding(self.module, message.lineno, f"{where}, {_name(call.func)}()", _literal_text(message)))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        positional = node.args
        if name == "flash":
            self._check(positional[0] if positional else keywords.get("message"), "flash")
        elif name.endswith("Field") and name[:1].isupper():
            self._check(positional[0] if positional else keywords.get("label"), f"{name} label")
            self._check(keywords.get("description"), f"{name} description")
        elif name == "SelectChoice":
            self._check(positional[1] if len(positional) > 1 else keywords.get("label"), "choice label")
        elif name in VALIDATORS:
            index = VALIDATORS[name]
            self._check(positional[index] if len(positional) > index else keywords.get("message"),
                        f"{name} message")
        elif name in USER_MESSAGE_ERRORS:
            self._check(positional[0] if positional else keywords.get("message"), name)
        elif name in ("render_template", "jsonify"):
            for keyword, value in keywords.items():
                self._check(value, f"{name}({keyword}=)")
        elif name == "append" and isinstance(node.func, ast.Attribute) and _name(node.func.value) == "errors":
            self._check(positional[0] if positional else None, "errors.append")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Attribute) and t.attr == "errors" for t in node.targets):
            value = node.value
            while isinstance(value, ast.BinOp):  # field.errors = list(field.errors) + ["..."]
                self._check(value.right, "field.errors")
                value = value.left
            self._check(value, "field.errors")
        if any(isinstance(t, ast.Attribute) and t.attr == "login_message" for t in node.targets):
            self._check(node.value, "login_message")  # Flask-Login flashes it
        self.generic_visit(node)


def scan() -> Scan:
    result = Scan(bare=[], unextractable=[])
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        _Visitor(module, result).visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        result.modules += 1
    return result


def _allowed(finding: Finding) -> bool:
    return finding.module in ALLOWED


def test_no_bare_user_text_in_python():
    result = scan()
    allowed = [f for f in result.bare if _allowed(f)]
    bare = [f for f in result.bare if not _allowed(f)]
    print(f"\nChecked {result.checked} literals in {result.modules} modules: {result.wrapped} wrapped for "
          f"translation, {len(allowed)} bare in the {len(ALLOWED)} allow-listed modules, {len(bare)} bare "
          f"elsewhere, {len(result.unextractable)} wrapped but not extractable.")
    assert result.checked > 100  # the walk really found the project's texts
    assert not bare, "Wrap these in _() / _l() / ngettext():\n" + "\n".join(map(str, bare))
    assert not result.unextractable, ("pybabel cannot extract a built string; use one literal with %(name)s "
                                      "placeholders:\n" + "\n".join(map(str, result.unextractable)))


def test_allow_list_only_shrinks():
    """Every allow-listed module still has bare texts, and no more than listed: once converted, its line goes."""
    result = scan()
    counts = {module: sum(f.module == module for f in result.bare) for module in ALLOWED}
    stale = [module for module, count in counts.items() if count == 0]
    grown = {module: f"{count} > {ALLOWED[module]}" for module, count in counts.items() if count > ALLOWED[module]}
    print(f"\nAllow-listed modules and their bare texts now: {counts}")
    assert not stale, f"Nothing left to allow in {stale}: remove them from ALLOWED."
    assert not grown, f"New bare texts in allow-listed modules (wrap them, the list only shrinks): {grown}"


def test_the_walk_sees_a_bare_text():
    """The checker itself: each kind of place is found, wrapped texts and codes are not."""
    source = '''
flash("Kontot är skapat.", "success")
flash(_("Kontot för %(name)s är skapat.", name=n), "success")
flash(f"Rollerna för {name} är ändrade.", "success")
name = StringField("Namn", validators=[DataRequired("Skriv namnet."), Length(max=9, message=_l("För långt."))])
code = StringField(_l("Kod"), description="Sex siffror.")
raise AccountError("Kontot är redan aktivt.")
form.note.errors = list(form.note.errors) + ["Skriv kort vad du har ändrat."]
form.code.errors.append(_("Koden stämmer inte."))
flash(_(f"Ärende {code} är raderat."), "success")
flash(message, "error")
'''
    result = Scan(bare=[], unextractable=[])
    _Visitor("example.py", result).visit(ast.parse(source))
    found = sorted((f.line, f.where) for f in result.bare)
    assert found == [(2, "flash"), (4, "flash"), (5, "DataRequired message"), (5, "StringField label"),
                     (6, "StringField description"), (7, "AccountError"), (8, "field.errors")], found
    assert [(f.line, f.where) for f in result.unextractable] == [(10, "flash, _()")]
    assert result.wrapped == 4 and result.checked == 12
