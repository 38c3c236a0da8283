package dev.sluice.apply.schema;

import dev.sluice.apply.schema.CheckTokenizer.Token;
import dev.sluice.apply.schema.CheckTokenizer.Type;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ColumnSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB's CHECK_CLAUSE (printed normalized: columns in backticks, lower-case keywords, != as <>)
 * to a PostgreSQL CHECK expression, for the subset whose meaning is the same in both: comparisons,
 * AND/OR/NOT, IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN, + - *, abs(), char_length(), over numeric,
 * date, timestamp-without-time-zone and interval columns. Everything else is refused with a reason,
 * because a check that is stricter in PostgreSQL than in MariaDB would reject rows the source
 * accepted and stop the sync: string comparisons (MariaDB's collations ignore case and trailing
 * spaces), division (exact in MariaDB, truncating on PostgreSQL integers), numbers used as
 * conditions, timestamps with time zone against literals (zone-dependent), other functions.
 * The output is fully parenthesized, so operator precedence cannot differ.
 */
final class CheckTranslator {

    private static final Pattern JSON_VALID = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)", Pattern.CASE_INSENSITIVE);
    private static final List<String> COMPARISONS = List.of("=", "<>", "!=", "<", "<=", ">", ">=");

    /** @param sql the PostgreSQL expression, or null when nothing is created; @param refused why, or null when nothing is lost */
    record Result(String sql, String refused) {
    }

    /** An expression and whether it is a condition (boolean) rather than a value. */
    private record Expr(String sql, boolean condition) {
    }

    /** Why a clause is not translated; thrown by the tokenizer and the parser. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    private final List<Token> tokens;
    private final Map<String, ColumnSchema> columns;
    private int pos;

    private CheckTranslator(List<Token> tokens, Map<String, ColumnSchema> columns) {
        this.tokens = tokens;
        this.columns = columns;
    }

    /** @param columns the selected columns, by source name */
    static Result translate(String clause, Map<String, ColumnSchema> columns) {
        Matcher json = JSON_VALID.matcher(clause.strip());
        if (json.matches()) {
            ColumnSchema c = columns.get(json.group(1).replace("``", "`"));
            if (c != null && TargetTypes.isJsonb(c.getTargetType())) {
                return new Result(null, null); // MariaDB's mark of a JSON column: jsonb enforces it already
            }
        }
        try {
            CheckTranslator parser = new CheckTranslator(CheckTokenizer.tokenize(clause), columns);
            Expr e = parser.or();
            if (parser.peek().type() != Type.END) {
                throw new Refused("unsupported syntax at '" + parser.peek().text() + "'");
            }
            if (!e.condition()) {
                throw new Refused("uses a value as a condition");
            }
            return new Result(e.sql(), null);
        } catch (Refused r) {
            return new Result(null, r.getMessage());
        }
    }

    private Expr or() throws Refused {
        Expr left = and();
        while (acceptWord("or")) {
            left = logical(left, "OR", and());
        }
        return left;
    }

    private Expr and() throws Refused {
        Expr left = not();
        while (acceptWord("and")) {
            left = logical(left, "AND", not());
        }
        return left;
    }

    private Expr not() throws Refused {
        if (acceptWord("not")) {
            Expr operand = not();
            requireCondition(operand);
            return new Expr("(NOT " + operand.sql() + ")", true);
        }
        return predicate();
    }

    private Expr predicate() throws Refused {
        Expr left = arithmetic();
        Token t = peek();
        if (t.type() == Type.OP && COMPARISONS.contains(t.text())) {
            pos++;
            Expr right = arithmetic();
            return new Expr("(" + value(left) + " " + (t.text().equals("!=") ? "<>" : t.text()) + " " + value(right) + ")", true);
        }
        if (acceptWord("is")) {
            boolean negated = acceptWord("not");
            expectWord("null");
            return new Expr("(" + value(left) + (negated ? " IS NOT NULL)" : " IS NULL)"), true);
        }
        boolean negated = false;
        if (isWord(peek(), "not") && (isWord(peekAt(1), "between") || isWord(peekAt(1), "in"))) {
            pos++;
            negated = true;
        }
        String not = negated ? " NOT" : "";
        if (acceptWord("between")) {
            Expr low = arithmetic();
            expectWord("and");
            Expr high = arithmetic();
            return new Expr("(" + value(left) + not + " BETWEEN " + value(low) + " AND " + value(high) + ")", true);
        }
        if (acceptWord("in")) {
            expect(Type.OPEN);
            List<String> items = new ArrayList<>();
            do {
                items.add(value(arithmetic()));
            } while (accept(Type.COMMA));
            expect(Type.CLOSE);
            return new Expr("(" + value(left) + not + " IN (" + String.join(", ", items) + "))", true);
        }
        return left;
    }

    private Expr arithmetic() throws Refused {
        Expr left = term();
        while (peek().type() == Type.OP && (peek().text().equals("+") || peek().text().equals("-"))) {
            String op = tokens.get(pos++).text();
            left = new Expr("(" + value(left) + " " + op + " " + value(term()) + ")", false);
        }
        return left;
    }

    private Expr term() throws Refused {
        Expr left = unary();
        while (peek().type() == Type.OP && List.of("*", "/", "%").contains(peek().text())) {
            String op = tokens.get(pos++).text();
            if (!op.equals("*")) {
                throw new Refused("division ('" + op + "' is exact in MariaDB, truncating on PostgreSQL integers)");
            }
            left = new Expr("(" + value(left) + " * " + value(unary()) + ")", false);
        }
        return left;
    }

    private Expr unary() throws Refused {
        if (peek().type() == Type.OP && peek().text().equals("-")) {
            pos++;
            return new Expr("(- " + value(unary()) + ")", false);
        }
        return primary();
    }

    private Expr primary() throws Refused {
        Token t = tokens.get(pos++);
        switch (t.type()) {
            case NUMBER:
                return new Expr(t.text(), false);
            case STRING:
                if (t.text().indexOf('\0') >= 0) {
                    throw new Refused("a NUL character in a string");
                }
                return new Expr(PgLiteral.string(t.text()), false);
            case COLUMN:
                return new Expr(column(t.text(), false), false);
            case OPEN: {
                Expr inner = or();
                expect(Type.CLOSE);
                return new Expr("(" + inner.sql() + ")", inner.condition());
            }
            case WORD:
                if (t.text().equals("null")) {
                    return new Expr("NULL", false);
                }
                if (peek().type() == Type.OPEN) {
                    return function(t.text());
                }
                throw new Refused("'" + t.text() + "'");
            default:
                throw new Refused("unsupported syntax at '" + t.text() + "'");
        }
    }

    private Expr function(String name) throws Refused {
        expect(Type.OPEN);
        String argument;
        if ((name.equals("char_length") || name.equals("character_length")) && peek().type() == Type.COLUMN
                && peekAt(1).type() == Type.CLOSE) {
            // Counting characters means the same in both (CHAR's trailing spaces never reach PostgreSQL).
            name = "char_length";
            argument = column(tokens.get(pos++).text(), true);
        } else if (name.equals("abs")) {
            argument = value(arithmetic());
        } else {
            throw new Refused("function " + name + "()");
        }
        expect(Type.CLOSE);
        return new Expr(name + "(" + argument + ")", false);
    }

    private String column(String source, boolean asCharLengthArgument) throws Refused {
        ColumnSchema c = columns.get(source);
        if (c == null) {
            throw new Refused("column " + source + " is not selected");
        }
        String type = c.getTargetType();
        boolean comparable = TargetTypes.isNumeric(type) || TargetTypes.isDate(type)
                || TargetTypes.isTimestampWithoutTimeZone(type) || TargetTypes.isInterval(type);
        boolean countable = asCharLengthArgument && TargetTypes.isCharacter(type);
        if (!comparable && !countable) {
            throw new Refused("column " + source + " is " + type + " in PostgreSQL, where the comparison rules differ");
        }
        return SqlIdentifiers.pg(c.getTargetName());
    }

    private static Expr logical(Expr left, String op, Expr right) throws Refused {
        requireCondition(left);
        requireCondition(right);
        return new Expr("(" + left.sql() + " " + op + " " + right.sql() + ")", true);
    }

    private static void requireCondition(Expr e) throws Refused {
        if (!e.condition()) {
            throw new Refused("uses a value as a condition");
        }
    }

    private static String value(Expr e) throws Refused {
        if (e.condition()) {
            throw new Refused("uses a condition as a value");
        }
        return e.sql();
    }

    private Token peek() {
        return peekAt(0);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private static boolean isWord(Token t, String word) {
        return t.type() == Type.WORD && t.text().equals(word);
    }

    private boolean acceptWord(String word) {
        if (isWord(peek(), word)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectWord(String word) throws Refused {
        if (!acceptWord(word)) {
            throw new Refused("expected '" + word + "' at '" + peek().text() + "'");
        }
    }

    private boolean accept(Type type) {
        if (peek().type() == type) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(Type type) throws Refused {
        if (!accept(type)) {
            throw new Refused("unsupported syntax at '" + peek().text() + "'");
        }
    }
}
