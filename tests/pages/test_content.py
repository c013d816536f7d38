"""Validation of service files and the ``flask content`` commands."""

import textwrap
from pathlib import Path

import pytest

from familjeguiden.pages.content import check_directory, parse_service
from familjeguiden.pages.models import Page

VALID = textwrap.dedent("""\
    ---
    title: Testgruppen
    summary: En grupp för att testa.
    ages: [6, 12]
    topics: [fritid]
    audience: [barn]
    contact: {phone: "070-174 06 99"}
    reviewed: 2026-10-01
    ---
    ## Vad händer?

    Vi träffas och pratar.
    """)


def problems_for(text, slug="testgruppen"):
    return [(p.field, p.problem) for p in parse_service(text, slug, f"{slug}.md").problems]


def test_a_valid_file_parses_to_normalised_front_matter():
    result = parse_service(VALID, "testgruppen", "testgruppen.md")
    assert result.problems == []
    fm = result.service.front_matter
    assert fm["ages"] == [6, 12]
    assert fm["reviewed"] == "2026-10-01"
    assert fm["contact"] == {"phone": "070-174 06 99"}


@pytest.mark.parametrize("change, field, words", [
    (("title: Testgruppen\n", ""), "title", "saknas"),
    (("title: Testgruppen", "title: " + "x" * 81), "title", "högst 80"),
    (("summary: En grupp för att testa.", "summary: " + "y" * 201), "summary", "högst 200"),
    (("ages: [6, 12]", "ages: [12, 6]"), "ages", "högre än den äldsta"),
    (("ages: [6, 12]", "ages: [6, 25]"), "ages", "mellan 0 och 20"),
    (("ages: [6, 12]", "ages: sex"), "ages", "två heltal"),
    (("topics: [fritid]", "topics: [fotboll]"), "topics", "okänt värde 'fotboll'"),
    (("audience: [barn]", "audience: [grannar]"), "audience", "okänt värde 'grannar'"),
    (("contact: {phone: \"070-174 06 99\"}", "contact: {}"), "contact", "minst ett sätt"),
    (("contact: {phone: \"070-174 06 99\"}", "contact: {email: inte-en-adress}"), "contact.email", "namn@exempel.se"),
    (("contact: {phone: \"070-174 06 99\"}", "contact: {web: \"javascript:alert(1)\"}"), "contact.web", "https://"),
    (("reviewed: 2026-10-01", "reviewed: igår"), "reviewed", "ÅÅÅÅ-MM-DD"),
    (("reviewed: 2026-10-01\n", ""), "reviewed", "saknas"),
    (("reviewed: 2026-10-01", "reviewed: 2026-10-01\ncourse: {next_start: 2027-01-10, registration: kanske}"),
     "course.registration", "okänt värde 'kanske'"),
    (("reviewed: 2026-10-01", "reviewed: 2026-10-01\nsummery: stavfel"), "summery", "okänt fält"),
])
def test_each_rule_names_the_field_and_the_problem(change, field, words):
    old, new = change
    problems = problems_for(VALID.replace(old, new, 1))
    assert any(f == field and words in p for f, p in problems), problems


def test_missing_front_matter_and_broken_yaml_are_reported():
    assert problems_for("Bara text\n")[0][0] == "front matter"
    broken = VALID.replace("ages: [6, 12]", "ages: [6, 12")
    assert any(f == "front matter" and "YAML" in p for f, p in problems_for(broken))


def test_empty_body_is_reported():
    assert ("text", "sidan saknar brödtext under front matter") in problems_for(VALID.split("## Vad")[0])


