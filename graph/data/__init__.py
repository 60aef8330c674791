"""Data package: the knowledge graph itself, one Turtle file per jurisdiction or theme."""
