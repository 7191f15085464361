"""Executed checks of code answers: the sandboxed child process, its runner, the references and the properties measured."""
