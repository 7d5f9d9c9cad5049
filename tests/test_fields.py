"""Front-matter keys into typed fields (newsdoc.parsers.fields), through newsdoc.parse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import newsdoc

UTC = dt.UTC

# (front matter, {field: expected value})
CASES: list[tuple[str, dict[str, Any]]] = [
    ("title: 10:00", {"title": "10:00", "extra": {}}),
    ("title: no", {"title": "no"}),
    ("title: 2015-10-11", {"title": "2015-10-11"}),
    ("title: 2021", {"title": "2021"}),
    ("title: 1e3", {"title": "1e3"}),
    ("title: true", {"title": "true"}),
    ("title: ' '", {"title": " "}),
    ("Title: Upper", {"title": "Upper"}),
    ("author: 观察者网", {"authors": ("观察者网",)}),
    ("author: A and B (Edited by C)", {"authors": ("A and B (Edited by C)",)}),
    ("authors: [Ada, Grace]", {"authors": ("Ada", "Grace")}),
    ("author:\n  name: Ada", {"authors": ("Ada",), "extra": {}}),
    (
        "author:\n  name: Ada\n  email: a@x.org",
        {"authors": ("Ada",), "extra": {"author": {"name": "Ada", "email": "a@x.org"}}},
    ),
    ("authors:\n - name: Ada\n - Grace", {"authors": ("Ada", "Grace")}),
    (
        "categories:\n - 新媒体\n - 观察者网\n - 首页",
        {"categories": (("新媒体", "观察者网", "首页"),)},
    ),
    (
        "categories:\n - 新媒体\n - 36kr\n -  - 资讯",
        {"categories": (("新媒体",), ("36kr",), ("资讯",))},
    ),
    (
        "categories:\n- [Diary, PlayStation]\n- [Diary, Games]\n- Life",
        {"categories": (("Diary", "PlayStation"), ("Diary", "Games"), ("Life",))},
    ),
    ("categories: News", {"categories": (("News",),)}),
    ("categories: []", {"categories": ()}),
    ("tags: [a, b]", {"tags": ("a", "b")}),
    ("tags: a b  c", {"tags": ("a", "b", "c")}),
    ("tags: a, b c,d", {"tags": ("a", "b c", "d")}),
    ("tags:", {"tags": ()}),
    ("headimg: https://x/y.jpg", {"image": "https://x/y.jpg"}),
    ("cover: c.jpg\nimage: i.jpg", {"image": "i.jpg", "extra": {"cover": "c.jpg"}}),
    ("thumbnail: t.jpg", {"thumbnail": "t.jpg"}),
    ("comments: false", {"comments": False}),
    ("comments: yes", {"comments": True}),
    ("comments: maybe", {"comments": None, "extra": {"comments": "maybe"}}),
    ("published: false", {"draft": True}),
    ("draft: true", {"draft": True}),
    ("excerpt: Short.", {"summary": "Short."}),
    ("description: D.\nsummary: S.", {"summary": "S.", "extra": {"description": "D."}}),
    (
        "slug: a-b\npermalink: /a/b/\nlang: zh-CN",
        {"slug": "a-b", "permalink": "/a/b/", "lang": "zh-CN"},
    ),
    ("link: https://news.example.org/x/", {"permalink": "https://news.example.org/x/"}),
    (
        "layout: post\nwordpress_id: 21870\ntype: news",
        {"extra": {"layout": "post", "wordpress_id": 21870, "type": "news"}},
    ),
    (
        "date: 2014-03-27\ntime: '20:00:00'",
        {
            "date": dt.datetime(2014, 3, 27, 20, tzinfo=UTC),
            "date_raw": "2014-03-27",
            "extra": {"time": "20:00:00"},
        },
    ),
    (
        "date: 2019-05-22 12:32:02+00:00",
        {
            "date": dt.datetime(2019, 5, 22, 12, 32, 2, tzinfo=UTC),
            "date_raw": "2019-05-22 12:32:02+00:00",
        },
    ),
    (
        "updated: 2021-11-25",
        {"updated": dt.datetime(2021, 11, 25, tzinfo=UTC), "updated_raw": "2021-11-25"},
    ),
    ("lastmod: 2021-11-25T10:00:00Z", {"updated": dt.datetime(2021, 11, 25, 10, tzinfo=UTC)}),
]


@pytest.mark.parametrize(("front", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_front_matter_fields(front: str, expected: dict[str, Any]) -> None:
    """Each front matter gives the expected field values."""
    article = newsdoc.parse(f"---\n{front}\n---\nbody\n")
    actual = {name: getattr(article, name) for name in expected}
    assert expected == actual


def test_toml_front_matter_fields() -> None:
    """Hugo TOML: quoted dates, empty tags, nested tables in extra."""
    text = (
        '+++\ntype = "conference"\ntitle = "LSM"\ndate = "2012-06-14T13:48:22.000Z"\n'
        'tags = []\n[event]\nstart = "2012-07-07"\n+++\n<p>x</p>\n'
    )
    article = newsdoc.parse(text)
    assert article.title == "LSM"
    assert article.date == dt.datetime(2012, 6, 14, 13, 48, 22, tzinfo=UTC)
    assert article.tags == ()
    assert article.extra == {"type": "conference", "event": {"start": "2012-07-07"}}


def test_json_front_matter_fields() -> None:
    """Hexo `;;;` JSON front matter gives the same fields as YAML."""
    text = '"title": "Hello",\n"date": "2013/7/13 20:46:25"\n;;;\n<p>x</p>\n'
    article = newsdoc.parse(text)
    assert article.title == "Hello"
    assert article.date == dt.datetime(2013, 7, 13, 20, 46, 25, tzinfo=UTC)


def test_untypable_value_stays_in_extra_with_a_problem() -> None:
    """A title that is a list is not lost: it stays in extra and a problem says why."""
    article = newsdoc.parse("---\ntitle: [a, b]\n---\nx\n")
    assert article.title is None
    assert article.extra == {"title": ["a", "b"]}
    assert [(p.code, p.line) for p in article.problems] == [("field", 2)]


def test_unreadable_time_is_a_date_problem() -> None:
    """Jekyll's time placeholder makes the date unreadable: date None, raw kept, problem."""
    article = newsdoc.parse("---\ndate: 2014-03-27\ntime: hh:mm:00\n---\nx\n")
    assert article.date is None
    assert article.date_raw == "2014-03-27"
    assert [p.code for p in article.problems] == ["date"]
