"""Writers of an `Article` to other formats, each paired with its reader: JSON
(`newsdoc.serializers.json`), Markdown (`newsdoc.serializers.markdown`), inert HTML (`html`).
"""
