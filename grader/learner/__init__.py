"""The learner's side: the `kata` commands, progress, watch mode and how results look in a terminal."""
