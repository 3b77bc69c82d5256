"""Stage 3, the wall: the one place that decides what the public may see (负面清单, detectors, safe markup)."""
