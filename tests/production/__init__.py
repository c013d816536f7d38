"""Production tests: the README recipe behind nginx with TLS, and several hosts (issue #12)."""
