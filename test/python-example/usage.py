"""Lists what a CDK Python app uses from its imported modules, for a check against jsii assemblies.

    python3 usage.py <app.py>

Prints JSON: {"imports": {...}, "uses": [{"line": n, "chain": [...]}, ...]}. A chain starts at an
imported module or name ({"name": "aws_cdk.aws_s3"}) and continues with attribute accesses
({"attr": "Bucket"}) and calls ({"call": {"positional": 2, "keywords": ["encryption", ...]}}). A
local variable stands for the chain it was assigned (`bucket = s3.Bucket(...)`, `self.role = ...`,
`for b in [x, y]` when x and y have the same chain). Only the standard library's `ast` is used: the
app is read, never run.
"""
import ast
import json
import sys


def analyse(source, filename="<app>"):
    tree = ast.parse(source, filename)
    imports = {}
    variables = {}
    uses = []

    def chain(node):
        if isinstance(node, ast.Name):
            if node.id in variables:
                return list(variables[node.id])
            if node.id in imports:
                return [{"name": imports[node.id]}]
            return None
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                key = "self." + node.attr
                return list(variables[key]) if key in variables else None
            base = chain(node.value)
            return None if base is None else base + [{"attr": node.attr}]
        if isinstance(node, ast.Call):
            base = chain(node.func)
            if base is None:
                return None
            return base + [{"call": {
                "positional": sum(1 for a in node.args if not isinstance(a, ast.Starred)),
                "keywords": [k.arg for k in node.keywords if k.arg is not None],
                "unpacked": any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords),
            }}]
        return None

    class Visitor(ast.NodeVisitor):
        def visit_Import(self, node):
            for alias in node.names:
                imports[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]

        def visit_ImportFrom(self, node):
            for alias in node.names:
                imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"

        def visit_Assign(self, node):
            self.visit(node.value)
            value = chain(node.value)
            for target in node.targets:
                name = target_name(target)
                if name is not None:
                    if value is None:
                        variables.pop(name, None)
                    else:
                        variables[name] = value

        def visit_For(self, node):
            self.visit(node.iter)
            name = target_name(node.target)
            if name is not None and isinstance(node.iter, (ast.List, ast.Tuple)):
                chains = [chain(e) for e in node.iter.elts]
                if chains and all(c is not None and c == chains[0] for c in chains):
                    variables[name] = chains[0]
            for statement in node.body + node.orelse:
                self.visit(statement)

        def visit_Call(self, node):
            record(node)
            for argument in node.args:
                self.visit(argument)
            for keyword in node.keywords:
                self.visit(keyword.value)
            self.visit_inner(node.func)

        def visit_Attribute(self, node):
            record(node)
            self.visit_inner(node.value)

        def visit_inner(self, node):
            # The callee or the object of an attribute is part of the recorded chain; only calls
            # inside it (arguments) need a visit of their own.
            if isinstance(node, ast.Call):
                for argument in node.args:
                    self.visit(argument)
                for keyword in node.keywords:
                    self.visit(keyword.value)
                self.visit_inner(node.func)
            elif isinstance(node, ast.Attribute):
                self.visit_inner(node.value)
            elif not isinstance(node, ast.Name):
                self.visit(node)

    def target_name(target):
        if isinstance(target, ast.Name):
            return target.id
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            return "self." + target.attr
        return None

    def record(node):
        c = chain(node)
        if c is not None and len(c) > 1:
            uses.append({"line": node.lineno, "chain": c})

    Visitor().visit(tree)
    return {"imports": imports, "uses": uses}


if __name__ == "__main__":
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        print(json.dumps(analyse(f.read(), path), indent=1))
