package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small notebooks for deploy tests: a parameters cell, then code cells. */
public final class TinyNotebooks {

    private TinyNotebooks() {
    }

    public static Path write(Path file, String parameters, String... cells) throws IOException {
        ObjectNode nb = Jsons.MAPPER.createObjectNode();
        ArrayNode list = nb.putArray("cells");
        ObjectNode first = cell(list, parameters);
        first.putObject("metadata").putArray("tags").add("parameters");
        for (String source : cells) {
            cell(list, source);
        }
        ObjectNode metadata = nb.putObject("metadata");
        ObjectNode kernel = metadata.putObject("kernelspec");
        kernel.put("name", "python3").put("display_name", "Python 3").put("language", "python");
        metadata.putObject("language_info").put("name", "python");
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(nb));
        return file;
    }

    /** Declares a contract (JSON text, as in docs/contract.md) in the notebook's metadata. */
    public static Path withContract(Path file, String contract) throws IOException {
        ObjectNode nb = (ObjectNode) Jsons.MAPPER.readTree(file.toFile());
        ((ObjectNode) nb.get("metadata")).putObject("jupyship").set("contract", Jsons.MAPPER.readTree(contract));
        Files.writeString(file, Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(nb));
        return file;
    }

    private static ObjectNode cell(ArrayNode list, String source) {
        ObjectNode cell = list.addObject();
        cell.put("cell_type", "code").put("id", "c" + list.size()).put("source", source);
        cell.putNull("execution_count");
        cell.putObject("metadata");
        cell.putArray("outputs");
        return cell;
    }

    /** Writes metrics.json to output_dir. */
    public static final String WRITE_METRICS = "import json, os\nos.makedirs(output_dir, exist_ok=True)\n"
            + "json.dump({'score': score}, open(os.path.join(output_dir, 'metrics.json'), 'w'))\n"
            + "open(os.path.join(output_dir, 'model.txt'), 'w').write('m')\nprint('done', score)";
}
