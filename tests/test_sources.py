"""sources.toml: the bundled defaults load, and every mistake names the file and line."""
from __future__ import annotations

import pytest

from crawler import SourcesError, default_sources_path, load_sources, parse_sources


def test_bundled_sources_are_valid_and_bilingual():
    sources = load_sources(default_sources_path())
    langs = {s.lang for s in sources}
    assert {"en", "fr"} <= langs
    assert all(s.url.startswith("https://") for s in sources)
    assert len(sources) >= 10


def test_a_full_entry_is_read():
    [s] = parse_sources("""
[[source]]
name = "Example"
kind = "sitemap"
url = "https://example.com/sitemap.xml"
lang = "fr"
keywords = ["GPU"]
max_age_days = 7
delay = 2.5
enabled = false
""")
    assert (s.name, s.kind, s.lang, s.keywords, s.max_age_days, s.delay, s.enabled) == (
        "Example", "sitemap", "fr", ("GPU",), 7, 2.5, False)


@pytest.mark.parametrize("body,line,message", [
    ('[[source]]\nurl = "https://a.example/feed"\n\n[[source]]\nurl = "ftp://b.example/x"\n', 4, "'url' must be an http"),
    ('[[source]]\nurl = "https://a.example/feed"\nkind = "podcast"\n', 1, "'kind' must be one of"),
    ('[[source]]\nurl = "https://a.example/feed"\ncolour = "red"\n', 1, "unknown key(s) colour"),
    ('[[source]]\nurl = "https://a.example/feed"\ndelay = -1\n', 1, "'delay' must be a non-negative number"),
    ('[[source]]\nurl = "https://a.example/feed"\nlang = "english"\n', 1, "'lang' must be a two-letter code"),
])
def test_mistakes_name_file_line_and_problem(body, line, message):
    with pytest.raises(SourcesError) as err:
        parse_sources(body, "my-sources.toml")
    assert f"my-sources.toml, line {line}" in str(err.value)
    assert message in str(err.value)


def test_toml_syntax_errors_name_the_line():
    with pytest.raises(SourcesError, match=r"my-sources.toml: .*line 2"):
        parse_sources('[[source]]\nurl = "https://a.example/feed\n', "my-sources.toml")


def test_relevance_filter_is_case_insensitive():
    [s] = parse_sources('[[source]]\nurl = "https://a.example/f"\nkeywords = ["gpu"]\n')
    assert s.relevant("New GPU cluster", None)
    assert not s.relevant("Soup", "recipes")


def test_sources_add_disable_enable_edit_the_file_and_keep_comments(tmp_path):
    from crawler.sources_file import add_source, set_enabled
    from crawler import Source
    path = tmp_path / "sources.toml"
    path.write_text('# my feeds\n[[source]]\nname = "A"\nurl = "https://a.example/feed"  # the main one\n', encoding="utf-8")
    add_source(path, Source("B", "sitemap", "https://b.example/sitemap.xml", "fr", ("GPU",), True, 7, 2.0))
    set_enabled(path, "https://a.example/feed", False)
    text = path.read_text(encoding="utf-8")
    assert "# my feeds" in text and "# the main one" in text
    a, b = load_sources(path)
    assert (a.name, a.enabled) == ("A", False)
    assert (b.name, b.kind, b.lang, b.keywords, b.max_age_days, b.delay) == ("B", "sitemap", "fr", ("GPU",), 7, 2.0)
    with pytest.raises(SourcesError, match="already listed"):
        add_source(path, Source("B2", "feed", "https://b.example/sitemap.xml"))
    with pytest.raises(SourcesError, match="no source with url"):
        set_enabled(path, "https://nowhere.example/", True)


def test_editing_a_missing_file_starts_from_the_bundled_defaults(tmp_path):
    from crawler.sources_file import add_source
    from crawler import Source
    path = tmp_path / "sources.toml"
    add_source(path, Source("Mine", "feed", "https://mine.example/rss"))
    names = [s.name for s in load_sources(path)]
    assert names[-1] == "Mine" and len(names) == len(load_sources(default_sources_path())) + 1


def test_a_broken_file_is_not_edited(tmp_path):
    from crawler.sources_file import add_source
    from crawler import Source
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nurl = "nope"\n', encoding="utf-8")
    with pytest.raises(SourcesError, match="line 1"):
        add_source(path, Source("X", "feed", "https://x.example/rss"))
    assert path.read_text(encoding="utf-8") == '[[source]]\nurl = "nope"\n'
