"""Writers of an `Article` to other formats, each paired with its reader."""
