"""A null model for the number of ties: random task–agency incidences with both degree sequences kept.

Each region's network comes from a bipartite incidence: tasks × agencies (a task names its agencies).
The null model keeps every task's number of agencies and every agency's number of tasks and
randomises who is named with whom, by degree-preserving edge switching (checkerboard swaps,
Gotelli & Entsminger 2001; Milo et al. 2003): pick two task–agency links (t1, a1), (t2, a2) uniformly
at random and rewire them to (t1, a2), (t2, a1) unless that would name an agency twice in one task.
Rejected proposals leave the state as it is, so the proposal is symmetric and the chain's stationary
distribution is uniform over all incidences with the observed degrees.

Speed: every draw is its own chain, started at the observed incidence and run for ``SWEEPS`` × (its
number of links) proposals; all chains of all regions advance together, one vectorised numpy step
per proposal, so the cost is a few hundred numpy operations on arrays of (regions × draws) entries,
not a Python loop per swap.

References:
  N. J. Gotelli and G. L. Entsminger (2001), Swap and fill algorithms in null model analysis:
  rethinking the knight's tour, Oecologia 129:281–291.
  R. Milo, N. Kashtan, S. Itzkovitz, M. E. J. Newman, U. Alon (2003), On the uniform generation of
  random graphs with prescribed degree sequences, arXiv:cond-mat/0312028.
  A. C. Davison and D. V. Hinkley (1997), Bootstrap Methods and their Application, ch. 4
  (Monte Carlo p-values (1 + r) / (1 + n)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kg.analysis import SEED

DRAWS = 500
#: Proposals per link in each chain. On the 2017 document five sweeps give the same expected tie
#: counts as thirty (e.g. 510000: 213.6 and 213.5, within the Monte Carlo error of ±0.3), and
#: tests/analysis/test_analysis_nullmodel.py checks the draws against exact enumeration.
SWEEPS = 5


@dataclass(frozen=True)
class Incidence:
    """One network's task–agency incidence: for each link, its task index and its agency index."""

    key: str
    tasks: np.ndarray  # int, per link
    agencies: np.ndarray  # int, per link
    task_count: int
    agency_count: int


@dataclass(frozen=True)
class TieTest:
    """Observed against expected ties (pairs sharing ≥1 task) and repeated ties (pairs sharing ≥2)."""

    ties: int
    expected_ties: float
    ties_sd: float
    ties_z: float
    ties_p: float
    repeated_ties: int
    expected_repeated_ties: float
    repeated_ties_sd: float
    repeated_ties_z: float
    repeated_ties_p: float


def incidence(key: str, task_agencies: list[tuple[str, ...]]) -> Incidence:
    """The incidence of the tasks naming at least one agency (agencies indexed in sorted order)."""
    names = sorted({a for agencies in task_agencies for a in agencies})
    index = {a: i for i, a in enumerate(names)}
    rows = [agencies for agencies in task_agencies if agencies]
    tasks = [t for t, agencies in enumerate(rows) for _ in agencies]
    links = [index[a] for agencies in rows for a in agencies]
    return Incidence(
        key, np.array(tasks, dtype=np.int64), np.array(links, dtype=np.int64), len(rows), len(names)
    )


