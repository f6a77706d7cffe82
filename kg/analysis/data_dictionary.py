"""The analysis tables declared once, with every column's meaning and references: the CSV headers
(kg.analysis.csv_tables) and the data dictionary ``analysis/README.md`` come from here, so they can't
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.analysis import SEED, nullmodel


@dataclass(frozen=True)
class Table:
    name: str
    about: str
    columns: list[tuple[str, str]]


WEIGHTED_CENTRALIZATION = (
    "Freeman centralisation of weighted degree s (shared tasks summed): Σ(s_max − s)/((n−2)·W), W = total "
    "tie weight; 1 when every tie touches one agency (a star, whatever the weights), 0 when all agencies "
    "have equal s; empty below three agencies or without ties (Freeman 1979; Opsahl et al. 2010)"
)
FRAGMENTATION = (
    "share of agency pairs with no path between them, 1 − Σ s_k(s_k−1)/(n(n−1)) over component sizes s_k "
    "(Borgatti 2006); 0 = connected, 1 = no ties; empty below two agencies"
)
IPO_TIE_SHARE = "share of ties (agency pairs) with an IP office (type IPO) at one end; empty without ties"
NULL_MODEL = (
    "under the null model: random task–agency incidences keeping every task's number of agencies and every "
    "agency's number of tasks (degree-preserving swaps, Gotelli & Entsminger 2001; Milo et al. 2003), "
    f"{nullmodel.DRAWS} draws, seed {SEED}"
)
REFERENCES = """\
## References

- Barrat, A., Barthélemy, M., Pastor-Satorras, R., Vespignani, A. (2004). The architecture of complex
  weighted networks. PNAS 101:3747–3752.
- Blondel, V. D., Guillaume, J.-L., Lambiotte, R., Lefebvre, E. (2008). Fast unfolding of communities in
  large networks. J. Stat. Mech. P10008.
- Borgatti, S. P. (2006). Identifying sets of key players in a social network. Computational and
  Mathematical Organization Theory 12:21–34.
- Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociol. 25:163–177.
- Burt, R. S. (1992). Structural Holes. Harvard University Press.
- Davison, A. C., Hinkley, D. V. (1997). Bootstrap Methods and their Application, ch. 4 (Monte Carlo tests).
- Freeman, L. C. (1977). A set of measures of centrality based on betweenness. Sociometry 40:35–41.
- Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. Social Networks 1:215–239.
- Gotelli, N. J., Entsminger, G. L. (2001). Swap and fill algorithms in null model analysis. Oecologia
  129:281–291.
- Hubert, L., Arabie, P. (1985). Comparing partitions. J. Classif. 2:193–218.
- Milo, R., Kashtan, N., Itzkovitz, S., Newman, M. E. J., Alon, U. (2003). On the uniform generation of
  random graphs with prescribed degree sequences. arXiv:cond-mat/0312028.
- Newman, M. E. J. (2001). Scientific collaboration networks. II. Phys. Rev. E 64:016132.
- Newman, M. E. J. (2006). Modularity and community structure in networks. PNAS 103:8577–8582.
- Opsahl, T., Agneessens, F., Skvoretz, J. (2010). Node centrality in weighted networks. Social Networks
  32:245–251.
- Spearman, C. (1904). The proof and measurement of association between two things. Am. J. Psychol.
  15:72–101.
- Wasserman, S., Faust, K. (1994). Social Network Analysis: Methods and Applications. Cambridge
  University Press.
