"""Create the instance folder and its ``config.py`` with a random secret key.

Run as ``python -m familjeguiden.instance [PATH]`` before the first start
(``make run`` does). An existing file is never overwritten, so sessions and
links signed with the old key keep working on the second run.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

TEMPLATE = '''"""Settings for this installation. Not in git: holds the secret key."""

SECRET_KEY = "{secret}"
'''


def ensure_instance_config(instance_path: Path, extra: str = "") -> bool:
    """Write ``config.py`` unless it exists; return whether it was created."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / "config.py"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE.format(secret=secrets.token_hex(32)) + extra)
    return True


DEMO_SETTINGS = '''
# Demo installation made by `make run`: staff log in without two-factor, and
# the login page says so. Remove this line on a real installation.
REQUIRE_2FA = False
DEMO = True
'''


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    demo = "--demo" in argv
    default = Path(__file__).resolve().parent.parent / "instance"
    instance_path = Path(args[0]) if args else Path(os.environ.get("FAMILJEGUIDEN_INSTANCE_PATH", default))
    created = ensure_instance_config(instance_path, DEMO_SETTINGS if demo else "")
    print(f"{'Skapade' if created else 'Återanvänder'} {instance_path / 'config.py'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
