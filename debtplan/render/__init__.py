"""Rendering: results to text for people (rich tables, charts) and to JSON/CSV/ICS for programs."""
