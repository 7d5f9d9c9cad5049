#!/usr/bin/env bash
# Build the sdist and the wheel (the wheel from the sdist, so the sdist is proven complete),
# check both with twine, then install the wheel alone into a fresh virtual environment, with no
# development dependencies, and smoke-test it there: the import, the API, the package data and
# the newsdoc command.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dist="${NEWSDOC_DIST:-$root/dist}"

rm -rf "$dist"
python -m build --outdir "$dist" . >/dev/null
python -m twine check --strict "$dist"/*
shopt -s nullglob
wheels=("$dist"/newsdoc-*-py3-none-any.whl)
sdists=("$dist"/newsdoc-*.tar.gz)
if [[ ${#wheels[@]} -ne 1 || ${#sdists[@]} -ne 1 ]]; then
    echo "package: expected one pure-Python wheel and one sdist in $dist" >&2
    exit 1
fi
listing="$(tar -tzf "${sdists[0]}")"
for path in src/newsdoc/py.typed src/newsdoc/serializers/json/schema.json tests/conftest.py \
    docs/index.md docs/examples/quickstart.ipynb mkdocs.yml examples/hexo-rss-zh.md \
    README.md CHANGELOG.md LICENSE; do
    if ! grep -qx "[^/]*/$path" <<<"$listing"; then
        echo "package: the sdist lacks $path" >&2
        exit 1
    fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "${wheels[0]}"

# Run from outside the checkout, so that the installed wheel is imported, not src/.
cd "$work"
"$work/venv/bin/python" - "$root/examples" <<'PY'
import importlib.metadata
import importlib.resources
import importlib.util
import pathlib
import sys

import newsdoc

assert newsdoc.__file__ is not None and "site-packages" in newsdoc.__file__, newsdoc.__file__
assert newsdoc.__version__ == importlib.metadata.version("newsdoc"), newsdoc.__version__
for dev_only in ("pytest", "hypothesis", "mypy", "ruff", "mkdocs", "pyarrow", "pandas", "dask"):
    assert importlib.util.find_spec(dev_only) is None, f"{dev_only} is installed"

package = importlib.resources.files("newsdoc")
assert package.joinpath("py.typed").is_file(), "py.typed is missing"
assert newsdoc.json_schema()["title"] == "newsdoc Article", "schema.json is missing"

article = newsdoc.parse("---\ntitle: 10:00\ndate: 2021-11-24 08:11:59 +0800\n---\n<p>Hi <b>you</b></p>")
assert (article.title, article.date.isoformat(), article.text) == (
    "10:00", "2021-11-24T08:11:59+08:00", "Hi you"), article
assert newsdoc.from_json(newsdoc.to_json(article)) == article
assert newsdoc.parse(newsdoc.to_markdown(article)) == article
assert "<strong>you</strong>" in article._repr_html_()
try:
    newsdoc.to_arrow([article])
except newsdoc.MissingDependencyError as error:
    assert error.extra == "arrow", error
else:
    raise AssertionError("to_arrow worked without pyarrow")
titles = [a.title for a in newsdoc.iter_load(pathlib.Path(sys.argv[1]))]
assert len(titles) == 4, titles
print(f"package: newsdoc {newsdoc.__version__} imports and works from the wheel")
PY
"$work/venv/bin/newsdoc" --help >/dev/null
"$work/venv/bin/newsdoc" --version
"$work/venv/bin/newsdoc" convert "$root/examples" -o "$work/examples.jsonl" -q
test "$(wc -l < "$work/examples.jsonl")" -eq 4
echo "package: wheel and sdist built, checked and smoke-tested (${wheels[0]##*/})"
