"""Documents as they arrive (PDF, Excel, CSV, text) read into one shape: lines and grids with places.

A reader here knows file formats, not kinds: it turns a file into a ``Document`` whose every cell
and line says where it came from (page and position, sheet and cell), so what a kind's importer
cannot read is named by that place instead of guessed. No MkDocs here.
"""