def tie_counts(matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ties and repeated ties of each 0/1 task × agency matrix in a (draws, tasks, agencies) stack."""
    m = matrices.astype(np.float32)
    shared = np.matmul(m.transpose(0, 2, 1), m)
    upper = np.triu(np.ones(shared.shape[1:], dtype=bool), k=1)
    return (shared[:, upper] >= 1).sum(axis=1), (shared[:, upper] >= 2).sum(axis=1)


def randomised(incidences: list[Incidence], draws: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Run the swap chains of every incidence together; return each one's (draws, tasks, agencies) stack.

    Layout: the chains are ordered by their number of links, largest first, and chain c owns the
    links ``[link_start[c], link_start[c] + links[c])`` of ``agency_of`` and one block of cells of the
    flat boolean ``cell`` array (a task × agency matrix). A chain stops after ``SWEEPS × links``
    proposals, so at every step the chains still running are a prefix of that order.
    """
    result: dict[str, np.ndarray] = {}
    for inc in incidences:  # every chain starts from the observed matrix
        result[inc.key] = np.repeat(observed_matrix(inc), draws, axis=0)
    live = sorted((inc for inc in incidences if len(inc.tasks) >= 2), key=lambda inc: -len(inc.tasks))
    if not live:
        return [result[inc.key] for inc in incidences]
    links = np.repeat(np.array([len(inc.tasks) for inc in live]), draws)
    cells = np.repeat(np.array([inc.task_count * inc.agency_count for inc in live]), draws)
    link_start = np.concatenate(([0], np.cumsum(links)[:-1]))
    cell_start = np.concatenate(([0], np.cumsum(cells)[:-1]))
    # the first cell of each link's task row (tasks never move, only agencies do)
    row_of = np.repeat(cell_start, links) + np.concatenate(
        [np.tile(inc.tasks * inc.agency_count, draws) for inc in live]
    )
    agency_of = np.concatenate([np.tile(inc.agencies, draws) for inc in live])
    cell = np.concatenate([result[inc.key].reshape(-1) for inc in live])
    steps = SWEEPS * links
    for step in range(int(steps[0])):
        n = int(np.searchsorted(-steps, -step, side="left"))  # chains with more than ``step`` to go
        start, count = link_start[:n], links[:n]
        e1 = start + (rng.random(n) * count).astype(np.int64)
        e2 = start + (rng.random(n) * count).astype(np.int64)
        a1, a2 = agency_of[e1], agency_of[e2]
        row1, row2 = row_of[e1], row_of[e2]
        ok = np.flatnonzero((a1 != a2) & ~cell[row1 + a2] & ~cell[row2 + a1])
        e1, e2, a1, a2, row1, row2 = e1[ok], e2[ok], a1[ok], a2[ok], row1[ok], row2[ok]
        cell[row1 + a1] = False
        cell[row2 + a2] = False
        cell[row1 + a2] = True
        cell[row2 + a1] = True
        agency_of[e1] = a2
        agency_of[e2] = a1
    offset = 0
    for inc in live:
        size = draws * inc.task_count * inc.agency_count
        result[inc.key] = cell[offset : offset + size].reshape(draws, inc.task_count, inc.agency_count)
        offset += size
    return [result[inc.key] for inc in incidences]


def _compare(observed: int, simulated: np.ndarray) -> tuple[float, float, float, float]:
    """Mean, standard deviation, z-score and two-sided Monte Carlo p-value of ``observed``.

    p = 2 · min(P(X ≤ observed), P(X ≥ observed)), each tail estimated as (1 + draws in it) / (1 + draws),
    capped at 1 (the usual two-sided test for a discrete statistic); z is NaN when the null
    distribution has no spread (a network the constraints fix completely, e.g. one agency).
    """
    mean = float(simulated.mean())
    sd = float(simulated.std(ddof=1)) if len(simulated) > 1 else math.nan
    z = (observed - mean) / sd if sd > 0 else math.nan
    draws = len(simulated)
    low = (1 + int((simulated <= observed).sum())) / (1 + draws)
    high = (1 + int((simulated >= observed).sum())) / (1 + draws)
    return mean, sd, z, min(1.0, 2 * min(low, high))


def tie_tests(incidences: list[Incidence], draws: int = DRAWS, seed: int = SEED) -> dict[str, TieTest]:
    """The tie test of every incidence, keyed by ``Incidence.key`` (one seeded generator for all)."""
    rng = np.random.default_rng(seed)
    out = {}
    for inc, stack in zip(incidences, randomised(incidences, draws, rng), strict=True):
        observed_ties, observed_repeated = (int(x[0]) for x in tie_counts(observed_matrix(inc)))
        ties, repeated = tie_counts(stack)
        out[inc.key] = TieTest(
            observed_ties,
            *_compare(observed_ties, ties),
            observed_repeated,
            *_compare(observed_repeated, repeated),
        )
    return out


def observed_matrix(inc: Incidence) -> np.ndarray:
    matrix = np.zeros((1, inc.task_count, inc.agency_count), dtype=bool)
    matrix[0, inc.tasks, inc.agencies] = True
    return matrix
