"""Calculation drills: generated numeric problems graded exactly, with worked solutions."""
