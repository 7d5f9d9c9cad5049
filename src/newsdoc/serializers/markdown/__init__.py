"""An `Article` to Markdown with front matter that newsdoc reads back as the same article:
`newsdoc.serializers.markdown.writer.to_markdown`.
"""
