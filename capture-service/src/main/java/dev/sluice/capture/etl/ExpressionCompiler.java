package dev.sluice.capture.etl;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.sluice.v1.ColumnSchema;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses and type-checks a table's expressions against its {@code row}, and words every problem the
 * way a user fixes it: table, expression, line:column, CEL's message (plus a hint for the usual traps).
 */
final class ExpressionCompiler {

    private static final Set<CelKind> FILTER_RESULTS = EnumSet.of(CelKind.BOOL, CelKind.DYN, CelKind.ANY, CelKind.NULL_TYPE, CelKind.TYPE_PARAM);
    private static final Pattern COLUMN_REFERENCE = Pattern.compile("row\\s*\\.\\s*(?:`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*))");
    private static final int LISTED_COLUMNS = 30;

    private final String table;
    private final CelRow row;
    private final CelCompiler compiler;

    ExpressionCompiler(String table, CelRow row) {
        this.table = table;
        this.row = row;
        this.compiler = EtlCel.compiler(row);
    }

    /** The filter must be a bool (a NULL result counts as false). */
    Optional<CompiledExpression> filter(String text, List<String> problems) {
        Optional<CompiledExpression> e = compile("filter", text, problems);
        if (e.isPresent()) {
            CelType type = e.get().ast().getResultType();
            if (!FILTER_RESULTS.contains(type.kind())) {
                problems.add(prefix("filter", text) + "1:1: the filter is " + typeName(type) + ", not bool");
                return Optional.empty();
            }
        }
        return e;
    }

    /** A computed column: its static type must fit the column's PostgreSQL type. */
    Optional<CompiledExpression> column(String name, String text, TargetType type, List<String> problems) {
        String label = "set " + name;
        Optional<CompiledExpression> e = compile(label, text, problems);
        if (e.isPresent()) {
            CelType result = e.get().ast().getResultType();
            if (!type.accepts(result)) {
                problems.add(prefix(label, text) + "1:1: the expression is " + typeName(result) + ", but column " + name + " is "
                        + type.sql() + ", which takes " + type.expected() + hintFor(result, type));
                return Optional.empty();
            }
        }
        return e;
    }

    private Optional<CompiledExpression> compile(String label, String text, List<String> problems) {
        if (text.isBlank()) {
            problems.add(table + ": " + label + ": the expression is empty");
            return Optional.empty();
        }
        CelValidationResult result = compiler.compile(text);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                problems.add(prefix(label, text) + CompiledExpression.position(issue.getSourceLocation()) + ": " + issue.getMessage()
                        + hintFor(issue.getMessage(), text));
            }
            return Optional.empty();
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return Optional.of(new CompiledExpression(label, text, ast, EtlCel.runtime().createProgram(ast), readColumns(ast)));
        } catch (CelValidationException | CelEvaluationException e) {
            problems.add(prefix(label, text) + e.getMessage());
            return Optional.empty();
        }
    }

    private String prefix(String label, String text) {
        return table + ": " + CompiledExpression.describe(label, text) + ": ";
    }

    private int[] readColumns(CelAbstractSyntaxTree ast) {
        return CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .map(CelNavigableExpr::expr)
                .filter(e -> e.getKind() == CelExpr.ExprKind.Kind.SELECT)
                .filter(e -> e.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
                        && e.select().operand().ident().name().equals(CelRow.VARIABLE))
                .mapToInt(e -> row.indexOf(e.select().field()))
                .filter(i -> i >= 0)
                .distinct()
                .toArray();
    }

    /** The traps: a misspelt column, and DECIMAL columns (strings in CEL) compared with numbers. */
    private String hintFor(String message, String text) {
        if (message.startsWith("undefined field")) {
            List<String> names = row.columns().stream().map(ColumnSchema::getName).toList();
            String listed = names.stream().limit(LISTED_COLUMNS).collect(Collectors.joining(", "));
            return " (" + table + " has no such column; row has: " + listed + (names.size() > LISTED_COLUMNS ? ", ..." : "") + ")";
        }
        if (message.contains("no matching overload")) {
            Matcher m = COLUMN_REFERENCE.matcher(text);
            while (m.find()) {
                String column = m.group(1) != null ? m.group(1) : m.group(2);
                int i = row.indexOf(column);
                if (i >= 0 && row.columns().get(i).getDataType().equalsIgnoreCase("decimal")) {
                    return " (DECIMAL column " + column + " is an exact string in CEL: compare it as a number with double(row."
                            + column + ") > 0.0)";
                }
            }
        }
        return "";
    }

    private static String hintFor(CelType result, TargetType type) {
        if (result.kind() == CelKind.STRING && type.kind() != TargetType.Kind.TEXT) {
            return " (convert it, e.g. int(...) or double(...))";
        }
        if (type.kind() == TargetType.Kind.TEXT) {
            return " (convert it with string(...))";
        }
        return "";
    }

    private static String typeName(CelType t) {
        switch (t.kind()) {
            case STRUCT:
                return "the whole row";
            case LIST:
            case MAP:
            case OPAQUE:
                return t.name();
            default:
                return TargetType.celName(t.kind());
        }
    }
}
