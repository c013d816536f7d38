"""The security tests use the shared fixtures (tests/conftest.py)."""
