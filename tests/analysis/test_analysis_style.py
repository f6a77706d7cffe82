"""kg.analysis.style: agency-type groups, colour-blind-safe colours, shapes beyond the palette."""

from __future__ import annotations


def test_every_agency_type_has_a_group() -> None:
    from kg.analysis.graphdata import load_agency_types
    from kg.analysis.style import GROUPS, OKABE_ITO, type_looks

    codes = [t.code for t in load_agency_types()]
    grouped = [c for g in GROUPS for c in g.types]
    assert len(grouped) == len(set(grouped)) and set(codes) - set(grouped) == {"OTH"}
    looks = type_looks(load_agency_types())
    pairs = {(looks[c].color, looks[c].shape) for c in codes}
    assert len(pairs) == len(GROUPS) + 1  # every group told apart, by colour or by shape
    assert {look.color for look in looks.values()} - set(OKABE_ITO) == {"#999999"}
