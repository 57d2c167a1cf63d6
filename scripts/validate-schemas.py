#!/usr/bin/env python3
"""Validates the shipped files against the JSON Schemas in schemas/.

- every schema is itself a valid draft 2020-12 schema;
- policies/*.yaml against policy.schema.json, policies/calendars/*.yaml against
  calendar.schema.json, policies/tests/*.test.yaml against policy-test.schema.json, and
  that each starts with its `# yaml-language-server: $schema=…` line;
- every snapshot in examples/*.ndjson, examples/*.json and policies/tests/snapshots/*.json
  against snapshot.schema.json;
- the output of `policyctl eval --policy policies examples/snapshots.ndjson` (when the
  binary exists), and of a few bad lines, against decision.schema.json.

YAML is read as editors read it (YAML 1.2 core schema, as yaml-language-server does):
`yes`/`no`/`on`/`off` and dates stay strings; `true`/`false`, `null` and numbers are typed.
Duplicate keys, anchors and aliases are reported, as the policy loader does.

Usage: scripts/validate-schemas.py [--root DIR] [--policyctl PATH]
Exits 0 when everything is valid, 1 listing every failure, 2 when it cannot run.
"""
import argparse
import decimal
import glob
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
    import yaml
    from referencing import Registry, Resource
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012
except ImportError as error:  # pragma: no cover
    print(f"validate-schemas: {error} (needs jsonschema 4.18 or later and PyYAML)", file=sys.stderr)
    sys.exit(2)

HEADERS = {
    "policy": "# yaml-language-server: $schema=../schemas/policy.schema.json",
    "calendar": "# yaml-language-server: $schema=../../schemas/calendar.schema.json",
    "policy-test": "# yaml-language-server: $schema=../../schemas/policy-test.schema.json",
}


# ---------------------------------------------------------------- YAML 1.2 core schema
class Core12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's implicit types only."""


Core12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
]:
    Core12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return decimal.Decimal(text)


def _bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


Core12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", _bool)


def to_data(node, path, lines, problems):
    """The data of a composed node; records each path's line and reports duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        first = {}
        for key_node, value_node in node.value:
            key = to_data(key_node, path + ("<key>",), {}, problems)
            if isinstance(key, (dict, list)):
                problems.append((key_node.start_mark.line + 1, "a key must be a scalar"))
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in first:
                problems.append((key_node.start_mark.line + 1, f"duplicate key `{key}` (first on line {first[key]})"))
                continue
            first[key] = key_node.start_mark.line + 1
            out[key] = to_data(value_node, path + (key,), lines, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [to_data(item, path + (i,), lines, problems) for i, item in enumerate(node.value)]
    return _scalar(node)


_constructor = Core12Loader("")


def _scalar(node):
    return _constructor.construct_object(node, deep=True)


def load_yaml(path):
    """(data, lines by path, problems) of a YAML file read with the 1.2 core schema."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    nodes = list(yaml.compose_all(text, Loader=Core12Loader))
    problems = []
    for event in yaml.parse(text, Loader=Core12Loader):
        if getattr(event, "anchor", None) is not None:
            problems.append((event.start_mark.line + 1, "anchors and aliases are not allowed"))
    if len(nodes) != 1:
        problems.append((1, f"expected one YAML document, found {len(nodes)}"))
    lines = {}
    data = to_data(nodes[0], (), lines, problems) if nodes and nodes[0] is not None else None
    return data, lines, problems


