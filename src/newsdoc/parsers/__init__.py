"""Parsers: text in, pieces of an `Article` out.  Internal; use `newsdoc.parse`."""
