package dev.jupyship.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The streaming reader gives the tree the TOML module's mapper gives, for every kind of value a config holds. */
class TomlTreesTest {

    @Test
    void readsWhatTheMapperReads() throws Exception {
        String toml = """
                title = "runs"  # a comment
                [tool.jupyship.lint]
                select = ["JS", 'F']
                severity = { JS104 = "warning" }
                [tool.jupyship.lint.settings]
                JS105 = { max-output-kb = 100, ratio = 0.5, huge = 123456789012345678901234567890, on = true }
                [[servers]]
                name = "a"
                [[servers]]
                name = "b"
                """;
        assertEquals(new TomlMapper().readTree(toml).toString(), TomlTrees.read(toml).toString());
        assertEquals("{}", TomlTrees.read("").toString());
        assertEquals("2026-12-07", TomlTrees.read("day = 2026-12-07").get("day").asText());
    }

    @Test
    void invalidTomlIsAnIoExceptionNamingWhere() {
        IOException bad = assertThrows(IOException.class, () -> TomlTrees.read("[tool.jupyship.lint\nselect = ["));
        assertEquals(true, bad.getMessage().contains("line: 1"), bad.getMessage());
    }
}
