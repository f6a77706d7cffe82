"""Dereferencing resources: `kg serve`'s pattern look-ups against the same description by SPARQL CONSTRUCT.

    python benchmarks/bench_resources.py [--build DIR] [--repeat N]

Baseline: the symmetric description as a SPARQL CONSTRUCT (own triples UNION incoming triples), run on
the in-memory store in-process and, over HTTP, through the endpoint's workers. Measured: the resource
answer (`kg.serve.resources.Resources.answer`) in Turtle and as the HTML page, in-process and over HTTP,
for the first task, region, agency, measure and the source document (the largest description). Last, the
endpoint's only worker is kept busy by a long query (stopped by --timeout 5) while resources are fetched:
they do not wait for it, a CONSTRUCT does.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from bench_queries import median_ms, start_server  # the same kg serve start (benchmarks/ is on sys.path)

from kg.rdf.terms import IPKG, PROV, RDF
from kg.serve.resources import BASE, Resources
from kg.store import load_in_memory

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def construct(iri: str) -> str:
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ <{iri}> ?p ?o BIND(<{iri}> AS ?s) }} "
        f"UNION {{ ?s ?p <{iri}> BIND(<{iri}> AS ?o) }} }}"
    )


def samples(store: ox.Store) -> dict[str, str]:
    """The first resource (by IRI) of each kind, and the source document every task points to."""
    chosen = {}
    for name in ("Task", "Region", "Agency", "Measure"):
        members = sorted(q.subject.value for q in store.quads_for_pattern(None, RDF.type, IPKG[name], None))
        chosen[name.lower()] = members[0]
    (derived,) = store.quads_for_pattern(ox.NamedNode(chosen["task"]), PROV.wasDerivedFrom, None, None)
    chosen["source"] = derived.object.value
    return chosen


def fetch(url: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.read()
    except urllib.error.HTTPError as error:  # 504 for the long query
        return error.read()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    store = load_in_memory(args.build / "store")
    resources = Resources(store, args.build)
    chosen = samples(store)

    print("in-process, median ms (CONSTRUCT on the in-memory store is the baseline)")
    print(f"{'resource':<9} {'triples':>7} {'CONSTRUCT':>10} {'look-ups':>9} {'ratio':>6} {'HTML page':>10}")
    for name, iri in chosen.items():
        path = iri.removeprefix(BASE)
        triples = len(resources.describe(iri))
        sparql = median_ms(
            lambda iri=iri: ox.serialize(store.query(construct(iri)), format=ox.RdfFormat.TURTLE), args.repeat
        )
        lookup = median_ms(lambda path=path: resources.answer(path, ["text/turtle"]), args.repeat)
        page = median_ms(lambda path=path: resources.answer(path, ["text/html"]), args.repeat)
        print(f"{name:<9} {triples:>7} {sparql:>10.2f} {lookup:>9.2f} {sparql / lookup:>5.1f}x {page:>10.2f}")

    process, url = start_server(args.build, 1, "--timeout", "5")
    base = url.removesuffix("/query")
    try:
        print("\nover HTTP (kg serve, one worker), median ms (CONSTRUCT through the worker is the baseline)")
        print(f"{'resource':<9} {'CONSTRUCT':>10} {'/id/… ttl':>10} {'ratio':>6} {'/id/… html':>11}")
        for name, iri in chosen.items():
            query = f"{url}?query={urllib.parse.quote(construct(iri))}"
            sparql = median_ms(lambda query=query: fetch(query, "text/turtle"), args.repeat)
            lookup = median_ms(
                lambda iri=iri: fetch(base + iri.removeprefix(BASE), "text/turtle"), args.repeat
            )
            page = median_ms(lambda iri=iri: fetch(base + iri.removeprefix(BASE), "text/html"), args.repeat)
            print(f"{name:<9} {sparql:>10.2f} {lookup:>10.2f} {sparql / lookup:>5.1f}x {page:>11.2f}")

        long_query = f"{url}?query={urllib.parse.quote(LONG)}"
        busy = threading.Thread(target=fetch, args=(long_query, "application/sparql-results+json"))
        busy.start()
        time.sleep(0.5)  # the worker has taken the long query
        task = chosen["task"]
        lookup = median_ms(lambda: fetch(base + task.removeprefix(BASE), "text/html"), 10)
        started = time.perf_counter()
        fetch(f"{url}?query={urllib.parse.quote(construct(task))}", "text/turtle")
        waited = (time.perf_counter() - started) * 1000
        busy.join()
        print(f"\nworker busy: task page {lookup:.2f} ms median; the task's CONSTRUCT waited {waited:.0f} ms")
    finally:
        process.terminate()
        process.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
