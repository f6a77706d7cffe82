"""The query pack: named, documented SPARQL queries, run on the built store or on any SPARQL endpoint.

Pack files are ``queries/*.rq`` at the top of the project (the source of truth). ``kg/queries`` is a
symlink to that folder, so the same files are package data (``kg = ["queries/*.rq"]`` in pyproject):
an installed ``kg`` finds them through ``importlib.resources`` from any working directory, and there is
only one copy to edit.

Each file starts with grlc-style decorators (``#+ summary:``, ``#+ description:``, ``#+ tags:``,
``#+ defaults:``) and names its parameters as grlc does: ``?_name`` is a required parameter,
``?__name`` an optional one, and a suffix gives the type: ``?_year_integer`` (any XSD datatype),
``?_region_iri``, ``?_n_number``, ``?_label_en`` (a two-letter language tag).

Modules: ``lexer`` (SPARQL tokens), ``decorators`` (the ``#+`` header, YAML), ``parameters`` (typed
parameters), ``vocabulary`` (region and agency-type names -> IRIs), ``binding`` (values into the text),
``loading`` (pack files, ``find_query``, ``load_pack``), ``cli`` (`kg queries`, `kg query`). Running
lives in ``kg.run``, result formats in ``kg.formats``.
"""
