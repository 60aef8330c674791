"""Data package: the SHACL shapes every fact in the graph must pass (Turtle)."""
