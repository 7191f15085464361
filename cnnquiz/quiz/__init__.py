"""The quiz: session selection, rubric grading (phrases, meaning, polarity, misconceptions), code grades, search."""
