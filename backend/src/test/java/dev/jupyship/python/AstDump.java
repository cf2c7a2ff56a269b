package dev.jupyship.python;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Collectors;

/** A compact, span-free text form of a tree for tests: {@code BinOp(Name(a LOAD) + Name(b LOAD))}. */
final class AstDump {

    private AstDump() {
    }

    static String dump(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            return "[" + list.stream().map(AstDump::dump).collect(Collectors.joining(", ")) + "]";
        }
        if (value instanceof Span) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Character c) {
            return c == 0 ? "-" : c.toString();
        }
        if (!(value instanceof Record record)) {
            return String.valueOf(value);
        }
        StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('(');
        boolean first = true;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getType() == Span.class) {
                continue;
            }
            try {
                Object field = component.getAccessor().invoke(record);
                if (!first) {
                    out.append(' ');
                }
                first = false;
                out.append(dump(field));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.append(')').toString();
    }

    /** The dump of a one-statement module's only statement. */
    static String statement(String source) {
        PythonModule module = PythonParser.parse(source);
        if (module.body().size() != 1) {
            throw new AssertionError("expected one statement, got " + dump(module.body()));
        }
        return dump(module.body().get(0));
    }

    /** The dump of an expression statement's expression. */
    static String expression(String source) {
        PythonModule module = PythonParser.parse(source);
        if (module.body().size() != 1 || !(module.body().get(0) instanceof Stmt.ExprStmt stmt)) {
            throw new AssertionError("expected one expression statement, got " + dump(module.body()));
        }
        return dump(stmt.value());
    }
}
