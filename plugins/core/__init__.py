"""The catalog core: loading, schemas, rules, the negative-list wall, rendering
helpers. Nothing in this package imports MkDocs, so it survives a move away from it.
"""
