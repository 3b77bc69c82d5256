"""Stage 5, outputs: data files, feeds, sitemap and the atomic publish of the site."""
