"""Validates YAML plans against govlint's JSON Schema (python3-jsonschema).

usage: check_plans.py SCHEMA.json PLAN.yaml...   prints one line per plan,
exits 1 when any plan does not validate. Dates stay strings, as YAML 1.2
and govlint read them.
"""
import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main(schema_path, plans):
    schema = json.load(open(schema_path))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in plans:
        errors = list(validator.iter_errors(yaml.load(open(path), Loader=Loader)))
        print("%s: %s" % (path, "valid" if not errors else "%d errors" % len(errors)))
        for e in errors[:5]:
            print("  %s: %s" % ("/".join(map(str, e.path)), e.message))
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
