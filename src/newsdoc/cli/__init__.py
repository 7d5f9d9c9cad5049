"""The ``newsdoc`` command line: convert, validate and inspect posts.

Entry point: `newsdoc.cli.app.main` (the ``newsdoc`` script, and ``python -m newsdoc``).
"""
