"""The question channel's tests use the shared fixtures (tests/conftest.py, tests/fixtures.py)."""
