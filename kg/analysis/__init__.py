"""Answers about the graph, apart from how they are shown: name resolution, the medication check,
the explanation of inferred facts."""
