"""The analysis results as RDF: ``ipkg:Network`` resources and ``ipkg:AgencyCentrality`` nodes.

(Named ``result_triples`` so it is not mistaken for the graph-building package ``kg.rdf``.) The national
union network carries counts and task shares only, and no agency centralities (kg.analysis.results).

IRIs are deterministic (``id/network/<key>``, ``id/centrality/<network key>-<agency key>``) rather than
blank nodes, so the exported graph stays byte-identical and ``kg analyze`` can replace earlier results.
Decimals are written with six places (undefined values are left out), again for identical output.
"""

from __future__ import annotations

import math

import pyoxigraph as ox

from kg.analysis.graphdata import iri_key
from kg.analysis.results import Results
from kg.rdf.terms import DEF as IPKG
from kg.rdf.terms import ID, PREFIXES, RDF, RDFS

RDF_TYPE = RDF.type
RDFS_LABEL = RDFS.label
XSD = PREFIXES["xsd"]
NETWORK_BASE = ID + "network/"
CENTRALITY_BASE = ID + "centrality/"


def term(local: str) -> ox.NamedNode:
    return ox.NamedNode(IPKG + local)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.6f}", datatype=ox.NamedNode(XSD + "decimal"))


def network_iri(key: str) -> ox.NamedNode:
    return ox.NamedNode(NETWORK_BASE + key)


def _numbers(subject: ox.NamedNode, values: list[tuple[str, float | int | None]]) -> list[ox.Quad]:
    """One triple per defined value (None and NaN mean undefined and are left out)."""
    out = []
    for local, value in values:
        if value is None:
            continue
        if isinstance(value, float):
            if math.isnan(value):
                continue
            out.append(ox.Quad(subject, term(local), decimal(value)))
        else:
            out.append(ox.Quad(subject, term(local), integer(value)))
    return out


def quads(results: Results) -> list[ox.Quad]:
    """All analysis triples, in the default graph, sorted (subject, predicate, object) for stable output."""
    out: list[ox.Quad] = []
    for analysed in results.networks:
        network = analysed.network
        s = analysed.summary
        node = network_iri(network.key)
        out.append(ox.Quad(node, RDF_TYPE, term("Network")))
        if network.region is None:
            out.append(ox.Quad(node, RDFS_LABEL, ox.Literal("全国部门协同网络", language="zh")))
            out.append(
                ox.Quad(
                    node, RDFS_LABEL, ox.Literal("National agency co-responsibility network", language="en")
                )
            )
        else:
            region = network.region
            out.append(ox.Quad(node, term("region"), ox.NamedNode(region.iri)))
            out.append(ox.Quad(node, RDFS_LABEL, ox.Literal(f"{region.label_zh}部门协同网络", language="zh")))
            out.append(
                ox.Quad(
                    node,
                    RDFS_LABEL,
                    ox.Literal(f"Agency co-responsibility network: {region.label_en}", language="en"),
                )
            )
        out += _numbers(
            node,
            [
                ("taskCount", s.tasks),
                ("nodeCount", s.agencies),
                ("edgeCount", s.ties),
                ("density", s.density),
                ("degreeCentralization", s.degree_centralization),
                ("communityCount", s.communities),
                ("modularity", s.modularity),
                ("ipoLeadShare", s.ipo_lead_share),
                ("multiAgencyShare", s.multi_agency_share),
            ],
        )
        for iri, m in analysed.nodes.items():
            agency = ox.NamedNode(iri)
            centrality = ox.NamedNode(f"{CENTRALITY_BASE}{network.key}-{iri_key(iri)}")
            out.append(ox.Quad(agency, term("centrality"), centrality))
            out.append(ox.Quad(centrality, RDF_TYPE, term("AgencyCentrality")))
            out.append(ox.Quad(centrality, term("network"), node))
            out += _numbers(
                centrality,
                [
                    ("degree", m.degree),
                    ("weightedDegree", m.weighted_degree),
                    ("betweenness", m.betweenness_unweighted),
                    ("eigenvector", m.eigenvector),
                    ("pagerank", m.pagerank),
                    ("community", m.community),
                    ("effectiveSize", m.effective_size),
                    ("constraint", m.constraint),
                ],
            )
    return sorted(out, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


REMOVE_UPDATE = f"""
PREFIX ipkg: <{IPKG}>
DELETE {{ ?a ipkg:centrality ?c }} WHERE {{ ?a ipkg:centrality ?c }} ;
DELETE {{ ?s ?p ?o }} WHERE {{
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?s), "{CENTRALITY_BASE}") || STRSTARTS(STR(?s), "{NETWORK_BASE}"))
}} ;
DELETE {{ ?s ?p ?o }} WHERE {{
  VALUES ?class {{ ipkg:AgencyCentrality ipkg:Network }}
  ?s a ?class ; ?p ?o .
}}
"""


def replace_in_store(store: ox.Store, new: list[ox.Quad]) -> None:
    """Remove earlier analysis triples (about centrality/network resources, and the links) and add ``new``."""
    store.update(REMOVE_UPDATE)
    store.extend(new)


TOP_AGENCIES_QUERY = f"""
PREFIX ipkg: <{IPKG}>
PREFIX rdfs: <{PREFIXES["rdfs"]}>
# The five most central agencies (by PageRank; ties broken by IRI) of each region's co-responsibility network.
SELECT ?region ?regionLabel ?agency ?agencyLabel ?pagerank ?degree WHERE {{
  ?network a ipkg:Network ; ipkg:region ?region .
  ?region rdfs:label ?regionLabel . FILTER(LANG(?regionLabel) = "zh")
  ?agency ipkg:centrality ?c ; rdfs:label ?agencyLabel . FILTER(LANG(?agencyLabel) = "zh")
  ?c ipkg:network ?network ; ipkg:pagerank ?pagerank ; ipkg:degree ?degree .
  {{
    SELECT ?c (COUNT(?better) AS ?rank) WHERE {{
      ?c ipkg:network ?n ; ipkg:pagerank ?p .
      OPTIONAL {{
        ?better ipkg:network ?n ; ipkg:pagerank ?q .
        FILTER(?q > ?p || (?q = ?p && STR(?better) < STR(?c)))
      }}
    }} GROUP BY ?c
  }}
  FILTER(?rank < 5)
}}
ORDER BY ?region DESC(?pagerank) ?c
"""
