"""Use cases: plain typed functions that take the book and options and return a result."""
