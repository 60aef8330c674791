"""Data package: the dutygraph OWL ontology and its SKOS concept schemes (Turtle)."""
