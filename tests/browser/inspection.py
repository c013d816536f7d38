"""What the suite reads from a page once it is open, so every check shares one visit.

Opening each page state once and keeping the findings (axe-core's
violations, the page's headings, links and fact box, the requests made)
keeps the suite fast: the axe, semantics, request and small-screen tests
all read from the same ``PageReport`` (the small-screen checks resize the
window of the open page and put it back).
"""

from __future__ import annotations

from dataclasses import dataclass

from .a11y import axe_violations

PAGE_FACTS = """() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const name = (el) => (el.getAttribute('aria-label') || el.innerText || el.textContent || '')
    .replace(/\\s+/g, ' ').trim();
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    h1: Array.from(document.querySelectorAll('h1')).map(name),
    headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')).map((h) => ({
      level: h.getAttribute('aria-level') ? Number(h.getAttribute('aria-level')) : Number(h.tagName.slice(1)),
      text: name(h),
    })),
    links: Array.from(document.querySelectorAll('a[href]')).filter(visible).map((a) => ({
      text: name(a), href: a.getAttribute('href'),
      img: Array.from(a.querySelectorAll('img[alt], svg[aria-label]'))
        .map((i) => i.getAttribute('alt') || i.getAttribute('aria-label')).join(' '),
    })),
    langs: Array.from(document.querySelectorAll('[lang]')).map((el) => el.getAttribute('lang')),
    currentPageLinks: Array.from(document.querySelectorAll('a[aria-current="page"]')).map((a) => ({
      text: name(a), path: new URL(a.href, location.href).pathname,
    })),
    path: location.pathname,
    duplicateIds: (() => {
      const counts = new Map();
      for (const el of document.querySelectorAll('[id]')) { counts.set(el.id, (counts.get(el.id) || 0) + 1); }
      return Array.from(counts).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} gånger)`);
    })(),
  };
}"""

FACT_BOX = """() => {
  const box = document.querySelector('.factbox');
  if (!box) { return null; }
  const lists = box.querySelectorAll('dl');
  const dl = lists[0];
  const children = dl ? Array.from(dl.children) : [];
  const flat = children.flatMap((c) => c.tagName === 'DIV' ? Array.from(c.children) : [c]);
  const labelledBy = box.getAttribute('aria-labelledby');
  return {
    landmark: box.tagName.toLowerCase(),
    label: labelledBy ? (document.getElementById(labelledBy) || {}).innerText : box.getAttribute('aria-label'),
    lists: lists.length,
    tags: flat.map((c) => c.tagName.toLowerCase()),
    terms: flat.filter((c) => c.tagName === 'DT').map((c) => c.innerText.trim()),
    definitions: flat.filter((c) => c.tagName === 'DD').map((c) => c.innerText.trim()),
  };
}"""


#: Sideways scrolling and text that is cut off or outside the window.
LAYOUT_PROBLEMS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const problems = [];
  const describe = (el) => {
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    const cls = classes.map((c) => '.' + c).join('');
    const text = (el.innerText || '').trim().slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> ”${text}”`;
  };
  const skipped = (el) => el.closest('.visually-hidden, [hidden], [aria-hidden="true"], head, script, style');
  // WCAG 1.4.10 lets a data table keep its two-dimensional layout and scroll sideways, inside the
  // page: its text may lie outside the window only within a scrolling wrapper that itself fits
  // the window and that a keyboard can reach and a screen reader can name (a labelled region
  // with tabindex="0"). Anything else that pushes text outside the window is a problem.
  const tableScroller = (el) => {
    const table = el.closest('table');
    for (let box = table ? table.parentElement : null; box && box !== document.body; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) { return box; }
    }
    return null;
  };
  const reported = new Set();
  const scrollerProblem = (box) => {
    const rect = box.getBoundingClientRect();
    if (rect.left < -1 || rect.right > width + 1) {
      return `tabellens rullningsruta går utanför fönstret: ${describe(box)}`;
    }
    const named = box.getAttribute('aria-label') || box.getAttribute('aria-labelledby');
    if (box.tabIndex < 0 || box.getAttribute('role') !== 'region' || !named) {
      return `tabellen rullar i sidled men rutan går inte att nå med tangentbordet (role="region", `
             + `tabindex="0" och ett namn saknas): ${describe(box)}`;
    }
    return null;
  };
  if (doc.scrollWidth > width) {
    problems.push(`sidan går att rulla i sidled: scrollWidth ${doc.scrollWidth} > clientWidth ${width}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (skipped(el)) { continue; }
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') { continue; }
    const clips = ['hidden', 'clip'].includes(cs.overflowX) || cs.textOverflow === 'ellipsis';
    if (clips && el.innerText && el.innerText.trim() && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text klipps av: ${describe(el)} scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || skipped(node.parentElement)) { continue; }
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width === 0 || rect.right <= 0) { continue; }   // placed off-screen on purpose (skip link)
      if (rect.left < -1 || rect.right > width + 1) {
        const scroller = tableScroller(node.parentElement);
        if (scroller) {
          const problem = scrollerProblem(scroller);
          if (problem && !reported.has(scroller)) { problems.push(problem); }
          reported.add(scroller);
          break;
        }
        problems.push(`text utanför fönstret (${Math.round(rect.left)}–${Math.round(rect.right)} px av ${width}): `
                      + describe(node.parentElement));
        break;
      }
    }
  }
  return problems;
}"""


#: Window sizes for the reflow check (WCAG 1.4.10): a 320 CSS px phone, and a
#: 1280 px screen zoomed to 200 %, which lays a page out exactly like a 640
#: CSS px window (the device scale factor changes the rendering, not the layout).
SMALL_WINDOWS = {
    "320px": {"width": 320, "height": 640},
    "1280px-zoom-200": {"width": 640, "height": 400},
}


def layout_problems(page) -> dict[str, list[str]]:
    """Reflow problems per small window, checked on the page as it is now; restores the window."""
    original = page.viewport_size
    found = {}
    try:
        for name, size in SMALL_WINDOWS.items():
            page.set_viewport_size(size)
            problems = page.evaluate(LAYOUT_PROBLEMS)
            if problems:
                found[name] = problems
    finally:
        if original:
            page.set_viewport_size(original)
    return found


@dataclass
class PageReport:
    url: str
    violations: list
    facts: dict
    fact_box: dict | None
    requests: list
    layout: dict


def inspect(page, requests: list) -> PageReport:
    """Read everything the checks need from the page as it is now."""
    return PageReport(url=page.url, violations=axe_violations(page), facts=page.evaluate(PAGE_FACTS),
                      fact_box=page.evaluate(FACT_BOX), requests=list(requests), layout=layout_problems(page))
