"""SPARQL queries of the engine, one .rq file per question; loaded by graph/queries.py."""
