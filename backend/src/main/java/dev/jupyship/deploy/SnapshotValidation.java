package dev.jupyship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.contract.Contract;
import dev.jupyship.errors.BadInput;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot checked against its contract parameter's {@code validate} before a run reads it: its
 * columns, the share of empty values in each, and how far each watched column's mean moved from the
 * previous version. Read from the profiles the versions' {@code _snapshot.json} record (the
 * write-snapshot snippet writes them with the data), so no data is read here, whatever its size.
 */
final class SnapshotValidation {

    private SnapshotValidation() {
    }

    /**
     * The checks passed, one sentence each; {@link BadInput} naming every one that failed.
     *
     * @param previous the previous version's {@code _snapshot.json}, or null when this is the first
     */
    static List<String> check(String parameter, String root, String version, Contract.SnapshotChecks checks, JsonNode marker,
                              String previousVersion, JsonNode previous) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        marker.path("columns").forEach(column -> columns.add(column.asText()));
        if (!checks.columns().isEmpty()) {
            List<String> missing = checks.columns().stream().filter(column -> !columns.contains(column)).toList();
            if (missing.isEmpty()) {
                passed.add("has the columns " + String.join(", ", checks.columns()));
            } else {
                failed.add("lacks the column(s) " + String.join(", ", missing) + " (it has " + String.join(", ", columns) + ")");
            }
        }
        JsonNode profile = marker.path("profile");
        boolean needsProfile = checks.maxNullFraction() != null || !checks.maxMeanChange().isEmpty();
        if (needsProfile && !profile.isObject()) {
            failed.add("its _snapshot.json records no profile of its columns (the write-snapshot snippet writes one)");
        } else {
            nulls(checks, marker, profile, columns, passed, failed);
            means(checks, profile, previousVersion, previous, passed, failed);
        }
        if (!failed.isEmpty()) {
            throw new BadInput(parameter + ": snapshot " + version + " of " + root + " fails its contract's validation: " + String.join("; ", failed)
                    + ". Write a corrected version, or deploy with an earlier one (" + parameter + "=<version>)");
        }
        return List.copyOf(passed);
    }

    private static void nulls(Contract.SnapshotChecks checks, JsonNode marker, JsonNode profile, List<String> columns, List<String> passed,
                              List<String> failed) {
        if (checks.maxNullFraction() == null) {
            return;
        }
        long rows = marker.path("rows").asLong(0);
        double worst = 0;
        int before = failed.size();
        for (String column : columns) {
            long empty = profile.path(column).path("nulls").asLong(0);
            double share = rows == 0 ? 0 : (double) empty / rows;
            worst = Math.max(worst, share);
            if (share > checks.maxNullFraction()) {
                failed.add("column " + column + " is " + percent(share) + " empty (" + empty + " of " + rows + " rows), more than the "
                        + percent(checks.maxNullFraction()) + " allowed");
            }
        }
        if (failed.size() == before) {
            passed.add("no column more than " + percent(checks.maxNullFraction()) + " empty (at most " + percent(worst) + ")");
        }
    }

    private static void means(Contract.SnapshotChecks checks, JsonNode profile, String previousVersion, JsonNode previous, List<String> passed,
                              List<String> failed) {
        for (Map.Entry<String, Double> watched : checks.maxMeanChange().entrySet()) {
            String column = watched.getKey();
            JsonNode mean = profile.path(column).path("mean");
            if (!mean.isNumber()) {
                failed.add("column " + column + " has no numeric mean in its profile (is it a numeric column?)");
                continue;
            }
            JsonNode then = previous == null ? null : previous.path("profile").path(column).path("mean");
            if (then == null || !then.isNumber()) {
                passed.add(column + " mean " + show(mean.asDouble()) + ": no earlier version to compare with"
                        + (previousVersion == null ? "" : " (" + previousVersion + " records no mean of it)"));
                continue;
            }
            double now = mean.asDouble();
            double before = then.asDouble();
            double change = before == 0 ? Math.abs(now) : Math.abs(now - before) / Math.abs(before);
            String moved = column + " mean " + show(now) + " moved " + percent(change) + " from " + show(before) + " in " + previousVersion;
            if (change > watched.getValue()) {
                failed.add(moved + ", more than the " + percent(watched.getValue()) + " allowed");
            } else {
                passed.add(moved + " (at most " + percent(watched.getValue()) + ")");
            }
        }
    }

    private static String show(double value) {
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String percent(double share) {
        return show(share * 100) + "%";
    }
}
