"""dutygraph.graph: store, loading, validation and the questions the graph answers.

The command line (`dutygraph`) and the HTTP API call the functions exported here.
"""

__version__ = "0.1.0"
