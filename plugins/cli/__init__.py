"""The pieces of the editor CLI (build.py): reading mkdocs.yml without MkDocs, and the reviewer's commands."""
