package dev.jupyship.contract;

import dev.jupyship.run.CellFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Interface test reports as JUnit XML for CI: one {@code testsuite} per notebook, one
 * {@code testcase} per check, a {@code failure} with the message (and, for a failing cell, its
 * source and traceback). Text that XML 1.0 cannot hold (control characters) is dropped.
 */
public final class JUnitXml {

    private JUnitXml() {
    }

    public static void write(List<InterfaceTestReport> reports, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "jupyship interface tests");
            xml.writeAttribute("tests", String.valueOf(reports.stream().mapToInt(r -> r.checks().size()).sum()));
            xml.writeAttribute("failures", String.valueOf(reports.stream().mapToInt(r -> r.failures().size()).sum()));
            xml.writeAttribute("time", seconds(reports.stream().mapToLong(r -> r.timings().totalMillis()).sum()));
            for (InterfaceTestReport report : reports) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", clean(report.notebook()));
                xml.writeAttribute("tests", String.valueOf(report.checks().size()));
                xml.writeAttribute("failures", String.valueOf(report.failures().size()));
                xml.writeAttribute("errors", "0");
                xml.writeAttribute("skipped", "0");
                xml.writeAttribute("time", seconds(report.timings().totalMillis()));
                for (Check check : report.checks()) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", clean(report.notebook()));
                    xml.writeAttribute("name", clean(check.name()));
                    if (check.name().equals("run")) {
                        xml.writeAttribute("time", seconds(report.timings().runMillis()));
                    }
                    if (!check.passed()) {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", clean(check.message()));
                        xml.writeAttribute("type", clean(check.name()));
                        xml.writeCharacters(clean(failureText(check)));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n    ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean("verdict: " + report.verdict().name().toLowerCase(Locale.ROOT)
                        + "\nworking folder: " + report.workDir()
                        + (report.executedNotebook() == null ? "" : "\nexecuted notebook: " + report.executedNotebook())));
                xml.writeEndElement();
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The failure body: the message, then the failing cell and its traceback or the findings. */
    static String failureText(Check check) {
        StringBuilder text = new StringBuilder(check.message());
        if (check.detail() instanceof CellFailure failure) {
            text.append("\n\ncell ").append(failure.cell()).append(":\n").append(failure.source() == null ? "" : failure.source().indent(4));
            if (!failure.traceback().isEmpty()) {
                text.append('\n').append(String.join("\n", failure.traceback()));
            }
        } else if (check.detail() instanceof List<?> items) {
            for (Object item : items) {
                text.append("\n").append(item);
            }
        }
        return text.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Drops the characters XML 1.0 forbids (ANSI escapes included). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
