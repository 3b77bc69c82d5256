"""Plugins for publishing a 政府信息公开目录 with MkDocs.

core/     loading, schemas, rules, the negative-list wall (no MkDocs imports)
catalog/  the MkDocs plugin: thin glue from MkDocs events to core
"""
