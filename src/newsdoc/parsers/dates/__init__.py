"""Dates and times from front matter: `newsdoc.parsers.dates.reader.parse_date` (and
``combine_date_time``), with time zones (`zones`) and dateutil as a last resort (`fallback`).
"""
