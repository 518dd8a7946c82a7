#!/usr/bin/env python3
"""Writes Sources/Sandbox/BuiltInSchemaTable.swift from a real kube-apiserver's OpenAPI v3
documents (../shared/kube-api/openapi-v3 by default): the fields of every built-in kind the
sandbox serves, with the structural-merge semantics server-side apply takes from them.

    python3 scripts/generate-schema-tables.py [--openapi DIR] [--output FILE | --stdout]

The table is line-oriented text the sandbox parses once, at first use:

    kind GROUP/VERSION/KIND TYPE       the top-level type of a kind (core group: v1/KIND)
    type NAME [atomic]                 a struct type; `atomic`: x-kubernetes-map-type atomic
      FIELD SHAPE                      one of its fields

A SHAPE is `s` string, `i` integer, `n` number, `b` boolean, `x` int-or-string, `*` anything,
`@NAME` a struct type, `{SHAPE}` a map (`{!SHAPE}` atomic), or `[SEMANTICS:SHAPE]` a list,
SEMANTICS being `a` (atomic), `s` (set) or `m=KEY,KEY` (a map keyed by those fields, a key's
schema default as `KEY(JSON)`), followed by `|p=KEY` for a strategic-merge patch key or
`|p` for a strategic merge without one. The recursion of JSONSchemaProps is cut as `*`.
"""
import argparse
import json
import os
import sys

# The built-in kinds the sandbox serves (APIResource.builtIns).
KINDS = [
    ("", "v1", "Namespace"), ("", "v1", "ConfigMap"), ("", "v1", "Secret"), ("", "v1", "ServiceAccount"),
    ("", "v1", "Service"), ("", "v1", "Endpoints"), ("", "v1", "Pod"), ("", "v1", "PersistentVolumeClaim"),
    ("apps", "v1", "Deployment"), ("apps", "v1", "ReplicaSet"), ("apps", "v1", "StatefulSet"),
    ("apps", "v1", "DaemonSet"), ("batch", "v1", "Job"), ("batch", "v1", "CronJob"),
    ("networking.k8s.io", "v1", "Ingress"), ("networking.k8s.io", "v1", "NetworkPolicy"),
    ("autoscaling", "v2", "HorizontalPodAutoscaler"), ("policy", "v1", "PodDisruptionBudget"),
    ("rbac.authorization.k8s.io", "v1", "Role"), ("rbac.authorization.k8s.io", "v1", "RoleBinding"),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole"), ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding"),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"), ("coordination.k8s.io", "v1", "Lease"),
]
PREFIXES = ["io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apiextensions-apiserver.pkg.apis.",
            "io.k8s.apimachinery.pkg."]
SCALAR_TYPES = {
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "s", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "s",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "x", "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "x",
}
ANYTHING = {"io.k8s.apimachinery.pkg.runtime.RawExtension", "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps"}


def short(name):
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def document_file(group, version):
    return "api__v1.json" if group == "" else f"apis__{group}__{version}.json"


