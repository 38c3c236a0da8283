package dev.sluice.apply.schema;

import dev.sluice.apply.schema.CheckTranslator.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a MariaDB CHECK_CLAUSE into tokens for {@link CheckTranslator}; words come out lower-case. */
final class CheckTokenizer {

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d*)?([eE][-+]?\\d+)?|\\.\\d+([eE][-+]?\\d+)?");
    /** Longest first, so <=> is not read as <= then >. */
    private static final List<String> OPERATORS = List.of("<=>", "<>", "!=", "<=", ">=", "&&", "||", "=", "<", ">", "+",
            "-", "*", "/", "%", "!", "|", "&", "^", "~");

    enum Type { COLUMN, STRING, NUMBER, WORD, OP, OPEN, CLOSE, COMMA, END }

    /** A token; COLUMN and STRING hold the unquoted value. */
    record Token(Type type, String text) {
    }

    private CheckTokenizer() {
    }

    static List<Token> tokenize(String s) throws Refused {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '`') {
                StringBuilder name = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new Refused("unclosed identifier");
                    }
                    char ch = s.charAt(i++);
                    if (ch == '`') {
                        if (i < s.length() && s.charAt(i) == '`') {
                            name.append('`');
                            i++;
                            continue;
                        }
                        break;
                    }
                    name.append(ch);
                }
                out.add(new Token(Type.COLUMN, name.toString()));
            } else if (c == '\'') {
                int[] end = new int[1];
                String value = MariaLiteral.read(s, i, end);
                if (value == null) {
                    throw new Refused("unclosed string");
                }
                out.add(new Token(Type.STRING, value));
                i = end[0];
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                Matcher m = NUMBER.matcher(s).region(i, s.length());
                m.lookingAt();
                out.add(new Token(Type.NUMBER, m.group()));
                i = m.end();
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Type.WORD, s.substring(start, i).toLowerCase(Locale.ROOT)));
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Type.OPEN : c == ')' ? Type.CLOSE : Type.COMMA, String.valueOf(c)));
                i++;
            } else {
                String op = null;
                for (String candidate : OPERATORS) {
                    if (s.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                if (op == null) {
                    throw new Refused("unsupported character '" + c + "'");
                }
                out.add(new Token(Type.OP, op));
                i += op.length();
            }
        }
        out.add(new Token(Type.END, "end of clause"));
        return out;
    }
}
