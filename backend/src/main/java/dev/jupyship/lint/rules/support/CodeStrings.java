package dev.jupyship.lint.rules.support;

import dev.jupyship.python.AstVisitor;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The string values a notebook's Python code computes with, for rules that look for paths and
 * secrets in them. Docstrings and other bare string statements are left out: they are prose, never
 * used. An f-string is one value, its replacement fields shown as {@link #FIELD}, so a rule can tell
 * {@code f"/home/{user}"} from {@code f"{root}/home"}.
 */
public final class CodeStrings {

    /** Stands for a replacement field of an f-string in {@link CodeString#text()}. */
    public static final char FIELD = '\u0000';

    /** A string literal or f-string: where it is and its value. */
    public record CodeString(ParsedCell cell, Expr node, String text) {
    }

    private CodeStrings() {
    }

    public static List<CodeString> of(ModuleAnalysis python) {
        List<CodeString> strings = new ArrayList<>();
        for (ParsedCell cell : python.cells()) {
            new AstVisitor() {
                @Override
                protected boolean enter(Node node) {
                    if (node instanceof Stmt.ExprStmt statement
                            && (statement.value() instanceof Expr.StringLiteral || statement.value() instanceof Expr.JoinedStr)) {
                        return false;
                    }
                    if (node instanceof Expr.StringLiteral literal && !literal.bytes()) {
                        strings.add(new CodeString(cell, literal, literal.value()));
                    } else if (node instanceof Expr.JoinedStr joined) {
                        StringBuilder text = new StringBuilder();
                        for (Expr part : joined.values()) {
                            if (part instanceof Expr.StringLiteral literal) {
                                text.append(literal.value());
                            } else {
                                text.append(FIELD);
                            }
                        }
                        strings.add(new CodeString(cell, joined, text.toString()));
                        return false;
                    }
                    return true;
                }
            }.walk(cell.body());
        }
        return strings;
    }
}
