"""Feeds (RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed 1.x) as items: `reader.read_items` (entry)."""
