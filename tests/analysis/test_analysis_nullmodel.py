"""The null model: degree sequences kept, draws uniform (checked against exact enumeration), seeded."""

from __future__ import annotations

import math
from itertools import combinations, product

import numpy as np
import pytest

from kg.analysis import nullmodel
from kg.analysis.results import Results

# Beijing in tests/fixtures/network-mini.ttl: the agencies of its six staffed tasks
BEIJING = [("ipo", "aic", "psb"), ("ipo", "aic"), ("crt",), ("ipo", "fin"), ("ipo",), ("aic", "ipo")]


def exact_tie_distribution(tasks: list[tuple[str, ...]]) -> dict[int, int]:
    """Every 0/1 task × agency matrix with the same row and column sums, by brute force: ties → count."""
    agencies = sorted({a for t in tasks for a in t})
    degree = {a: sum(a in t for t in tasks) for a in agencies}
    choices = [list(combinations(agencies, len(t))) for t in tasks]
    out: dict[int, int] = {}
    for rows in product(*choices):
        if any(sum(a in row for row in rows) != degree[a] for a in agencies):
            continue
        ties = len({pair for row in rows for pair in combinations(sorted(row), 2)})
        out[ties] = out.get(ties, 0) + 1
    return out


def test_draws_keep_both_degree_sequences() -> None:
    inc = nullmodel.incidence("bj", BEIJING)
    rng = np.random.default_rng(1)
    (stack,) = nullmodel.randomised([inc], 200, rng)
    observed = nullmodel.observed_matrix(inc)[0]
    assert (stack.sum(axis=2) == observed.sum(axis=1)).all()  # each task's number of agencies
    assert (stack.sum(axis=1) == observed.sum(axis=0)).all()  # each agency's number of tasks
    assert len({m.tobytes() for m in stack}) > 1  # and they do move


def test_expected_ties_match_exact_enumeration() -> None:
    # tasks of 2 and 3 agencies among five agencies: many matrices, a spread of tie counts
    tasks = [("a", "b", "c"), ("a", "d"), ("b", "e"), ("c", "d"), ("a", "e")]
    exact = exact_tie_distribution(tasks)
    total = sum(exact.values())
    mean = sum(k * v for k, v in exact.items()) / total
    sd = math.sqrt(sum((k - mean) ** 2 * v for k, v in exact.items()) / total)
    assert len(exact) >= 3 and sd > 0  # a test with some spread to get wrong
    test = nullmodel.tie_tests([nullmodel.incidence("x", tasks)], draws=4000, seed=7)["x"]
    assert test.expected_ties == pytest.approx(mean, abs=4 * sd / math.sqrt(4000))
    assert test.ties_sd == pytest.approx(sd, rel=0.1)


def test_beijing_against_exact_enumeration_and_p_values() -> None:
    exact = exact_tie_distribution(BEIJING)
    total = sum(exact.values())
    test = nullmodel.tie_tests([nullmodel.incidence("bj", BEIJING)])["bj"]
    # observed (lines of the fixture): IPO–AIC, IPO–PSB, AIC–PSB, IPO–FIN
    assert test.ties == 4 and test.repeated_ties == 1
    mean = sum(k * v for k, v in exact.items()) / total
    assert test.expected_ties == pytest.approx(mean, abs=0.1)
    at_most = sum(v for k, v in exact.items() if k <= 4) / total
    at_least = sum(v for k, v in exact.items() if k >= 4) / total
    assert test.ties_p == pytest.approx(min(1.0, 2 * min(at_most, at_least)), abs=0.08)


def test_fixed_networks_have_no_z_and_p_one() -> None:
    test = nullmodel.tie_tests([nullmodel.incidence("one", [("ipo",), ("ipo",)])])["one"]
    assert (test.ties, test.expected_ties, test.ties_sd, test.ties_p) == (0, 0.0, 0.0, 1.0)
    assert math.isnan(test.ties_z)


def test_seeded(mini_results: Results) -> None:
    incidences = [nullmodel.incidence("bj", BEIJING), nullmodel.incidence("two", BEIJING[:2])]
    assert nullmodel.tie_tests(incidences) == nullmodel.tie_tests(incidences)
    assert nullmodel.tie_tests(incidences) != nullmodel.tie_tests(incidences, seed=1)
    assert set(mini_results.tie_tests) == {"110000", "120000", "xpcc"}
    assert mini_results.tie_tests["110000"].ties == 4
