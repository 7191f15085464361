"""Rich tables, panels and terminal plots; every function takes a Console."""
