"""Checking every numeric claim of the bank against real computations."""
