"""index.scoring's selection helper: the k-th largest value, fast on big arrays of ties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.scoring import kth_largest


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(1, 5_000),
    distinct=st.integers(1, 50),
    zero_share=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
    k_share=st.floats(0.0, 1.0),
)
def test_kth_largest_equals_a_full_partition(
    size: int, distinct: int, zero_share: float, seed: int, k_share: float
) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(1, distinct + 1, size).astype(np.float64) / 7.0
    values[rng.random(size) < zero_share] = 0.0
    for k in {1, 2, 5, 100, max(1, int(k_share * size))}:
        if k <= size:
            expected = float(np.partition(values, size - k)[size - k])
            assert kth_largest(values, k) == expected


def test_kth_largest_reads_big_arrays_by_blocks_and_still_finds_a_lone_maximum() -> None:
    values = np.zeros(100_000)
    values[-1] = 3.0  # in the tail the blocks do not cover
    values[5] = 2.0
    assert kth_largest(values, 1) == 3.0
    assert kth_largest(values, 2) == 2.0
    assert kth_largest(values, 3) == 0.0
