"""An `Article` to JSON and back, with its JSON Schema: `newsdoc.serializers.json.codec`
(``to_json``/``from_json``, ``to_dict``/``from_dict``).
"""
