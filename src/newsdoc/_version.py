"""The version of newsdoc (``newsdoc.__version__``)."""

__version__ = "0.1.0.dev0"
