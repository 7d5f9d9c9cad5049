#!/usr/bin/env bash
# Screenshots for the docs, taken in headless Chromium: the notebook card of a Chinese and an
# English post in a light and a dark page, and the docs site's home and API pages.
# Writes docs/images/*.png. Installs Debian's chromium and fonts-noto-cjk (run as root, or with
# them installed already); needs the docs extra for the site. Not run in CI: look at the
# pictures after running it, and commit them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! fc-list | grep -qi "Noto Sans CJK"; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out=docs/images
mkdir -p "$out"

export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
python - "$work" <<'PY'
import sys
from pathlib import Path

import newsdoc
from newsdoc.display.card import article_html

work = Path(sys.argv[1])
posts = {
    # A Hexo post with headings, a list, a code block and a quote.
    "zh": "tests/corpus/synthetic/hexo/source/_posts/博客/示例专栏/推荐/如何写好 Markdown 文档.md",
    # A long Jekyll post with a problem (its file name's date is not its date): the problem is
    # shown first, and the body folded after six blocks.
    "en": "tests/corpus/swcarpentry__website/_posts/2017/06/2017-06-08-lc-sprint.md",
}
themes = {
    "light": "color-scheme:light;background:#fff;color:#1f2328",
    "dark": "color-scheme:dark;background:#1e1e1e;color:#d4d4d4",
}
for name, path in posts.items():
    card = article_html(newsdoc.load(path))
    for theme, style in themes.items():
        page = (
            '<!doctype html><html><head><meta charset="utf-8"></head>'
            f'<body style="{style};margin:0;padding:16px 24px;'
            'font-family:system-ui,sans-serif,\'Noto Sans CJK SC\'">'
            f"{card}</body></html>"
        )
        (work / f"card-{name}-{theme}.html").write_text(page, encoding="utf-8")
PY

NEWSDOC_DOCS_SITE="$work/site" bash scripts/ci-docs.sh >/dev/null
# The API page from its Article entry: a copy without the entries above it (headless Chromium
# paints nothing when it screenshots a page scrolled to an anchor).
python - "$work/site/api" <<'PY'
import sys
from pathlib import Path

api = Path(sys.argv[1])
drop_above = (
    "<script>for (const n of [...document.querySelector('#the-article').parentNode.children])"
    " { if (n.id === 'the-article') break; if (n.tagName !== 'H1') n.remove(); }</script>"
)
page = (api / "index.html").read_text(encoding="utf-8")
(api / "article.html").write_text(page.replace("</body>", drop_above + "</body>"), "utf-8")
PY

shoot() {  # shoot URL PNG WIDTH,HEIGHT
    # Nothing is fetched: every host name fails to resolve, so remote images stay unloaded.
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars --virtual-time-budget=5000 \
        --user-data-dir="$(mktemp -d -p "$work")" \
        --screenshot="$2" --window-size="$3" "$1" 2>/dev/null
    echo "wrote $2"
}
for name in zh en; do
    height=$([ "$name" = zh ] && echo 540 || echo 850)
    for theme in light dark; do
        shoot "file://$work/card-$name-$theme.html" "$out/card-$name-$theme.png" "880,$height"
    done
done
shoot "file://$work/site/index.html" "$out/docs-home.png" "1280,900"
shoot "file://$work/site/api/article.html" "$out/docs-api.png" "1280,900"
