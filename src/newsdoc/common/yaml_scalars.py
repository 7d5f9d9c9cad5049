"""The plain scalars the YAML 1.2 core schema types, as patterns.

Shared by `newsdoc.common.yaml_core` (PyYAML's resolver) and the fast flat front-matter reader
(`newsdoc.parsers.front_matter.flat_yaml`), which runs without importing PyYAML.
"""

from __future__ import annotations

import re

__all__ = ["BOOL", "DECIMAL", "FLOAT", "INT", "NULL"]

NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
"A decimal integer (an int that is also a float by the pattern above)."