"""

NETWORK_COL = ("network", "`national` or the region key (GB/T 2260 code; `xpcc` for the Corps)")

TABLES = [
    Table(
        "networks.csv",
        "One row per agency co-responsibility network (national, then regions in document order). The "
        "national row is the union of the regional networks (they share almost no agency): it keeps counts "
        "and task shares only; its structural measures are empty on purpose (see region_comparison.csv "
        "to compare regions).",
        [
            NETWORK_COL,
            ("region", "region name as printed (empty for the national network)"),
            ("region_en", "English region name"),
            ("tasks", "tasks (table rows) of the region"),
            ("tasks_with_agencies", "tasks naming at least one agency (the denominator of the shares below)"),
            ("agencies", "agencies responsible for at least one task (nodes)"),
            ("ties", "pairs of agencies sharing at least one task (undirected edges)"),
            ("lead_support_ties", "distinct directed lead → supporting agency pairs"),
            ("density", "ties / possible ties; empty below two agencies (and for the national union)"),
            (
                "degree_centralization",
                "Freeman degree centralisation Σ(max deg − deg)/((n−1)(n−2)): 1 = star, "
                "0 = everyone equally connected; empty below three agencies (Freeman 1979)",
            ),
            ("weighted_centralization", WEIGHTED_CENTRALIZATION),
            ("fragmentation", FRAGMENTATION),
            ("components", "connected components (isolated agencies count as components)"),
            ("largest_component", "agencies in the largest component"),
            ("largest_component_share", "largest_component / agencies"),
            ("isolates", "agencies that share no task with another agency"),
            ("communities", "Louvain communities (weighted, seed 42; Blondel et al. 2008)"),
            ("modularity", "modularity of that partition (Newman 2006); empty without ties"),
            ("ipo_tie_share", IPO_TIE_SHARE),
            (
                "ipo_lead_share",
                "share of tasks led by an IP office (type IPO). A task's leads are its ipkg:leadAgency "
                "agencies; where none is marked but some are ipkg:supportingAgency, the other named "
                "agencies; "
                "else a sole responsible agency; several agencies without roles give no identified lead",
            ),
            ("ipo_involved_share", "share of tasks naming an IP office among the responsible agencies"),
            ("multi_agency_share", "share of tasks naming two or more agencies"),
            ("lead_marked_share", "share of tasks with an explicitly marked lead agency"),
            (
                "collective_share",
                "share of all tasks that also name an unspecified group (ipkg:involvesCollective)",
            ),
            ("mean_agencies_per_task", "mean number of named agencies per task"),
        ],
    ),
    Table(
        "region_comparison.csv",
        "One row per region: the measures that can be compared across networks of different size, and "
        "observed against expected ties under a null model that keeps each task's number of agencies and "
        "each agency's number of tasks and randomises who shares a task with whom. A negative ties_z means "
        "agencies are spread over fewer distinct partners than chance (ties concentrated on repeated "
        "pairs); regions with one agency, or whose constraints fix the network, have empty z.",
        [
            ("region", "region key (GB/T 2260 code; `xpcc` for the Corps)"),
            ("agencies", "agencies responsible for at least one task (the nodes, n)"),
            ("ties", "agency pairs sharing at least one task (the edges, m; Wasserman & Faust 1994)"),
            ("density", "ties / possible ties, 2m / (n(n−1)) (Wasserman & Faust 1994)"),
            ("weighted_centralization", WEIGHTED_CENTRALIZATION),
            ("fragmentation", FRAGMENTATION),
            ("ipo_tie_share", IPO_TIE_SHARE),
            (
                "largest_component_share",
                "agencies in the largest connected component / agencies (Wasserman & Faust 1994)",
            ),
            ("expected_ties", f"mean number of ties {NULL_MODEL}"),
            ("ties_sd", "standard deviation of the ties over the draws"),
            ("ties_z", "(ties − expected_ties) / ties_sd; empty when ties_sd is 0"),
            (
                "ties_p",
                "two-sided Monte Carlo p-value 2·min(P(X ≤ ties), P(X ≥ ties)), each tail (1 + draws in it) "
                "/ (1 + draws), capped at 1 (Davison & Hinkley 1997, ch. 4)",
            ),
            ("repeated_ties", "agency pairs sharing at least two tasks"),
            ("expected_repeated_ties", "mean number of repeated ties under the same null model"),
            ("repeated_ties_sd", "their standard deviation"),
            ("repeated_ties_z", "(repeated_ties − expected_repeated_ties) / repeated_ties_sd"),
            ("repeated_ties_p", "two-sided Monte Carlo p-value, as ties_p"),
        ],
    ),
    Table(
        "robustness.csv",
        "How far the main results move under other modelling choices (long format: one row per check, "
        "network and statistic). Checks: `collectives` = a task that also names an unspecified group "
        "(有关部门) gets one extra node per region for that group; `newman_weighting` = tie weight "
        "Σ 1/(k−1) over shared tasks, k the task's number of agencies (Newman 2001), so the 38 tasks "
        "naming seven or more agencies stop dominating the weights; `first_listed_lead` = a task's lead is "
        "the agency printed first in its 责任部门 cell (ipkg:agenciesText; each agency placed where the "
        "longest part of its name occurs); `community_seeds` = Louvain with seeds 0–29 against the main "
        "partition (seed 42).",
        [
            ("check", "`collectives`, `newman_weighting`, `first_listed_lead` or `community_seeds`"),
            ("network", "region key, or `all` for a comparison across regions (or a summary over them)"),
            (
                "measure",
                "the measure compared (columns of region_comparison.csv / agency_centrality.csv); "
                "`multi_agency_tasks_placed` = tasks naming several agencies whose first-listed agency "
                "could be placed in the printed cell; `tie_weight_of_tasks_with_7_plus_agencies` = the "
                "share of all tie weight (Σ k(k−1)/2 over tasks) carried by tasks naming seven or more "
                "agencies (units = those tasks)",
            ),
            ("units", "regions or agencies compared (for summaries: regions with a defined value)"),
            (
                "statistic",
                "`spearman` = Spearman's rank correlation of main and alternative values (Spearman 1904; "
                "regions: across regions; a region key: across its agencies, regions of three or more); "
                "`median_spearman` = median of the per-region correlations; `mean_adjusted_rand` / "
                "`min_adjusted_rand` = adjusted Rand index (Hubert & Arabie 1985) of the 30 partitions "
                "against the main one, mean / lowest; `median_adjusted_rand` = median over regions; "
                "`share` = a proportion",
            ),
            ("value", "the statistic; empty where undefined (fewer than three units, or no variation)"),
        ],
    ),
    Table(
        "agency_centrality.csv",
        "One row per agency per regional network it takes part in (none for the national union: an agency "
        "is measured among its own region's agencies). Also in the graph as ipkg:AgencyCentrality nodes.",
        [
            NETWORK_COL,
            ("agency", "agency IRI"),
            ("agency_label", "canonical Chinese name"),
            ("agency_type", "agency-type code (kg/data/agency-types.csv)"),
            ("jurisdiction", "region key of the agency's jurisdiction"),
            ("tasks", "tasks of this network naming the agency"),
            ("lead_tasks", "of which as marked lead"),
            ("supporting_tasks", "of which as marked supporting agency"),
            ("degree", "distinct co-responsible agencies"),
            ("weighted_degree", "sum of shared tasks over those agencies"),
            (
                "betweenness_unweighted",
                "betweenness on hop counts (every tie length 1), normalised by (n−1)(n−2)/2: the share of "
                "agency pairs whose shortest connections run through this agency (Freeman 1977; Brandes "
                "2001). In the graph as ipkg:betweenness",
            ),
            (
                "betweenness_weighted",
                "betweenness with tie length = 1 / shared tasks (strong ties are short; Newman 2001; "
                "Opsahl et al. 2010), same normalisation. Not comparable with betweenness_unweighted. "
                "R igraph and networkx read an edge `weight` as a length: to reproduce this column pass "
                "weights = 1 / Weight (igraph: `betweenness(g, weights = 1 / E(g)$Weight)`); passing the "
                "shared-task counts makes the strongest ties the longest",
            ),
            (
                "eigenvector",
                "eigenvector centrality (weighted) computed within the agency's connected component, "
                "L2-normalised there and multiplied by the component's share of agencies; 0 for isolates",
            ),
            ("pagerank", "PageRank, weighted, damping 0.85 (sums to 1 over the network)"),
            ("community", "Louvain community number within the network (1 = largest)"),
            (
                "effective_size",
                "Burt's effective size (weighted): non-redundant contacts; empty for isolates",
            ),
            (
                "constraint",
                "Burt's constraint (weighted): low = broker between otherwise unconnected agencies; "
                "empty for isolates",
            ),
        ],
    ),
    Table(
        "co_responsibility_edges.csv",
        "Agency pairs sharing tasks, per regional network (undirected; agency_a < agency_b by IRI). No "
        "national rows: the union would only repeat them.",
        [
            NETWORK_COL,
            ("agency_a", "agency IRI"),
            ("agency_a_label", "its name"),
            ("agency_b", "agency IRI"),
            ("agency_b_label", "its name"),
            ("shared_tasks", "tasks naming both (the edge weight)"),
            ("tasks", "the task keys (`<region>-<row>`), space-separated, in document order"),
        ],
    ),
    Table(
        "lead_support_edges.csv",
        "Directed ties from a task's lead agency (marked lead; where none is marked, the named agencies "
        "not marked supporting) to each marked supporting agency, per regional network (no national rows).",
        [
            NETWORK_COL,
            ("lead", "lead agency IRI"),
            ("lead_label", "its name"),
            ("supporting", "supporting agency IRI"),
            ("supporting_label", "its name"),
            ("tasks_count", "tasks with this lead/supporting pair"),
            ("tasks", "the task keys, space-separated"),
        ],
    ),
    Table(
        "type_ties.csv",
        "Agency types linked by tasks naming agencies of both types (a task counts once per "
        "type pair). Answers 'does the IP office work with courts? with finance?' per region.",
        [
            NETWORK_COL,
            ("type_a", "agency-type code"),
            ("type_b", "agency-type code"),
            ("shared_tasks", "tasks naming both types"),
            ("tasks_a", "tasks naming type_a"),
            ("tasks_b", "tasks naming type_b"),
            ("share_of_a", "shared_tasks / tasks_a"),
            ("share_of_b", "shared_tasks / tasks_b"),
        ],
    ),
    Table(
        "type_centrality.csv",
        "One row per agency type per network, measures on the agency-type network.",
        [
            NETWORK_COL,
            ("type", "agency-type code"),
            ("label_zh", "Chinese label"),
            ("label_en", "English label"),
            ("tasks", "tasks naming an agency of this type"),
            ("agencies", "distinct agencies of this type"),
            ("degree", "types it shares tasks with"),
            ("weighted_degree", "sum of shared tasks"),
            ("betweenness_unweighted", "as for agencies"),
            ("pagerank", "as for agencies"),
        ],
    ),
    Table(
        "agency_measures.csv",
        "The bipartite agency–measure network: an agency is tied to the measures "
        "(工作内容) of the tasks naming it.",
        [
            ("agency", "agency IRI"),
            ("agency_label", "its name"),
            ("measure", "measure IRI"),
            ("measure_label", "the work item text"),
            ("tasks", "tasks linking them (edge weight)"),
        ],
    ),
    Table(
        "measures.csv",
        "One row per measure, with its reach and its place in the measure projection "
        "(measures linked when one agency works on both).",
        [
            ("measure", "measure IRI"),
            ("measure_label", "the work item text"),
            ("regions", "regions with a task under this measure"),
            ("tasks", "tasks under this measure"),
            ("agencies", "agencies responsible for those tasks"),
            ("projection_degree", "measures sharing at least one agency with it"),
            ("projection_weighted_degree", "sum over those of shared agencies"),
        ],
    ),
    Table(
        "agency_projection.csv",
        "One row per agency: its place in the agency projection of the bipartite "
        "network (agencies linked when they work on a common measure, across regions).",
        [
            ("agency", "agency IRI"),
            ("agency_label", "its name"),
            ("agency_type", "agency-type code"),
            ("measures", "distinct measures it works on"),
            ("projection_degree", "agencies sharing at least one measure with it"),
            ("projection_weighted_degree", "sum over those of shared measures"),
        ],
    ),
    Table(
        "region_similarity.csv",
        "Region–region similarity by adopted measures: Jaccard |A∩B| / |A∪B| of "
        "the two regions' measure sets (all ordered pairs, the diagonal included).",
        [
            ("region_a", "region key"),
            ("region_b", "region key"),
            ("shared_measures", "|A∩B|"),
            ("measures_a", "|A|"),
            ("measures_b", "|B|"),
            ("jaccard", "|A∩B| / |A∪B| (0 when both are empty)"),
        ],
    ),
    Table(
        "focus_area_tasks.csv",
        "Tasks per region and national focus area (via the regional heading's skos:broadMatch).",
        [
            ("region", "region key"),
            ("region_label", "region name as printed"),
            ("focus_area", "national focus-area notation (1–6; empty where unmatched)"),
            ("focus_label_zh", "its Chinese label"),
            ("focus_label_en", "its English label"),
            ("tasks", "number of tasks"),
        ],
    ),
]


def data_dictionary(editions: list[str] | None = None) -> str:
    editions = editions or []
    if len(editions) > 1:
        scope = [
            f"Edition analysed: {editions[-1]}, the latest of the editions in the graph",
            f"({', '.join(editions)}); tasks of different years are never mixed in one network.",
            "",
        ]
    else:
        scope = [f"Edition analysed: {editions[0]}.", ""] if editions else []
    lines = [
        "# Analysis tables (data dictionary)",
        "",
        "Written by `kg analyze` / `kg build` from the graph (read through SPARQL). UTF-8 CSV with a header;",
        "floats have six decimals; an empty cell means undefined (e.g. density of a one-agency network).",
        "Networks: agencies are linked when one task's 责任部门 cell names both (co-responsibility); the",
        "national network is the union of the regional ones, which share almost no agency and no tie, so",
        "it gets counts and task shares only, and agencies are measured within their regions. Rows are",
        "sorted and all randomised steps are seeded (Louvain seed 42, null model seed 42), so two runs on",
        "the same graph give identical files.",
        "",
        *scope,
    ]
    for table in TABLES:
        lines += [f"## {table.name}", "", table.about, "", "| column | meaning |", "|---|---|"]
        lines += [f"| `{c}` | {d} |" for c, d in table.columns]
        lines.append("")
    lines += [
        "## Beside these tables",
        "",
        "- In the graph: one `ipkg:Network` per row of networks.csv (`id/network/<network>`) and one",
        "  `ipkg:AgencyCentrality` per row of agency_centrality.csv, linked from the agency by",
        "  `ipkg:centrality`.",
        "- `../networks/<network>.gexf` (GEXF 1.2 with the pages' layout as `viz:position`), `.graphml`,",
        "  `<network>-nodes.csv` (`Id`, `Label`, attributes as in agency_centrality.csv, `x`, `y`) and",
        "  `<network>-edges.csv` (`Source`, `Target`, `Weight` = shared tasks, `Type`, `tasks`): one set per",
        "  region and one for the agency-type network (`agency-types`), for Gephi, Cytoscape, igraph.",
        "  `Weight` is a strength: for path-based measures use `1 / Weight` as the length.",
        "- `../network.html` (a map of the 31 regional networks, each agency with its region's numbers),",
        "  `../networks/<region>.html`, `../networks/agency-types.html` and `../networks/index.html`:",
        "  self-contained interactive pages (no network access needed).",
        "- `../figures/*.png|svg`, each with a `.txt` caption saying what it shows and how it was computed.",
        "",
        REFERENCES,
    ]
    return "\n".join(lines)
