"""The teacher's side: exporting assignments, graded runs on the platforms teachers use, and grading a class."""