class Generator:
    def __init__(self, folder):
        self.folder = folder
        self.schemas = {}
        self.types = {}  # short name -> (atomic, [(field, shape)])

    def load(self, group, version):
        with open(os.path.join(self.folder, document_file(group, version))) as handle:
            self.schemas.update(json.load(handle)["components"]["schemas"])

    def ref_name(self, schema):
        if "$ref" in schema:
            return schema["$ref"].split("/")[-1]
        if len(schema.get("allOf", [])) == 1 and "$ref" in schema["allOf"][0]:
            return schema["allOf"][0]["$ref"].split("/")[-1]
        return None

    def shape(self, schema):
        ref = self.ref_name(schema)
        if ref is not None:
            if ref in SCALAR_TYPES:
                return SCALAR_TYPES[ref]
            if ref in ANYTHING:
                return "*"
            target = self.schemas[ref]
            if "properties" not in target:
                return self.shape(target)
            self.struct(ref)
            return "@" + short(ref)
        kind = schema.get("type")
        if kind == "array":
            return "[" + self.list_semantics(schema) + ":" + self.shape(schema.get("items", {})) + "]"
        if kind == "object" and "additionalProperties" in schema:
            atomic = "!" if schema.get("x-kubernetes-map-type") == "atomic" else ""
            values = schema["additionalProperties"]
            return "{" + atomic + (self.shape(values) if isinstance(values, dict) else "*") + "}"
        if kind == "object" and "properties" in schema:
            raise SystemExit(f"inline struct schemas are not expected: {json.dumps(schema)[:200]}")
        if schema.get("format") == "int-or-string" or schema.get("x-kubernetes-int-or-string"):
            return "x"
        return {"string": "s", "integer": "i", "number": "n", "boolean": "b"}.get(kind, "*")

    def list_semantics(self, schema):
        list_type = schema.get("x-kubernetes-list-type", "atomic")
        if list_type == "map":
            item = self.schemas.get(self.ref_name(schema.get("items", {})) or "", schema.get("items", {}))
            keys = []
            for key in schema["x-kubernetes-list-map-keys"]:
                default = item.get("properties", {}).get(key, {}).get("default")
                keys.append(key if default is None else f"{key}({json.dumps(default)})")
            semantics = "m=" + ",".join(keys)
        else:
            semantics = {"atomic": "a", "set": "s"}[list_type]
        if "merge" in schema.get("x-kubernetes-patch-strategy", "").split(","):
            key = schema.get("x-kubernetes-patch-merge-key")
            semantics += f"|p={key}" if key else "|p"
        return semantics

    def struct(self, name):
        if short(name) in self.types:
            return
        schema = self.schemas[name]
        self.types[short(name)] = None  # reserved: recursion stops here
        atomic = schema.get("x-kubernetes-map-type") == "atomic"
        fields = [(field, self.shape(value)) for field, value in sorted(schema.get("properties", {}).items())]
        self.types[short(name)] = (atomic, fields)

    def kind_type(self, group, version, kind):
        for name, schema in self.schemas.items():
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                if (gvk.get("group", ""), gvk["version"], gvk["kind"]) == (group, version, kind):
                    return name
        raise SystemExit(f"no schema for {group}/{version}/{kind}")

    def table(self):
        kinds = []
        for group, version, kind in KINDS:
            self.load(group, version)
            name = self.kind_type(group, version, kind)
            self.struct(name)
            kinds.append(f"kind {group + '/' if group else ''}{version}/{kind} {short(name)}")
        lines = kinds
        for name in sorted(self.types):
            atomic, fields = self.types[name]
            lines.append(f"type {name}" + (" atomic" if atomic else ""))
            lines += [f"  {field} {shape}" for field, shape in fields]
        return lines


def swift_source(lines):
    body = "\n".join(lines)
    return f'''// swift-format-ignore-file
// Generated by scripts/generate-schema-tables.py from a kube-apiserver v1.36 OpenAPI v3
// documents; do not edit. KubeReplayTests' SchemaTableTests checks it against them.

extension BuiltInSchemaTable {{
    /// The built-in kinds' fields and merge semantics (the format is the generator's docstring).
    static let text = #"""
{body}
"""#
}}
'''


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openapi", default=os.path.join(os.path.dirname(root), "shared", "kube-api", "openapi-v3"))
    parser.add_argument("--output", default=os.path.join(root, "Sources", "Sandbox", "BuiltInSchemaTable+Text.swift"))
    parser.add_argument("--stdout", action="store_true", help="print instead of writing --output")
    args = parser.parse_args()
    source = swift_source(Generator(args.openapi).table())
    if args.stdout:
        sys.stdout.write(source)
    else:
        with open(args.output, "w") as handle:
            handle.write(source)


if __name__ == "__main__":
    main()
