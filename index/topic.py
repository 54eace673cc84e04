"""Topic words: inside one article, the words that say which article, not which paragraph.

Asked of one article, a question names its subject ("How much are *Rangers* offering for
*Ferguson*?") and asks something about it ("offering"). The subject's words are in the
headline and in many paragraphs; BM25's idf, counted over the whole corpus, rates them as
rare and so as strong evidence, and the lead paragraph, which names everyone, wins questions
a later paragraph answers. So, when the passages searched are one article's, a question word
its headline uses (any form of it: "Iranian" when the headline says "Iran") counts
``HEADLINE_SHARE`` less, and any other word ``SPREAD_SHARE`` times the share of the article's
paragraphs (beyond one) that hold it less. Chosen on the news development sets
(docs/quality.md, "Each change and its effect"): both of 0.6-0.9 headline shares and 0.2-0.4
spread shares beat none.
"""

from __future__ import annotations

import numpy as np

from index.query import Query
from index.rerank import headline_terms
from index.searchindex import SearchIndex

HEADLINE_SHARE = 0.8
SPREAD_SHARE = 0.2


def topic_weights(index: SearchIndex, query: Query, article: int) -> list[float]:
    """Each query term's weight when searching ``article`` alone: its own weight, less for
    words of the headline and words most of the article's passages hold."""
    meta = index.articles[article]
    lo, hi = meta.first_passage, meta.first_passage + meta.passage_count
    weights = [t.weight for t in query.terms]
    if hi - lo < 2:
        return weights
    head = headline_terms(index, article)
    titled = {t.slot for t in query.terms if not t.carried and t.term_id in head}
    m = index.matrix
    out = []
    for t, weight in zip(query.terms, weights, strict=True):
        if t.term_id in head or (not t.carried and t.slot in titled):
            out.append(weight * (1.0 - HEADLINE_SHARE))
            continue
        row = m.indices[int(m.indptr[t.term_id]) : int(m.indptr[t.term_id + 1])]
        a, z = row.searchsorted(np.array((lo, hi), dtype=row.dtype)).tolist()
        held = z - a
        spread = max(held - 1, 0) / (hi - lo - 1)
        out.append(weight * (1.0 - SPREAD_SHARE * spread))
    return out


__all__ = ["HEADLINE_SHARE", "SPREAD_SHARE", "topic_weights"]
