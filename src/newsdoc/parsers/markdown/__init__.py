"""Markdown bodies into blocks, with markdown-it-py:
`newsdoc.parsers.markdown.reader.parse_markdown` (raw HTML goes to the HTML reader).
"""
