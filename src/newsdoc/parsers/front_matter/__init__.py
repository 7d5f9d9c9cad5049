"""Front matter (YAML, TOML, JSON): `newsdoc.parsers.front_matter.split.split` cuts it off
the body and loads it into raw values, one module per format.
"""
