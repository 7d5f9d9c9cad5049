#!/usr/bin/env bash
# Build the documentation site with every warning an error: a broken link, a page missing from
# the nav, a reference mkdocstrings cannot resolve, a docstring griffe cannot parse, a cell of
# the quick-start notebook that fails (mkdocs-jupyter runs it for the site).
# Needs the docs extra: pip install -e ".[docs]".
set -euo pipefail
cd "$(dirname "$0")/.."

# Material for MkDocs prints an end-of-life banner on stdout; it is not a build warning.
export NO_MKDOCS_2_WARNING=1
site="${NEWSDOC_DOCS_SITE:-$(mktemp -d)/site}"
python -m mkdocs build --strict --site-dir "$site"
# Doctest's marker for a blank output line is for the tests, not for readers.
if grep -rl --include='*.html' 'BLANKLINE' "$site"; then
    echo "docs: the pages above show doctest's <BLANKLINE> marker" >&2
    exit 1
fi
echo "docs: built without warnings in $site"
