"""Data package: example SPARQL queries, a sample service profile and a library script."""
