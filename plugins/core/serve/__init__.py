"""What ``build.py serve`` keeps between rebuilds: memos, the file journal, the paused collector."""
