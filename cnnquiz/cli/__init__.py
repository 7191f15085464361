"""Typer apps, one module per command group: parse, call the core, render. The only place that prints or exits."""
