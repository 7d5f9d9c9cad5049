"""Parsers: text in, pieces of an `Article` out (decode -> front matter -> fields and dates ->
body).  Internal; the entry point is `newsdoc.parse` (`newsdoc.api`).
"""
