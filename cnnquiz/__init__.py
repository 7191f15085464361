"""cnnquiz: interview prep for CNN architectures, with a calculator on real torch models."""

__version__ = "0.1.0"
