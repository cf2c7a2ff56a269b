package dev.jupyship.review;

import dev.jupyship.notebook.Cell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.Sequence;
import org.eclipse.jgit.diff.SequenceComparator;

/**
 * Pairs the cells of two versions of a notebook: by cell id where both versions have ids (nbformat
 * 4.5), otherwise by a histogram diff of the cell sources, so that a moved or edited cell does not
 * make every cell after it look changed.
 */
final class CellAlignment {

    record Pair(Cell before, Cell after) {
    }

    private CellAlignment() {
    }

    static List<Pair> align(List<Cell> before, List<Cell> after) {
        if (allHaveIds(before) && allHaveIds(after)) {
            Map<String, Cell> byId = new HashMap<>();
            before.forEach(cell -> byId.put(cell.id(), cell));
            List<Pair> pairs = new ArrayList<>();
            for (Cell cell : after) {
                Cell old = byId.get(cell.id());
                if (old != null) {
                    pairs.add(new Pair(old, cell));
                }
            }
            return pairs;
        }
        return alignBySource(before, after);
    }

    private static boolean allHaveIds(List<Cell> cells) {
        return cells.stream().allMatch(cell -> cell.id() != null);
    }

    private static List<Pair> alignBySource(List<Cell> before, List<Cell> after) {
        CellSequence a = new CellSequence(before);
        CellSequence b = new CellSequence(after);
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(CellSequence.COMPARATOR, a, b);
        List<Pair> pairs = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (Edit edit : edits) {
            while (i < edit.getBeginA()) {
                pairs.add(new Pair(before.get(i++), after.get(j++)));
            }
            // An edited cell keeps its place: pair replaced cells position by position.
            int replaced = Math.min(edit.getLengthA(), edit.getLengthB());
            for (int k = 0; k < replaced; k++) {
                pairs.add(new Pair(before.get(edit.getBeginA() + k), after.get(edit.getBeginB() + k)));
            }
            i = edit.getEndA();
            j = edit.getEndB();
        }
        while (i < before.size()) {
            pairs.add(new Pair(before.get(i++), after.get(j++)));
        }
        return pairs;
    }

    private static final class CellSequence extends Sequence {
        static final SequenceComparator<CellSequence> COMPARATOR = new SequenceComparator<>() {
            @Override
            public boolean equals(CellSequence a, int ai, CellSequence b, int bi) {
                return a.sources[ai].equals(b.sources[bi]) && a.types[ai].equals(b.types[bi]);
            }

            @Override
            public int hash(CellSequence seq, int index) {
                return Objects.hash(seq.sources[index], seq.types[index]);
            }
        };

        private final String[] sources;
        private final String[] types;

        CellSequence(List<Cell> cells) {
            sources = cells.stream().map(Cell::source).toArray(String[]::new);
            types = cells.stream().map(Cell::type).toArray(String[]::new);
        }

        @Override
        public int size() {
            return sources.length;
        }
    }
}
