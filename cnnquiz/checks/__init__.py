"""Executed checks of code answers: the spec vocabulary, the sandboxed runner and the score they add."""
