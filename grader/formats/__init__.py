"""Results written for machines and platforms: JSON, JUnit, and the graded formats teachers' platforms read."""
