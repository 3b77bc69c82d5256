"""The bottom of the build: the one type every stage tells a problem in (Diagnostic), the catalog of problem codes,
and the personal-number detectors whose scrub every printed line goes through. Imports nothing of the project above it."""
