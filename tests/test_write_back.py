"""Posts written back into their own world: own keys, order, spelling, dialect, kept body."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import attrs
import pytest
import yaml
from tests.conftest import SEED, corpus_files, corpus_id, shared_corpus_dir

import newsdoc
from newsdoc.cli.app import main
from newsdoc.errors import OptionError, SchemaError
from newsdoc.model import Article, Paragraph, Text
from newsdoc.model.origin import head_of

SEED_KEYS = ["title", "categories", "headimg", "author", "comments", "date", "thumbnail"]
RETYPED = [
    "23:00:00", "10:00", "12:30", "yes", "no", "on", "off", "y", "n", "Yes", "NO", "True",
    "false", "null", "Null", "~", "", "<<", "=", "1_000", "0o17", "0x1F", "017", "1e3", ".inf",
    "-.inf", ".nan", "2021-11-24", "2021-11-24 08:11:59", "2021-11-24T08:11:59Z", "+1", "-0",
    "1,000", ":symbol", "@at", "`tick", "- dash", "? q", "a: b", "a #b", " lead", "trail ",
    "'quoted'", '"double"', "line\nbreak", "tab\there", "#hash", "!tag", "&anchor", "*alias",
    "[list]", "{map}", "|", ">", "%", "NaN", "Infinity",
]  # fmt: skip
"Titles some YAML 1.1 or 1.2 reader would read as something else than the string, if bare."


def _seeds() -> list[Path]:
    shared = shared_corpus_dir()
    found = [SEED]
    if shared is not None:
        found += sorted((shared / "seed").glob("*.md"))
    return found


def _front_matter(text: str) -> dict[str, object]:
    """The front matter as PyYAML's SafeLoader (YAML 1.1, python-frontmatter's) reads it."""
    head = text.lstrip("\n").split("---\n", 2)[1]
    data = yaml.load(head, Loader=yaml.SafeLoader)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", _seeds(), ids=lambda p: p.name)
def test_the_seed_keeps_its_own_keys_in_its_own_order(path: Path) -> None:
    """The seed written back has exactly its keys, in its order, each line as written."""
    text = path.read_text(encoding="utf-8")
    written = newsdoc.to_markdown(newsdoc.parse(text))
    assert list(_front_matter(written)) == SEED_KEYS
    head = text[: text.index("---\n", text.index("---\n") + 1) + 4]
    assert written.startswith(head)


@pytest.mark.parametrize("path", _seeds(), ids=lambda p: p.name)
def test_the_seed_with_its_body_kept_is_the_same_bytes(path: Path) -> None:
    """keep_body=True: the seed written back is the seed, byte for byte."""
    data = path.read_bytes()
    article = newsdoc.parse(data, keep_body=True)
    assert data == newsdoc.to_markdown(article).encode("utf-8")
    assert data == newsdoc.to_markdown(newsdoc.from_json(newsdoc.to_json(article))).encode()


def test_a_changed_body_is_written_afresh_even_when_kept() -> None:
    """With the blocks changed, the kept body is not written: the new blocks are."""
    article = newsdoc.parse(SEED.read_bytes(), keep_body=True)
    changed = attrs.evolve(article, blocks=(Paragraph(children=(Text(value="New"),)),))
    written = newsdoc.to_markdown(changed)
    assert written.endswith("---\n\nNew\n")
    assert newsdoc.parse(written) == changed


def test_the_body_is_not_kept_by_default() -> None:
    """Without keep_body the origin holds no body text."""
    article = newsdoc.parse(SEED.read_bytes())
    assert article.origin is not None
    assert article.origin.body is None


@pytest.mark.parametrize("value", RETYPED)
def test_a_changed_title_reads_back_as_the_same_string(value: str) -> None:
    """A title set by a program goes in the post's own key, quoted where a reader would type it."""
    article = attrs.evolve(newsdoc.parse(SEED.read_bytes()), title=value)
    written = newsdoc.to_markdown(article)
    data = _front_matter(written)
    assert list(data) == SEED_KEYS
    assert value == data["title"]
    assert newsdoc.parse(written) == article


def test_changed_fields_keep_their_keys_and_shapes() -> None:
    """author stays a scalar for one author, a list for two; an emptied field loses its key."""
    article = newsdoc.parse(SEED.read_bytes())
    one = _front_matter(newsdoc.to_markdown(attrs.evolve(article, authors=("Ann",))))
    assert one["author"] == "Ann"
    two = _front_matter(newsdoc.to_markdown(attrs.evolve(article, authors=("A", "B"))))
    assert two["author"] == ["A", "B"]
    none = _front_matter(newsdoc.to_markdown(attrs.evolve(article, image=None)))
    assert [k for k in SEED_KEYS if k != "headimg"] == list(none)
    new = _front_matter(newsdoc.to_markdown(attrs.evolve(article, slug="s", extra={"x": "yes"})))
    assert [*SEED_KEYS, "slug", "x"] == list(new)
    assert new["x"] == "yes"


def test_canonical_keys_write_newsdocs_vocabulary() -> None:
    """keys="canonical" writes authors and image, as newsdoc always did."""
    written = newsdoc.to_markdown(newsdoc.parse(SEED.read_bytes()), keys="canonical")
    assert list(_front_matter(written)) == [
        "title",
        "authors",
        "date",
        "categories",
        "image",
        "thumbnail",
        "comments",
    ]


def _toml(text: str) -> dict[str, object]:
    assert text.startswith("+++\n")
    return tomllib.loads(text[4 : text.index("\n+++\n") + 1])


