"""Maintainer commands: not part of the learner's or the teacher's kata."""
