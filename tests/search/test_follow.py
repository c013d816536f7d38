"""Two hosts on one database: a publish on one shows in the other's pages and search."""

from __future__ import annotations

import shutil

from familjeguiden.extensions import db
from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.search import search
from familjeguiden.search.engine import current_generation, index_path
from familjeguiden.search.follow import applied
from tests.conftest import make_app
from tests.factories import page_for, publish_revision


def test_a_publish_on_one_host_reaches_the_other_hosts_pages_and_index(app, instance_path, tmp_path):
    other_instance = tmp_path / "vard-b"
    shutil.copytree(instance_path, other_instance)
    host_b = make_app(other_instance, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], CONTENT_CHECK_SECONDS=0)
    with host_b.app_context():
        assert search("zebrafinkar").total == 0
        db.session.remove()

    page = page_for("steget")
    fm = dict(page.published_revision.front_matter)
    publish_revision(page, fm, page.published_revision.body + "\n\nVi pratar också om zebrafinkar.")

    with host_b.test_request_context("/sok?q=zebrafinkar"):
        host_b.preprocess_request()  # the request hook that follows other hosts' changes
        assert "zebrafinkar" in get_catalogue().get("steget").body
        hits = search("zebrafinkar").hits
        assert [h.slug for h in hits] == ["steget"]
        generation = current_generation(index_path(host_b))
        assert applied(generation) >= 1
        db.session.remove()
