"""Stage 1, load: read editors' files (YAML, front matter) into a Catalog, with located problems."""
