from tests.questions.conftest import fast_app, fast_client  # noqa: F401  (fixtures)
