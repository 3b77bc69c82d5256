"""The gk-search MkDocs plugin (glue over plugins.core.search)."""
