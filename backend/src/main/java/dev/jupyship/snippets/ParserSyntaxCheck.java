package dev.jupyship.snippets;

import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Python syntax checked by jupyship's own parser (the one lint uses), IPython magics allowed: no
 * Python process needed, so the sidecar checks every snippet it loads. It agrees with CPython on
 * every cell of the shared corpus.
 */
public final class ParserSyntaxCheck implements PythonSyntaxCheck {

    @Override
    public List<SyntaxError> check(List<Source> sources) {
        List<SyntaxError> errors = new ArrayList<>();
        for (Source source : sources) {
            ParsedCell parsed = ParsedCell.parse(0, source.code());
            if (!parsed.isPython()) {
                continue;
            }
            List<Stmt.ErrorStmt> found = parsed.module().errors();
            if (!found.isEmpty()) {
                Stmt.ErrorStmt first = found.get(0);
                errors.add(new SyntaxError(source.key(), first.errorAt().startLine() + 1, first.message()));
            }
        }
        return errors;
    }
}
