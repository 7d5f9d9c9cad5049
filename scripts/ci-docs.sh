#!/usr/bin/env bash
# Build the documentation site with every warning an error: a broken link, a page missing from
# the nav, a reference mkdocstrings cannot resolve, a docstring griffe cannot parse.
# Needs the docs extra: pip install -e ".[docs]".
set -euo pipefail
cd "$(dirname "$0")/.."

# Material for MkDocs prints an end-of-life banner on stdout; it is not a build warning.
export NO_MKDOCS_2_WARNING=1
site="${NEWSDOC_DOCS_SITE:-$(mktemp -d)/site}"
python -m mkdocs build --strict --site-dir "$site"
echo "docs: built without warnings in $site"
