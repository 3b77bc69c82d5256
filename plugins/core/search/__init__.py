"""Chinese full-text search over the public view, as a prebuilt, split index.

``documents`` turns the PublicCatalog into search documents, ``tokenize`` turns
text into tokens (OpenCC-normalised character bigrams), ``index`` inverts them
and writes small shards that a browser fetches one query at a time. No MkDocs.
"""
