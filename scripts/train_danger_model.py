"""Train the danger detector's safety net: a small text classifier, exported as plain JSON.

The pattern rules in ``familjeguiden/safety/danger.py`` explain what they
found and which help to show, but people describe danger in endless ways
the rules do not list. This script trains a character and word n-gram
logistic regression (scikit-learn) on the phrase sets in ``tests/safety/``
(danger lines against ordinary lines) plus the search relevance queries
(ordinary family questions; lines the rules flag are left out), and writes
``familjeguiden/safety/danger_model.json``: the vocabulary with each term's
idf and weight, and the intercept. The application scores text with that
file in plain Python (``safety/model.py``); scikit-learn is needed only
here and in the test that checks both give the same numbers.

Run after changing any of the sets: ``.venv/bin/python scripts/train_danger_model.py``
(the test suite fails while the model is older than its data).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_union  # noqa: E402

from familjeguiden.safety.model import MODEL_PATH, NGRAMS, training_data  # noqa: E402
from familjeguiden.text import fold  # noqa: E402

C = 30.0


def main() -> int:
    texts, labels, digest = training_data(ROOT)
    vectorizers = [TfidfVectorizer(analyzer=kind, ngram_range=span, preprocessor=fold, sublinear_tf=True)
                   for kind, span in NGRAMS]
    union = make_union(*vectorizers)
    features = union.fit_transform(texts)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(features, labels)
    weights = model.coef_[0]
    parts, offset = [], 0
    for (kind, span), vectorizer in zip(NGRAMS, vectorizers, strict=True):
        vocabulary = vectorizer.vocabulary_
        terms = {term: [round(float(vectorizer.idf_[index]), 6), round(float(weights[offset + index]), 6)]
                 for term, index in vocabulary.items()}
        parts.append({"analyzer": kind, "ngram_range": list(span), "terms": terms})
        offset += len(vocabulary)
    exported = {"about": "Trained by scripts/train_danger_model.py; see familjeguiden/safety/model.py.",
                "data_sha256": digest, "intercept": round(float(model.intercept_[0]), 6), "parts": parts}
    MODEL_PATH.write_text(json.dumps(exported, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    size = MODEL_PATH.stat().st_size
    print(f"{len(texts)} rader ({sum(labels)} farliga), {sum(len(p['terms']) for p in parts)} termer, "
          f"{size / 1024:.0f} KiB -> {MODEL_PATH.relative_to(ROOT)} (data {digest[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
