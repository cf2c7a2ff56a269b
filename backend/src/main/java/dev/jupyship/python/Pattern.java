package dev.jupyship.python;

import java.util.List;

/** The patterns of {@code match} statements (PEP 634). Names they capture are plain strings with a span. */
public sealed interface Pattern extends Node {

    /** A literal or dotted value: {@code 1}, {@code "a"}, {@code -1+2j}, {@code Color.RED}. */
    record MatchValue(Span span, Expr value) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    /** {@code None}, {@code True}, {@code False}. */
    record MatchSingleton(Span span, Expr.NamedConstant value) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    record MatchSequence(Span span, List<Pattern> patterns) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(patterns);
        }
    }

    /** {@code {key: pattern, **rest}}; {@code rest} may be null. */
    record MatchMapping(Span span, List<Expr> keys, List<Pattern> patterns, Part.Identifier rest) implements Pattern {
        public List<Node> children() {
            java.util.ArrayList<Object> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                pairs.add(keys.get(i));
                pairs.add(patterns.get(i));
            }
            pairs.add(rest);
            return Node.childrenOf(pairs);
        }
    }

    record MatchClass(Span span, Expr cls, List<Pattern> patterns, List<Part.Identifier> keywordNames,
            List<Pattern> keywordPatterns) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(cls, patterns, keywordNames, keywordPatterns);
        }
    }

    /** {@code *name} or {@code *_} (name null). */
    record MatchStar(Span span, Part.Identifier name) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(name);
        }
    }

    /** A capture {@code name}, the wildcard {@code _} (both null), or {@code pattern as name}. */
    record MatchAs(Span span, Pattern pattern, Part.Identifier name) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(pattern, name);
        }
    }

    record MatchOr(Span span, List<Pattern> patterns) implements Pattern {
        public List<Node> children() {
            return Node.childrenOf(patterns);
        }
    }
}
