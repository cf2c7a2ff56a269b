package dev.jupyship.snippets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranked search over a catalog's snippets: BM25F over id, title, tags, category, description, prose
 * and code (each field with its own weight and length normalisation), with a light English stemmer,
 * and the last word of the query also matched as a prefix so results follow as one types.
 *
 * <p>Built once per catalog load and immutable; a query walks the postings of its few terms into
 * one score array, which takes microseconds for a thousand snippets. A library (Lucene) would add
 * megabytes for what fits in this one class.
 */
public final class SnippetSearch {

    /** A result: the snippet and its score (0 when the query was empty and everything is listed). */
    public record Hit(Snippet snippet, double score) {
    }

    private enum Field {
        ID(2.0), TITLE(3.0), TAGS(2.5), CATEGORY(1.0), DESCRIPTION(1.5), PROSE(0.7), CODE(0.4);

        final double weight;

        Field(double weight) {
            this.weight = weight;
        }
    }

    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final double PREFIX_WEIGHT = 0.6;
    private static final int MAX_PREFIX_TERMS = 24;
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "with",
            "from", "by", "is", "it", "as", "at", "be", "this", "that", "its", "into", "how", "i", "my", "we");

    private final Snippet[] snippets;
    private final Map<String, Posting> postings = new HashMap<>();
    private final String[] vocabulary;

    /** The documents holding one term, and the term's field-weighted, length-normalised frequency in each. */
    private record Posting(int[] docs, float[] frequencies, double idf) {
    }

    public SnippetSearch(Collection<Snippet> all) {
        this.snippets = all.toArray(new Snippet[0]);
        int n = snippets.length;
        List<Map<Field, List<String>>> fields = new ArrayList<>(n);
        double[] totalLength = new double[Field.values().length];
        for (Snippet snippet : snippets) {
            Map<Field, List<String>> terms = new HashMap<>();
            terms.put(Field.ID, terms(snippet.id()));
            terms.put(Field.TITLE, terms(snippet.title()));
            terms.put(Field.TAGS, terms(String.join(" ", snippet.tags())));
            terms.put(Field.CATEGORY, terms(snippet.category()));
            terms.put(Field.DESCRIPTION, terms(snippet.description()));
            StringBuilder prose = new StringBuilder(snippet.notes());
            StringBuilder code = new StringBuilder();
            for (SnippetCell cell : snippet.insertedCells()) {
                (cell.kind() == SnippetCell.Kind.MARKDOWN ? prose : code).append('\n').append(cell.source());
            }
            terms.put(Field.PROSE, terms(prose.toString()));
            terms.put(Field.CODE, terms(code.toString()));
            terms.forEach((field, list) -> totalLength[field.ordinal()] += list.size());
            fields.add(terms);
        }
        double[] averageLength = new double[totalLength.length];
        for (int f = 0; f < totalLength.length; f++) {
            averageLength[f] = n == 0 ? 1 : Math.max(1, totalLength[f] / n);
        }
        Map<String, List<float[]>> building = new HashMap<>();
        for (int doc = 0; doc < n; doc++) {
            Map<String, Double> weighted = new HashMap<>();
            for (Map.Entry<Field, List<String>> entry : fields.get(doc).entrySet()) {
                Field field = entry.getKey();
                double norm = 1 - B + B * entry.getValue().size() / averageLength[field.ordinal()];
                for (String term : entry.getValue()) {
                    weighted.merge(term, field.weight / norm, Double::sum);
                }
            }
            for (Map.Entry<String, Double> entry : weighted.entrySet()) {
                building.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(new float[] {doc, entry.getValue().floatValue()});
            }
        }
        for (Map.Entry<String, List<float[]>> entry : building.entrySet()) {
            List<float[]> list = entry.getValue();
            int[] docs = new int[list.size()];
            float[] frequencies = new float[list.size()];
            for (int i = 0; i < docs.length; i++) {
                docs[i] = (int) list.get(i)[0];
                frequencies[i] = list.get(i)[1];
            }
            double idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
            postings.put(entry.getKey(), new Posting(docs, frequencies, idf));
        }
        vocabulary = postings.keySet().toArray(new String[0]);
        Arrays.sort(vocabulary);
    }

    /**
     * @param query    words; empty lists every snippet that passes the filters, by title
     * @param category only this category, or null
     * @param tags     only snippets with all of these tags (may be empty)
     * @param limit    at most this many hits
     */
    public List<Hit> search(String query, String category, Collection<String> tags, int limit) {
        boolean[] allowed = filter(category, tags);
        List<String> words = words(query == null ? "" : query);
        List<Hit> hits = new ArrayList<>();
        if (words.isEmpty()) {
            for (int doc = 0; doc < snippets.length; doc++) {
                if (allowed[doc]) {
                    hits.add(new Hit(snippets[doc], 0));
                }
            }
            hits.sort(Comparator.comparing((Hit h) -> h.snippet().category()).thenComparing(h -> h.snippet().title()));
            return hits.size() > limit ? hits.subList(0, limit) : hits;
        }
        double[] scores = new double[snippets.length];
        Set<String> exact = new LinkedHashSet<>();
        for (String word : words) {
            String term = stem(word);
            if (!term.isEmpty()) {
                exact.add(term);
            }
        }
        for (String term : exact) {
            add(scores, postings.get(term), 1.0);
        }
        // As one types, the last word is probably unfinished: also match it as a prefix.
        boolean typing = !query.isEmpty() && !Character.isWhitespace(query.charAt(query.length() - 1));
        String last = words.get(words.size() - 1);
        if (typing && last.length() >= 2) {
            int from = Arrays.binarySearch(vocabulary, last);
            from = from < 0 ? -from - 1 : from;
            for (int i = from, added = 0; i < vocabulary.length && added < MAX_PREFIX_TERMS && vocabulary[i].startsWith(last); i++) {
                if (!exact.contains(vocabulary[i])) {
                    add(scores, postings.get(vocabulary[i]), PREFIX_WEIGHT);
                    added++;
                }
            }
        }
        for (int doc = 0; doc < snippets.length; doc++) {
            if (allowed[doc] && scores[doc] > 0) {
                hits.add(new Hit(snippets[doc], scores[doc]));
            }
        }
        hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(h -> h.snippet().id()));
        return hits.size() > limit ? new ArrayList<>(hits.subList(0, limit)) : hits;
    }

    private static void add(double[] scores, Posting posting, double weight) {
        if (posting == null) {
            return;
        }
        for (int i = 0; i < posting.docs.length; i++) {
            double tf = posting.frequencies[i];
            scores[posting.docs[i]] += weight * posting.idf * tf * (K1 + 1) / (tf + K1);
        }
    }

    private boolean[] filter(String category, Collection<String> tags) {
        boolean[] allowed = new boolean[snippets.length];
        String wantedCategory = category == null || category.isBlank() ? null : category.strip().toLowerCase(Locale.ROOT);
        List<String> wantedTags = tags == null ? List.of() : tags.stream().map(t -> t.strip().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).toList();
        for (int doc = 0; doc < snippets.length; doc++) {
            Snippet snippet = snippets[doc];
            allowed[doc] = (wantedCategory == null || snippet.category().equals(wantedCategory))
                    && snippet.tags().containsAll(wantedTags);
        }
        return allowed;
    }

    /** Lowercase words of a text, identifiers split at '_' and camelCase, stop words left out. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = ' ';
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean alnum = Character.isLetterOrDigit(c);
            boolean camelBreak = alnum && Character.isUpperCase(c) && Character.isLowerCase(previous);
            if ((!alnum || camelBreak) && word.length() > 0) {
                String w = word.toString();
                if (!STOP_WORDS.contains(w)) {
                    words.add(w);
                }
                word.setLength(0);
            }
            if (alnum) {
                word.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        return words;
    }

    private static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : words(text == null ? "" : text)) {
            terms.add(stem(word));
        }
        return terms;
    }

    /** A light stemmer: plurals, -ing and -ed, a final e; enough for "seeds"/"seed", "saving"/"save". */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 4 && w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.length() > 4 && w.endsWith("ied")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = undouble(w.substring(0, w.length() - 2));
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n > 2 && w.charAt(n - 1) == w.charAt(n - 2) && "bdfglmnprt".indexOf(w.charAt(n - 1)) >= 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    public int size() {
        return snippets.length;
    }
}