def _json(text: str) -> dict[str, object]:
    data = json.JSONDecoder().raw_decode(text)[0]
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("dialect", "reader"), [("toml", _toml), ("json", _json)])
def test_the_seed_in_another_dialect_keeps_its_keys_and_values(dialect, reader) -> None:  # type: ignore[no-untyped-def]
    """front_matter="toml"/"json": the same keys, order and values, read by tomllib and json."""
    article = newsdoc.parse(SEED.read_bytes())
    written = newsdoc.to_markdown(article, front_matter=dialect)
    assert dict(_front_matter(SEED.read_text()).items()) | {"date": article.date_raw} == reader(
        written
    )
    back = newsdoc.parse(written)
    assert back == article
    assert dialect == back.origin.dialect  # type: ignore[union-attr]
    assert newsdoc.to_markdown(back, front_matter="yaml").startswith("---\ntitle: ")


def test_a_hexo_json_post_keeps_its_fences() -> None:
    """A ;;; post changed is written back as ;;; members, which Hexo (no braces) reads."""
    text = ';;;\n"title": "Hi",\n"tags": ["a"]\n;;;\n\nBody\n'
    article = newsdoc.parse(text)
    assert text == newsdoc.to_markdown(article)
    written = newsdoc.to_markdown(attrs.evolve(article, title="yes"))
    assert written.startswith(';;;\n  "title": "yes",\n  "tags": [\n')
    assert json.loads("{" + written.split(";;;\n")[1] + "}") == {"title": "yes", "tags": ["a"]}


def test_toml_refuses_a_null_rather_than_dropping_it() -> None:
    """TOML has no null: an extra null is a SchemaError, not a key silently left out."""
    with pytest.raises(SchemaError, match="null"):
        newsdoc.to_markdown(Article(title="t", extra={"x": None}), front_matter="toml")


@pytest.mark.parametrize("bad", ["yml", None, 1, "YAML"])
def test_an_unknown_dialect_is_an_option_error(bad: object) -> None:
    """front_matter takes True, False, "yaml", "toml" or "json"."""
    with pytest.raises(OptionError):
        newsdoc.to_markdown(Article(title="t"), front_matter=bad)  # type: ignore[arg-type]


def test_a_changed_post_keeps_its_summary_marker() -> None:
    """A summary read from <!--more--> goes back as the marker, not as a new key."""
    text = "---\ntitle: T\n---\n\nFirst.\n\n<!--more-->\n\nSecond.\n"
    article = attrs.evolve(newsdoc.parse(text), title="U")
    written = newsdoc.to_markdown(article)
    assert list(_front_matter(written)) == ["title"]
    assert newsdoc.parse(written) == article


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_every_post_keeps_its_front_matter_and_round_trips(path: Path) -> None:
    """Unchanged: the front matter as written; changed title: still equal after reading back."""
    article = newsdoc.load(path)
    text = newsdoc.parse(path.read_bytes()).origin
    written = newsdoc.to_markdown(article)
    head = None if text is None else head_of(text)
    if head is not None:
        assert written.startswith(head)
    assert newsdoc.parse(written) == article
    changed = attrs.evolve(article, title="yes", tags=("no", "10:00"))
    assert newsdoc.parse(newsdoc.to_markdown(changed)) == changed
    again = newsdoc.from_json(newsdoc.to_json(changed))
    assert newsdoc.to_markdown(again) == newsdoc.to_markdown(changed)


def test_convert_keeps_the_seed_as_written_and_changes_its_dialect(tmp_path: Path) -> None:
    """newsdoc convert --to markdown --keep-body: the seed; --front-matter toml: +++ TOML."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    assert main(["convert", str(folder), "--to", "markdown", "--keep-body", "-q",
                 "-o", str(tmp_path / "same")]) == 0  # fmt: skip
    assert (tmp_path / "same" / SEED.name).read_bytes() == SEED.read_bytes()
    assert main(["convert", str(folder), "--to", "markdown", "--front-matter", "toml", "-q",
                 "-o", str(tmp_path / "toml")]) == 0  # fmt: skip
    written = (tmp_path / "toml" / SEED.name).read_text(encoding="utf-8")
    assert list(_toml(written)) == SEED_KEYS
    assert newsdoc.parse(written) == newsdoc.parse(SEED.read_bytes())


def test_front_matter_is_refused_for_other_outputs(tmp_path: Path) -> None:
    """--front-matter goes with --to markdown only (a usage error, exit 2)."""
    code = main(["convert", str(SEED), "--front-matter", "json", "-o", str(tmp_path / "x.jsonl")])
    assert code == 2
    assert not (tmp_path / "x.jsonl").exists()


def test_a_hugo_toml_post_keeps_its_lines_and_tables() -> None:
    """A changed TOML post keeps its other lines as written; a new key goes before [params]."""
    text = (
        '+++\ntitle = "Old"\ndate = 2021-11-24T08:11:59Z\n# a comment\ntags = ["a"]\n\n'
        "[params]\nx = 1\n+++\n\nBody\n"
    )
    article = newsdoc.parse(text)
    assert newsdoc.to_markdown(article) == text
    changed = attrs.evolve(article, title="yes", slug="s")
    written = newsdoc.to_markdown(changed)
    assert written.startswith(
        '+++\ntitle = "yes"\ndate = 2021-11-24T08:11:59Z\n# a comment\ntags = ["a"]\n\n'
        'slug = "s"\n[params]\nx = 1\n+++\n'
    )
    assert list(_toml(written)) == ["title", "date", "tags", "slug", "params"]
    assert newsdoc.parse(written) == changed
