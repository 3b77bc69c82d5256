"""Stage 4, pages: page sources made from the public view only."""
