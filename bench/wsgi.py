"""The real app plus one reference route, for benchmarks only.

``/bench/konstant/<size>`` returns a constant string of ``size`` bytes with
the same headers as any page. Comparing a real page with it in the same
run, on the same gunicorn setup, gives a ratio that does not depend on how
fast this machine happens to be.
"""

from flask import Response

from familjeguiden import create_app

app = create_app()
_constant_cache: dict[int, bytes] = {}


@app.get("/bench/konstant/<int:size>")
def constant(size: int):
    body = _constant_cache.get(size)
    if body is None:
        body = _constant_cache[size] = (b"x" * size)
    return Response(body, mimetype="text/html")
