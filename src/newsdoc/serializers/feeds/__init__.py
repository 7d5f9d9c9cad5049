"""Articles as feed items: `rss` (RSS 2.0), `atom` (Atom 1.0), `jsonfeed` (JSON Feed 1.1)."""
