"""The engine: checking exercises in child processes, the results protocol, and graded runs a teacher can trust.

No terminal output and no argument parsing here: the learner's and the teacher's commands build on it.
"""
