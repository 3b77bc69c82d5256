"""Stage 2, check: rules over the whole catalog, 索引号, and the one type every problem is told in."""
