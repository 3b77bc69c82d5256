"""What ``build.py serve`` keeps between rebuilds: the state (state.py) with its memos, page memo and file journal; the paused collector."""
