# Facts about a notebook's code cells that the static contract check needs, from CPython's own
# parser: the reference ParserCodeFacts (the Java parser) is tested against (CpythonCodeFacts.java).
# stdin: {"cells": [{"index": i, "source": "..."}], "parameters_cell": i, "names": [...]}
# stdout: {"cells": [{"index", "error", "assignments", "events", "strings"}]}
#   assignments: top-level assignments of the parameters cell, with literal values
#   events: loads and module-level stores of the given names, in execution order
#   strings: string constants, and f-strings with each {...} replaced by "*"
import ast
import json
import sys


def parse(source):
    try:
        return ast.parse(source), None
    except SyntaxError as error:
        first = error
    try:  # IPython magics and shell escapes: IPython's own transformer keeps line numbers
        from IPython.core.inputtransformer2 import TransformerManager
        return ast.parse(TransformerManager().transform_cell(source)), None
    except Exception:
        return None, first


def column(lines, node):
    line = lines[node.lineno - 1] if 0 < node.lineno <= len(lines) else ""
    return len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "ignore")) + 1


class Events(ast.NodeVisitor):
    """Loads and stores of the watched names, in the order Python evaluates them. Stores inside
    functions, lambdas, classes and comprehensions are local and not recorded."""

    def __init__(self, names, lines):
        self.names, self.lines, self.events, self.local = names, lines, [], 0

    def add(self, name, kind, node):
        if name in self.names and (kind == "load" or self.local == 0):
            self.events.append({"name": name, "kind": kind, "line": node.lineno, "column": column(self.lines, node)})

    def visit_Name(self, node):
        self.add(node.id, "load" if isinstance(node.ctx, ast.Load) else "store", node)

    def visit_Assign(self, node):
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node):
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self.add(node.target.id, "load", node.target)
        self.visit(node.target)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.visit(node.value)
            self.visit(node.target)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node):
        self.visit(node.iter)
        self.visit(node.target)
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node):
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self.visit(item.optional_vars)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.add(node.name, "store", node)
        for statement in node.body:
            self.visit(statement)

    def visit_Import(self, node):
        for alias in node.names:
            self.add(alias.asname or alias.name.split(".")[0], "store", node)

    visit_ImportFrom = visit_Import

    def scoped(self, node, before, body, name=None):
        for child in before:
            self.visit(child)
        self.local += 1
        for child in body:
            self.visit(child)
        self.local -= 1
        if name:
            self.add(name, "store", node)

    def visit_FunctionDef(self, node):
        args = node.args
        self.scoped(node, node.decorator_list + args.defaults + [d for d in args.kw_defaults if d], node.body, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.scoped(node, node.decorator_list + node.bases + [k.value for k in node.keywords], node.body, node.name)

    def visit_Lambda(self, node):
        self.scoped(node, node.args.defaults + [d for d in node.args.kw_defaults if d], [node.body])

    def comprehension(self, node, elements):
        self.visit(node.generators[0].iter)
        self.local += 1
        for index, generator in enumerate(node.generators):
            if index:
                self.visit(generator.iter)
            self.visit(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        for element in elements:
            self.visit(element)
        self.local -= 1

    def visit_ListComp(self, node):
        self.comprehension(node, [node.elt])

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self.comprehension(node, [node.key, node.value])


def strings(tree):
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append("".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values))
    return found


def literal(node):
    try:
        value = ast.literal_eval(node)
    except Exception:
        return {"literal": False}
    try:
        encoded = json.loads(json.dumps(value))
    except Exception:
        encoded = None
    return {"literal": True, "type": type(value).__name__, "value": encoded}


def assignments(tree, lines):
    found = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                found.append({"name": target.id, "line": target.lineno, "column": column(lines, target), **literal(value)})
    return found


def main():
    request = json.load(sys.stdin)
    names = set(request["names"])
    result = []
    for cell in request["cells"]:
        source = cell["source"]
        lines = source.splitlines()
        tree, error = parse(source)
        facts = {"index": cell["index"], "error": None, "assignments": [], "events": [], "strings": []}
        if tree is None:
            facts["error"] = {"line": error.lineno or 0, "column": error.offset or 0, "message": error.msg}
        else:
            if cell["index"] == request["parameters_cell"]:
                facts["assignments"] = assignments(tree, lines)
            events = Events(names, lines)
            events.visit(tree)
            facts["events"] = events.events
            facts["strings"] = strings(tree)
        result.append(facts)
    json.dump({"cells": result}, sys.stdout)


main()
