package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.cli.Main;
import dev.jupyship.testing.PythonEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code jupyship test} with JUnit XML: a passing and a failing notebook. */
class CliTestCommandIT {

    @TempDir
    Path work;

    @Test
    void printsResultsWritesJUnitXmlAndExitsOneOnFailure() throws Exception {
        Examples.python();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path xml = work.resolve("junit.xml");
        int exit = Main.run(new String[] {"test", "--venv", PythonEnv.root().toString(), "--work-dir", work.resolve("runs").toString(),
                "--junit-xml", xml.toString(), Examples.root().resolve("quickstart.ipynb").toString(),
                Examples.root().resolve("broken/cell_error.ipynb").toString(),
                Examples.root().resolve("broken/parameter_reassigned.ipynb").toString()},
                new PrintWriter(out), new PrintWriter(err));
        String text = out.toString();
        assertEquals(1, exit, text + err);
        assertTrue(text.contains("PASSED " + Examples.root().resolve("quickstart.ipynb")), text);
        assertTrue(text.contains("FAIL run: cell 4 raised ValueError: no training data for 5 rows"), text);
        assertTrue(text.contains("raise ValueError('no training data for ' + str(n) + ' rows')"), text);
        assertTrue(text.contains("JS605"), text);
        assertTrue(text.contains("3 notebooks tested: 1 passed, 2 failed"), text);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals(3, document.getElementsByTagName("testsuite").getLength());
        assertTrue(Integer.parseInt(document.getDocumentElement().getAttribute("failures")) >= 2);
    }
}
