"""Stage 4, pages: page sources made from the public view only.

Start at ``site.Site`` (what every page generator is handed) and ``generate.all_pages``
(every page, in order); ``entries`` and ``listings`` make the pages, ``page`` holds
their generated HTML away from Markdown.
"""