# ---------------------------------------------------------------- validation
def schema_registry(root):
    """Every schema in schemas/ under its file name: a `$ref` to `snapshot.schema.json#/…`
    then resolves as editors resolve it, against the file beside the referring schema."""
    resources = []
    for path in sorted(glob.glob(os.path.join(root, "schemas", "*.schema.json"))):
        with open(path, encoding="utf-8") as f:
            contents = json.load(f)
        resources.append((os.path.basename(path), Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def load_schema(root, name, registry):
    with open(os.path.join(root, "schemas", f"{name}.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, registry=registry,
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    resolver = registry.resolver(base_uri=f"{name}.schema.json")
    unresolved = [ref for ref in references(schema) if not resolves(resolver, ref)]
    if unresolved:
        raise ValueError(f"unresolved $ref {', '.join(unresolved)}")
    return validator


def references(schema):
    """Every `$ref` in `schema`."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from references(item)


def resolves(resolver, ref):
    try:
        resolver.lookup(ref)
        return True
    except Unresolvable:
        return False


def describe(error):
    """The most specific message of an error (descending into oneOf/anyOf alternatives)."""
    while error.context:
        # An alternative of the wrong type says less than the parent ("not valid under any of
        # the given schemas"); one of the right type that failed inside says what is wrong.
        inside = [e for e in error.context if e.relative_path or e.validator != "type"]
        if not inside:
            break
        error = jsonschema.exceptions.best_match(inside)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    return where or "(top level)", error.message


def line_of(error, lines):
    path = tuple(error.absolute_path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def check(validator, instance, label, failures, lines=None):
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
        where, message = describe(error)
        line = line_of(error, lines) if lines is not None else None
        failures.append(f"{label}{':' + str(line) if line else ''}: {where}: {message}")


def rel(root, path):
    return os.path.relpath(path, root)


def validate_yaml(root, validator, pattern, header, failures):
    files = sorted(glob.glob(os.path.join(root, pattern)))
    for path in files:
        label = rel(root, path)
        with open(path, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        if first != header:
            failures.append(f"{label}:1: the first line must be `{header}`")
        try:
            data, lines, problems = load_yaml(path)
        except yaml.YAMLError as error:
            failures.append(f"{label}: not valid YAML: {error}")
            continue
        for line, message in problems:
            failures.append(f"{label}:{line}: {message}")
        check(validator, data, label, failures, lines)
    return len(files)


def snapshots_in(path):
    """(label suffix, snapshot) pairs of a JSON or NDJSON file."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parse = lambda s: json.loads(s, parse_float=decimal.Decimal)
    if path.endswith(".ndjson"):
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield f":{number}", parse(line)
        return
    value = parse(text)
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield f"[{index}]", item
    else:
        yield "", value


def validate_snapshots(root, validator, failures):
    count = 0
    paths = []
    for pattern in ["examples/*.ndjson", "examples/*.json", "policies/tests/snapshots/*.json"]:
        paths += sorted(glob.glob(os.path.join(root, pattern)))
    for path in paths:
        try:
            for suffix, snapshot in snapshots_in(path):
                count += 1
                check(validator, snapshot, rel(root, path) + suffix, failures)
        except ValueError as error:
            failures.append(f"{rel(root, path)}: not valid JSON: {error}")
    return count


# Lines that must each give an error line (contract §3): not JSON, a bad field, no policy.
BAD_LINES = "\n".join([
    "this is not JSON",
    '{"account_id": "BAD-1", "bureau": "yongdeng", "bills": [{"due_date": "2026-13-01"}]}',
    '{"bureau": "yongdeng"}',
    '{"account_id": "BAD-2", "bureau": "no-such-bureau"}',
]) + "\n"


def validate_decisions(root, validator, policyctl, failures):
    if not os.path.exists(policyctl):
        print(f"validate-schemas: {rel(root, policyctl)} not built; decisions not checked", file=sys.stderr)
        return 0
    count = 0
    runs = [
        ("eval examples/snapshots.ndjson", ["examples/snapshots.ndjson"], None),
        ("eval of bad lines", ["-"], BAD_LINES),
    ]
    for label, inputs, stdin in runs:
        if stdin is None and not os.path.exists(os.path.join(root, inputs[0])):
            continue
        result = subprocess.run([policyctl, "eval", "--policy", "policies", *inputs], cwd=root, input=stdin,
                                capture_output=True, text=True, timeout=300)
        if result.returncode not in (0, 1):
            failures.append(f"{label}: exit {result.returncode}: {result.stderr.strip()}")
            continue
        for number, line in enumerate(result.stdout.split("\n"), start=1):
            if not line.strip():
                continue
            count += 1
            try:
                decision = json.loads(line, parse_float=decimal.Decimal)
            except ValueError as error:
                failures.append(f"{label}: output line {number}: not JSON: {error}")
                continue
            check(validator, decision, f"{label}: output line {number}", failures)
    return count


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Validate the shipped files against schemas/*.schema.json.")
    parser.add_argument("--root", default=os.path.dirname(here), help="the repository root (default: the script's parent)")
    parser.add_argument("--policyctl", help="the policyctl binary (default: ROOT/.build/debug/policyctl)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    policyctl = os.path.abspath(args.policyctl or os.path.join(root, ".build", "debug", "policyctl"))

    failures = []
    validators = {}
    registry = schema_registry(root)
    for name in ["policy", "calendar", "policy-test", "snapshot", "decision"]:
        try:
            validators[name] = load_schema(root, name, registry)
        except (OSError, ValueError, jsonschema.SchemaError) as error:
            failures.append(f"schemas/{name}.schema.json: {error}")
    if len(validators) < 5:
        print("\n".join(failures), file=sys.stderr)
        return 1

    counts = [
        ("policies", validate_yaml(root, validators["policy"], "policies/*.yaml", HEADERS["policy"], failures)),
        ("calendars", validate_yaml(root, validators["calendar"], "policies/calendars/*.yaml", HEADERS["calendar"], failures)),
        ("test files", validate_yaml(root, validators["policy-test"], "policies/tests/*.test.yaml", HEADERS["policy-test"], failures)),
        ("snapshots", validate_snapshots(root, validators["snapshot"], failures)),
        ("output lines", validate_decisions(root, validators["decision"], policyctl, failures)),
    ]
    summary = ", ".join(f"{n} {what}" for what, n in counts)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(f"validate-schemas: {len(failures)} failures ({summary})", file=sys.stderr)
        return 1
    print(f"validate-schemas: all valid ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
