"""The HTTP face of dutygraph: a FastAPI app over the graph package."""
