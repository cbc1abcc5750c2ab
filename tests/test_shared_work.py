"""Nothing worked out twice in one build that one working-out serves: words measured once
per process (cards/fit.measure), templates compiled once (engines/templating), the same
results as working each out anew."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from brochure.cards import fit
from brochure.engines import templating, weasy
from brochure.engines.layouts import LayoutPath
from brochure.i18n import Formatter

STYLESHEET = ".given { font-weight: 700 } .country { font-style: italic }"
FONTS = "'Inter', 'Noto Sans', sans-serif"


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The elements of each measuring page laid out, page by page (fit's memory emptied
    first)."""
    monkeypatch.setattr(fit, "_MEASURED", {})
    pages: list[set[str]] = []
    real = weasy.text_styles

    def counting(
        html: str, base: Path, readable: tuple[Path, ...], what: str, ids: set[str]
    ) -> dict[str, weasy.TextStyle]:
        pages.append(ids)
        return real(html, base, readable, what, ids)

    monkeypatch.setattr(weasy, "text_styles", counting)
    return pages


@pytest.mark.slow
def test_words_are_measured_once_and_as_a_fresh_measuring_would(
    tmp_path: Path, laid_out: list[set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second language pack's badges ask again for the names of the first and for a few
    words of their own: only those are measured, on a page of only the styles not seen
    yet; and every width is the one a process measuring for the first time finds."""
    first = {("given", "en", "Ana"), ("given", "en", "Olumide"), ("country", "en", "Mexico")}
    second = {("given", "en", "Ana"), ("given", "en", "Olumide"), ("country", "es", "México")}
    args = (STYLESHEET, FONTS, tmp_path, (tmp_path,))
    once = fit.measure(first, *args)
    again = fit.measure(second, *args)
    assert len(laid_out) == 2 and len(laid_out[1]) == 1  # (country, es) only
    assert set(again.table) == second
    assert fit.measure(first | second, *args).table == {**once.table, **again.table}
    assert len(laid_out) == 2  # nothing new: no page at all

    monkeypatch.setattr(fit, "_MEASURED", {})
    fresh = fit.measure(second, *args)
    assert fresh.table == again.table
    assert again.table[("given", "en", "Olumide")] > again.table[("given", "en", "Ana")] > 0


def test_a_template_is_compiled_once_and_again_when_its_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each render makes a new environment (its pack's language); a template already
    compiled in this process is not compiled again, until its text changes."""
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source)
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    (tmp_path / "test").mkdir()
    template = tmp_path / "test" / "page.html.j2"
    template.write_text("<p>{{ _('Programme') }}: {{ title }}</p>")
    layouts = LayoutPath((tmp_path,))

    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Context:
        title: str

    english, spanish = Formatter.for_language("en"), Formatter.for_language("es")
    said = [
        templating.render(layouts, fmt, "test/page.html.j2", Context("A & B"))
        for fmt in (english, spanish, english)
    ]
    english_page, spanish_page = "<p>Programme: A &amp; B</p>", "<p>Programa: A &amp; B</p>"
    assert said == [english_page, spanish_page, english_page]
    assert len(compiled) == 1
    template.write_text("<p>{{ title }}!</p>")
    assert templating.render(layouts, english, "test/page.html.j2", Context("C")) == "<p>C!</p>"
    assert len(compiled) == 2
