"""``build.py import``: documents as they arrive become catalog entries, never with an invented value.

``sources`` reads a file into lines and grids; each kind's ``intake`` (kinds/<code>/intake.py) makes
its entries from them; a catalog export (rows of 索引号, 信息名称 …) is read here, being no one kind's.
This package writes the drafts (writer.py) and runs the whole import (run.py). No MkDocs here.
"""
