"""The built-in question bank, one YAML file per topic (read with importlib.resources)."""
