"""Notebook display: one article as a card (`newsdoc.display.card.article_html`, behind
``Article._repr_html_``), many as a table (`newsdoc.display.table.show_table`).
"""
