"""Parsed documents -> resolved entities: regions, focus areas, measures, agencies, targets, documents.

Several editions resolve into one set of entities: what belongs to one edition's table (tasks, their
focus areas) is keyed by year first (``2017/110000-1``); regions, measures, agencies and the planned
documents are keyed by their own content, so the same agency in two years is one entity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.entities.agencies import resolve_agencies
from kg.entities.english import english_name
from kg.entities.focus import national_focus_area
from kg.entities.keys import KeyRegistry
from kg.entities.model import (
    Agency,
    Document,
    Entities,
    FocusArea,
    Measure,
    Region,
    Task,
    TaskAgency,
    TaskTarget,
    Unresolved,
)
from kg.entities.targets import extract_targets
from kg.entities.vocab import regions as region_vocabulary
from kg.errors import InputError
from kg.source.parser import ParsedDocument, measure_key

_TITLE = re.compile(r"《([^《》]{2,80})》")
# A title made only of these words names a kind of document, not a document: 实施意见, 管理办法, 工作方案,
# 项目中期进展报告. Each region that plans one plans its own (海南省's 实施意见 is not 吉林省's), so such a
# document is identified by its region and title; any other title identifies one document wherever it is
# named (企业知识产权管理规范 in 湖南省 and 广西 is one standard). See docs/graph-model.md, "Identity".
_GENERIC_TITLE = re.compile(
    r"(?:实施|若干|指导|管理|工作|暂行|试行|项目|任务|中期|进展|进度|安排|年度)*"
    r"(?:意见|办法|方案|细则|规定|通知|计划|规划|报告|表|制度|措施)"
)


def document_titles(text: str) -> list[str]:
    """Titles of documents named in 《》, in order, without duplicates (nested 〈〉 kept as printed)."""
    titles: list[str] = []
    for match in _TITLE.finditer(text):
        title = match.group(1).strip()
        if title and title not in titles:
            titles.append(title)
    return titles


def is_generic_title(title: str) -> bool:
    """Whether a title names only a kind of document (实施意见), so that only its region identifies it."""
    return _GENERIC_TITLE.fullmatch(title) is not None


def _document_keys(
    text: str, region: Region, documents: dict[str, Document], registry: KeyRegistry
) -> tuple[str, ...]:
    """Keys of the documents a text names, registering new ones in ``documents``."""
    keys = []
    for title in document_titles(text):
        scope = region.key if is_generic_title(title) else ""
        key = registry.key("document", f"{region.label_zh}《{title}》" if scope else title)
        documents.setdefault(key, Document(key, title, scope))
        keys.append(key)
    return tuple(keys)


def resolve_entities(editions: Sequence[ParsedDocument], registry: KeyRegistry | None = None) -> Entities:
    """The entities of one or more parsed editions (at most one document per year); hash-based keys come
    from ``registry`` (default: the committed kg/data/keys.csv)."""
    registry = registry or KeyRegistry.bundled()
    vocabulary = region_vocabulary()
    regions: dict[str, Region] = {}
    focus_areas: dict[str, FocusArea] = {}
    measures: dict[str, Measure] = {}
    agencies: dict[str, Agency] = {}
    alt_labels: dict[str, list[str]] = {}
    documents: dict[str, Document] = {}
    tasks: list[Task] = []
    unresolved: list[Unresolved] = []
    paths_by_year: dict[int, str] = {}
    for parsed in editions:
        year = parsed.edition.year
        if year in paths_by_year:
            raise InputError(
                f"a second source of the {year} edition (the first is {paths_by_year[year]}): "
                "one file per year",
                path=parsed.path,
            )
        paths_by_year[year] = parsed.path

    for parsed, row in ((document, row) for document in editions for row in document.rows):
        source_path, year_key = parsed.path, parsed.edition.key
        info = vocabulary.get(row.region)
        if info is None:
            raise InputError(
                f"section {row.region!r} is not a known region (kg/data/regions.csv)",
                path=source_path,
                line=row.first_line,
            )
        region = regions.setdefault(
            info.key, Region(info.key, info.label_zh, info.label_en, info.gb2260, info.wikidata)
        )
        focus_key = f"{year_key}/{region.key}-{row.focus_no}"
        if focus_key not in focus_areas:
            national = national_focus_area(row.focus_area)
            if national is None:
                raise InputError(
                    f"focus area {row.focus_area!r} matches none of the six national ones",
                    path=source_path,
                    line=row.first_line,
                )
            focus_areas[focus_key] = FocusArea(focus_key, region.key, row.focus_no, row.focus_area, national)

        measure_keys: list[str] = []
        for text in row.measures:
            label = measure_key(text)
            key = registry.key("measure", label)
            measure = measures.setdefault(key, Measure(key, label))
            measure_keys.append(measure.key)

        cell = resolve_agencies(row.agencies_raw, row.region)
        task_agencies: list[TaskAgency] = []
        for mention in cell.agencies:
            key = registry.key("agency", mention.name)
            if key not in agencies:
                agencies[key] = Agency(key, mention.name, mention.type_code, region.key, ())
                alt_labels[key] = []
            if mention.printed != mention.name and mention.printed not in alt_labels[key]:
                alt_labels[key].append(mention.printed)
            task_agencies.append(TaskAgency(key, mention.role))
        unresolved.extend(Unresolved(row.region, row.row_number, f) for f in cell.unresolved)

        targets = [TaskTarget(t, "task") for t in extract_targets(row.task)]
        targets += [TaskTarget(t, "deliverable") for t in extract_targets(row.deliverable)]

        tasks.append(
            Task(
                key=f"{year_key}/{region.key}-{row.row_number}",
                row=row,
                year=parsed.edition.year,
                region_key=region.key,
                focus_key=focus_key,
                measure_keys=tuple(dict.fromkeys(measure_keys)),
                agencies=tuple(task_agencies),
                involves_collective=cell.involves_collective,
                targets=tuple(targets),
                task_documents=_document_keys(row.task, region, documents, registry),
                deliverable_documents=_document_keys(row.deliverable, region, documents, registry),
            )
        )

    final_agencies = tuple(
        Agency(
            a.key,
            a.name,
            a.type_code,
            a.jurisdiction_key,
            tuple(sorted(alt_labels[a.key])),
            english_name(a.name, a.type_code),
        )
        for a in sorted(agencies.values(), key=lambda a: a.key)
    )
    return Entities(
        regions=tuple(regions.values()),
        focus_areas=tuple(focus_areas.values()),
        measures=tuple(sorted(measures.values(), key=lambda m: m.key)),
        agencies=final_agencies,
        documents=tuple(sorted(documents.values(), key=lambda d: d.key)),
        tasks=tuple(tasks),
        unresolved=tuple(unresolved),
        editions=tuple(parsed.edition for parsed in editions),
        new_keys=tuple(registry.new),
        retired_keys=tuple(registry.retired()),
    )
