"""Every age group × topic a family could need leads to at least one service.

A parent who picks the child's age and a topic on /tjanster/ and gets
"Inga tjänster passar" is at a dead end, often at a bad moment (the issue's
example: a parent of a toddler whose partner drinks). This test walks the
whole grid of age groups and topics on the published catalogue. A cell may
only be empty if it is listed below with the reason no family needs a service
there; a listed cell that has since been filled fails too, so the list of
reasons never goes stale.
"""

import re

from familjeguiden.pages.catalogue import get_catalogue
from familjeguiden.taxonomy import AGE_GROUPS, TOPICS

#: Cells that are honestly empty: (age group, topic) -> why no family needs a service there.
JUSTIFIED_EMPTY = {
    ("0-5", "alkohol-och-droger"):
        "Ämnet gäller barnets eget bruk; ett litet barn med en förälder som dricker finns under Missbruk i familjen.",
    ("0-5", "brott-och-riskbeteende"):
        "Ämnet gäller ungas egna brott och risker; ett litet barn som utsätts för våld finns under Oro för ett barn.",
}


def grid():
    catalogue = get_catalogue()
    return {
        (group, topic): [s.slug for s in catalogue.filter(age_group=group, topic=topic)]
        for group in AGE_GROUPS for topic in TOPICS
    }


def listed_slugs(client, group, topic):
    html = client.get(f"/tjanster/?alder={group}&amne={topic}").get_data(as_text=True)
    return set(re.findall(r'<h2 class="card-title"><a href="/tjanster/([a-z0-9-]+)"', html)), html


def test_justified_cells_name_real_age_groups_and_topics_with_a_reason():
    for (group, topic), reason in JUSTIFIED_EMPTY.items():
        assert group in AGE_GROUPS and topic in TOPICS, (group, topic)
        assert len(reason) > 20, (group, topic)


def test_every_age_group_and_topic_has_a_service_or_a_reason(app, capsys):
    cells = grid()
    empty = sorted(cell for cell, slugs in cells.items() if not slugs)
    unexplained = [cell for cell in empty if cell not in JUSTIFIED_EMPTY]
    stale = sorted(cell for cell in JUSTIFIED_EMPTY if cells[cell])
    filled = len(cells) - len(empty)

    with capsys.disabled():
        print(f"\nÅlder × ämne: {filled} av {len(cells)} rutor har minst en tjänst, "
              f"{len(empty) - len(unexplained)} är tomma med skäl, {len(unexplained)} saknar skäl.")
        width = max(len(topic) for topic in TOPICS)
        print(" " * width + "".join(f"{group:>7}" for group in AGE_GROUPS))
        for topic in TOPICS:
            counts = "".join(f"{len(cells[(group, topic)]) or '-':>7}" for group in AGE_GROUPS)
            print(f"{topic:<{width}}{counts}")
        for group, topic in empty:
            print(f"  tom: {group} + {topic}: {JUSTIFIED_EMPTY.get((group, topic), 'INGET SKÄL')}")

    assert not unexplained, f"tomma rutor utan skäl: {unexplained}"
    assert not stale, f"rutor som har fått tjänster men står kvar som tomma med skäl: {stale}"


def test_the_public_list_shows_the_same_grid(client):
    """What the parent sees when filtering matches the grid, cell by cell."""
    for (group, topic), slugs in grid().items():
        shown, html = listed_slugs(client, group, topic)
        assert shown == set(slugs), (group, topic)
        if not slugs:
            assert "Inga tjänster passar de val du gjort." in html, (group, topic)


def test_a_parent_of_a_toddler_whose_partner_drinks_finds_help(client):
    shown, _html = listed_slugs(client, "0-5", "missbruk-i-familjen")
    assert "familjebehandling" in shown


def test_an_empty_cell_points_to_the_topic_where_that_family_finds_help(client):
    """"Inga tjänster passar" is not the end: the page says why and links to a cell that lists help."""
    from familjeguiden.taxonomy import SEE_INSTEAD

    cells = grid()
    assert set(SEE_INSTEAD) == set(JUSTIFIED_EMPTY)
    for (group, topic), (other, _why) in SEE_INSTEAD.items():
        _shown, html = listed_slugs(client, group, topic)
        assert f'href="/tjanster/?alder={group}&amp;amne={other}"' in html, (group, topic)
        assert cells[(group, other)], f"{group} + {other} is empty too"
