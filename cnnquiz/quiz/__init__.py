"""The quiz: session selection, rubric grading, FSRS scheduling and the SQLite progress store."""
