"""The ``gk-catalog`` MkDocs plugin: thin glue from MkDocs events to plugins.core."""
