"""Rules the parsers and the serializers share: characters (`chars`), URLs (`urls`),
body-format detection (`detect`) and the YAML core schema (`yaml_core`, `yaml_scalars`).
"""
