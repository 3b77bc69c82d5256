"""The ``gk-exports`` MkDocs plugin: feeds, data files and sitemap of the public catalog."""