def test_shipped_content_is_valid_and_complete(app):
    from pathlib import Path

    services, problems = check_directory(Path(app.config["CONTENT_PATH"]))
    assert problems == []
    slugs = {s.slug for s in services}
    required = {
        "familjecentralen", "steget", "abc", "cope", "foraldrastegen", "vagledande-samspel", "familjeguiden",
        "barnhalsoteam", "ior", "pinocchio", "sociala-insatsgrupper", "qpm", "tematiska-foraldramoten",
        "skilda-varldar", "familjebehandling", "familjeradgivning", "socialtjansten-barn-och-unga",
        "elevhalsan", "fritidsgarden", "faltassistenterna", "ungdomspolisen", "ungdomsmottagningen",
        "ingangen", "bup",
    }
    assert required <= slugs
    for service in services:
        words = len(service.body.split())
        assert 150 <= words <= 500, f"{service.slug}: {words} ord"


def test_content_check_command_passes_on_shipped_content(cli):
    result = cli.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Allt innehåll är giltigt" in result.output


def test_content_check_reports_a_broken_file_and_exits_non_zero(cli, tmp_path):
    folder = tmp_path / "tjanster"
    folder.mkdir()
    (folder / "bra.md").write_text(VALID)
    (folder / "trasig.md").write_text(VALID.replace("ages: [6, 12]", "ages: [14, 3]"))
    result = cli.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "trasig.md: ages: Den yngsta åldern kan inte vara högre än den äldsta." in result.output
    assert "bra.md" not in result.output


def test_import_leaves_a_broken_file_out_and_keeps_the_site_up(cli, client, tmp_path, caplog):
    folder = tmp_path / "tjanster"
    folder.mkdir()
    (folder / "nygrupp.md").write_text(VALID.replace("Testgruppen", "Nygruppen"))
    (folder / "trasig.md").write_text(VALID.replace("topics: [fritid]", "topics: [okänt]"))
    result = cli.invoke(args=["content", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "trasig.md: topics" in caplog.text
    assert client.get("/tjanster/nygrupp").status_code == 200
    assert client.get("/tjanster/trasig").status_code == 404
    assert client.get("/tjanster/steget").status_code == 200


def test_reimport_of_unchanged_files_adds_no_revision(cli, app):
    from familjeguiden.extensions import db
    from familjeguiden.pages.models import PageRevision

    before = db.session.scalar(db.select(db.func.count(PageRevision.id)))
    result = cli.invoke(args=["content", "import"])
    shipped = len(check_directory(Path(app.config["CONTENT_PATH"]))[0])
    assert f"0 nya, 0 ändrade, {shipped} oförändrade" in result.output
    assert db.session.scalar(db.select(db.func.count(PageRevision.id))) == before


def test_changed_file_gets_a_new_published_revision(cli, client, tmp_path, app):
    from familjeguiden.extensions import db

    folder = tmp_path / "tjanster"
    folder.mkdir()
    source = (app.config["CONTENT_PATH"] + "/tjanster/steget.md")
    text = open(source, encoding="utf-8").read().replace("## ", "## Nytt: ", 1)
    (folder / "steget.md").write_text(text)
    result = cli.invoke(args=["content", "import", str(tmp_path)])
    assert "0 nya, 1 ändrade" in result.output
    page = db.session.scalar(db.select(Page).where(Page.slug == "steget"))
    assert page.published_revision.number == 2
    assert "Nytt: " in client.get("/tjanster/steget").get_data(as_text=True)


def test_export_then_import_round_trip_is_identical(cli, tmp_path, app):
    out = tmp_path / "export"
    result = cli.invoke(args=["content", "export", str(out)])
    shipped = len(check_directory(Path(app.config["CONTENT_PATH"]))[0])
    assert result.exit_code == 0 and f"{shipped} tjänstesidor" in result.output
    again = tmp_path / "export2"
    cli.invoke(args=["content", "import", str(out)])
    cli.invoke(args=["content", "export", str(again)])
    for path in sorted((out / "tjanster").glob("*.md")):
        assert path.read_text() == (again / "tjanster" / path.name).read_text()
    result = cli.invoke(args=["content", "import", str(out)])
    assert f"0 nya, 0 ändrade, {shipped} oförändrade" in result.output
