"""The quiz: session selection, rubric grading and its verdicts; progress lives in cnnquiz.progress."""
