"""sources.toml: the bundled defaults load, and every mistake names the file and line."""
from __future__ import annotations

import json

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


S = '[[source]]\nurl = "https://a.example/feed"\n'  # one valid source, to put after a mistake


@pytest.mark.parametrize("body,line,message", [
    # the file's shape: [defaults] a table, source an array of tables, nothing else at the top
    ("defaults = 3\n" + S, 1, "'defaults' must be a table written [defaults], got 3"),
    ("source = [1]\n", 1, "'source' must be an array of tables written [[source]]"),
    ('source = {url = "https://a.example/feed"}\n', 1, "'source' must be an array of tables written [[source]]"),
    ('# mine\n\n[source]\nurl = "https://a.example/feed"\n', 3, "'source' must be an array of tables"),
    ('[[sources]]\nurl = "https://a.example/feed"\n', 1, "unknown key(s) sources at the top level"),
    # [defaults] is checked on its own, at its own line, before any source
    ("# mine\n[defaults]\nmax_agedays = 3\n\n" + S, 2,
     "unknown key(s) max_agedays in [defaults] (allowed: delay, entities, keywords, max_age_days)"),
    ("[defaults]\ndelay = -1\n\n" + S, 1, "'delay' must be a non-negative number, got -1"),
    ('[defaults]\nkeywords = "GPU"\n\n' + S, 1, "'keywords' must be a list of non-empty strings"),
    ('[defaults]\nlang = "en"\n\n' + S, 1, "unknown key(s) lang in [defaults]"),
    # each source key has a type
    ('[[source]]\nname = 5\nurl = "https://a.example/feed"\n', 1, "'name' must be a non-empty string, got 5"),
    ('[[source]]\nname = " "\nurl = "https://a.example/feed"\n', 1, "'name' must be a non-empty string"),
    (S + 'keywords = ["GPU", ""]\n', 1, "'keywords' must be a list of non-empty strings"),
    (S + "delay = nan\n", 1, "'delay' must be a non-negative number, got nan"),
    (S + "max_age_days = inf\n", 1, "'max_age_days' must be a non-negative number, got inf"),
    (S + "kind = [1]\n", 1, "'kind' must be one of"),
    (S + "\n" + S + "enabled = 1\n", 4, "'enabled' must be true or false, got 1"),
])
def test_a_malformed_structure_names_file_line_and_problem(body, line, message):
    with pytest.raises(SourcesError) as err:
        parse_sources(body, "my-sources.toml")
    assert f"my-sources.toml, line {line}: " in str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize("url,problem", [
    ("http://example.com:99999/a", "port '99999' is not a number from 1 to 65535"),
    ("http://example.com:0/a", "port '0' is not a number from 1 to 65535"),
    ("http://example.com:abc/a", "port 'abc' is not a number from 1 to 65535"),
    ("http://[::1/a", "cannot be parsed"),
    ("https:///feed", "no host"),
    ("http://exa mple.com/feed", "a space or a control character"),
    ("https://a.example/feed\u0000", "a space or a control character"),
])
def test_an_unusable_url_in_the_file_is_named_with_its_line(url, problem):
    body = S + "\n" + f"[[source]]\nurl = {json.dumps(url)}\n"  # JSON's escapes are TOML's
    with pytest.raises(SourcesError) as err:
        parse_sources(body, "my-sources.toml")
    assert f"my-sources.toml, line 4: 'url' must be an http(s) URL, got {url!r} (" in str(err.value)
    assert problem in str(err.value)


def test_an_unusable_url_hides_its_password():
    with pytest.raises(SourcesError) as err:
        parse_sources('[[source]]\nurl = "https://me:hunter2@a.example:99999/feed"\n', "my-sources.toml")
    assert "hunter2" not in str(err.value) and "a.example:99999" in str(err.value)


