package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.run.CellFailure;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** JUnit XML stays well-formed whatever the notebook printed (ANSI colours, control characters, markup). */
class JUnitXmlTest {

    @TempDir
    Path folder;

    @Test
    void wellFormedWithHostileText() throws Exception {
        CellFailure failure = new CellFailure(3, "print('<&>')\n1/0", "ZeroDivisionError", "division by zero \u001b[31m\u0000",
                List.of("\u001b[31mTraceback\u001b[0m <b>&amp;", "ZeroDivisionError: division by zero"));
        InterfaceTestReport failed = new InterfaceTestReport("nb <1>.ipynb", InterfaceTestReport.Verdict.FAILED,
                List.of(Check.pass("contract", "ok"), Check.fail("run", "cell 3 raised \u001b[1mZeroDivisionError\u0007", failure)),
                folder, null, new InterfaceTestReport.Timings(1, 2000, 0, 2100));
        InterfaceTestReport passed = new InterfaceTestReport("b.ipynb", InterfaceTestReport.Verdict.PASSED,
                List.of(Check.pass("contract", "ok")), folder, folder.resolve("executed.ipynb"), new InterfaceTestReport.Timings(1, 1, 1, 3));
        Path file = folder.resolve("out/junit.xml");
        JUnitXml.write(List.of(failed, passed), file);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("3", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals(2, xml.getElementsByTagName("testsuite").getLength());
        Element failureElement = (Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("cell 3 raised [1mZeroDivisionError", failureElement.getAttribute("message"));
        assertEquals(true, failureElement.getTextContent().contains("print('<&>')"));
    }
}
