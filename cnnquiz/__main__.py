"""Entry point for `python -m cnnquiz`."""

from cnnquiz.cli.main import main

main()
