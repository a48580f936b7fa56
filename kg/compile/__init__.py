"""The build: curated sources -> compiled dataset -> closure under the rules -> SHACL check -> ``drugkg.trig``.

- :mod:`kg.compile.pipeline`: the build itself, its cache (``source_digest``) and ``open_built_store``;
- :mod:`kg.compile.rule_files`: the rules of ``kg/compile/rules/``, each parsed once;
- :mod:`kg.compile.reasoning`: the semi-naive forward-chaining of those rules, in the engine;
- :mod:`kg.compile.validation`: SHACL validation against ``ontology/shapes.ttl``.
"""