@pytest.mark.parametrize("url", ["https://a.example/feed", "http://127.0.0.1:8080/rss.xml", "https://[::1]:443/x",
                                 "https://exémple.fr/café?q=1#top", "HTTPS://A.EXAMPLE/"])
def test_usable_urls_are_accepted(url):
    [s] = parse_sources(f'[[source]]\nurl = "{url}"\n')
    assert s.url == url


def test_the_default_name_is_the_host_without_credentials():
    a, b = parse_sources('[[source]]\nurl = "https://me:hunter2@www.a.example/feed"\n\n'
                         '[[source]]\nurl = "http://127.0.0.1:8080/rss.xml"\n')
    assert (a.name, b.name) == ("a.example", "127.0.0.1:8080")


def test_defaults_apply_to_every_source_and_a_source_overrides_them():
    a, b = parse_sources('[defaults]\nmax_age_days = 30\ndelay = 2\nkeywords = ["GPU"]\n\n' + S
                         + '\n[[source]]\nurl = "https://b.example/feed"\nmax_age_days = 7\nkeywords = []\n')
    assert (a.max_age_days, a.delay, a.keywords) == (30, 2, ("GPU",))
    assert (b.max_age_days, b.delay, b.keywords) == (7, 2, None)


def test_toml_syntax_errors_name_the_line():
    with pytest.raises(SourcesError, match=r"my-sources.toml: .*line 2"):
        parse_sources('[[source]]\nurl = "https://a.example/feed\n', "my-sources.toml")


def test_relevance_filter_is_case_insensitive():
    [s] = parse_sources('[[source]]\nurl = "https://a.example/f"\nkeywords = ["gpu"]\n')
    assert s.relevant("New GPU cluster", None)
    assert not s.relevant("Soup", "recipes")


def _keywords(*words: str):
    [s] = parse_sources('[[source]]\nurl = "https://a.example/f"\nkeywords = %s\n' % json.dumps(list(words)))
    return s


def test_keywords_match_whole_words_not_parts_of_words():
    s = _keywords("AI", "GPU")
    assert not s.relevant("The minister said the plan was fair", "https://news.example/said-fair")
    assert not s.relevant("Gpufarm opens", None)
    assert s.relevant("What the AI boom costs", None)
    assert s.relevant("AI-ready data halls", None) and s.relevant("(AI)", None)
    assert s.relevant("a story", "https://news.example/2024/new_ai_campus")  # a URL slug's words count
    assert s.relevant("Nvidia ships more GPUs", None)  # a plural still matches


def test_french_keywords_match_as_words_with_their_accents():
    s = _keywords("mégawatt", "IA", "centre de données")
    assert s.relevant("Un campus de 300 MÉGAWATTS près de Lyon", None)
    assert s.relevant("Le pari de l\u2019IA souveraine", None)  # after a typographic apostrophe
    assert s.relevant("Un nouveau centre\nde données à Marseille", None)  # a phrase across a line break
    assert s.relevant("Un centre de donne\u0301es", None)  # é written as e + a combining accent
    assert not s.relevant("Le réseau social de la ville", None)  # IA inside social
    assert not s.relevant("Un centre de loisirs", "des données")  # the words of a phrase, apart
    assert not s.relevant("Les mégawattheures facturés", None)


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


def test_entities_are_read_from_a_source_and_from_defaults():
    text = ('[defaults]\nentities = ["xAI Colossus"]\n\n[[source]]\nurl = "https://a.example/feed"\n\n'
            '[[source]]\nurl = "https://b.example/feed"\nentities = ["Stargate", "OpenAI"]\n')
    first, second = parse_sources(text)
    assert first.entities == ("xAI Colossus",) and second.entities == ("Stargate", "OpenAI")


def test_entities_must_be_a_list_of_names():
    with pytest.raises(SourcesError, match="line 1: 'entities' must be a list of non-empty strings"):
        parse_sources('[[source]]\nurl = "https://a.example/feed"\nentities = "xAI"\n')
