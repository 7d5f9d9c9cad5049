"""HTML bodies into blocks, with lxml: `newsdoc.parsers.html.reader.parse_html`."""
